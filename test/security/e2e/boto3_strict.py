"""--strict through boto3 (botocore's signer): a listed key, a session token, wrong secrets and
keys, and a presigned URL made by boto3."""
import sys
import urllib.request

import boto3
import botocore.exceptions
from botocore.config import Config

URL = sys.argv[1]


def client(key, secret, token=None):
    return boto3.client(
        "backup",
        endpoint_url=URL,
        region_name="eu-west-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        aws_session_token=token,
        config=Config(retries={"max_attempts": 1}),
    )


admin = client("AKIAADMIN0000000001", "admin-secret")
arn = admin.create_backup_vault(BackupVaultName="boto3")["BackupVaultArn"]
assert arn == "arn:aws:backup:eu-west-1:111111111111:backup-vault:boto3", arn
session = client("ASIASESSION00000001", "session-secret", "token-of-the-session")
assert session.list_backup_vaults()["BackupVaultList"] == []

for refused, code in [
    (client("AKIAADMIN0000000001", "wrong-secret"), "InvalidSignatureException"),
    (client("111111111111", "anything"), "UnrecognizedClientException"),
    (client("ASIASESSION00000001", "session-secret"), "UnrecognizedClientException"),
]:
    try:
        refused.create_backup_vault(BackupVaultName="refused")
    except botocore.exceptions.ClientError as e:
        assert e.response["Error"]["Code"] == code, e.response
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] in (400, 403), e.response
    else:
        raise AssertionError(f"{code} expected")

presigned = admin.generate_presigned_url("list_backup_vaults", ExpiresIn=60)
with urllib.request.urlopen(presigned) as res:
    assert res.status == 200
    assert b'"BackupVaultName":"boto3"' in res.read()
names = [v["BackupVaultName"] for v in admin.list_backup_vaults()["BackupVaultList"]]
assert names == ["boto3"], names
print("OK")
