"""Backup access points with boto3 1.43.107 (its botocore has the six operations), as a user
writes it: an S3 backup, an access point on it, CREATING then AVAILABLE with the S3 access point's
ARN and alias, the three lists with boto3's paginators, the recovery point kept from deletion and
from its lifecycle while the access point exists, validation errors, the lifecycle's deletion
once the access point is gone, the access point policy's checks, and EXPIRED with its events."""
import sys
from datetime import datetime

import boto3
from botocore.exceptions import ClientError

from holdfast_boto3 import Holdfast

BUCKET = "arn:aws:s3:::boto3-evidence"
DAY = 86400


def error_of(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    raise AssertionError(f"{call.__name__} succeeded")


def main(endpoint):
    assert boto3.__version__ == "1.43.107", boto3.__version__
    hf = Holdfast(endpoint)
    backup = hf.client()
    backup.create_backup_vault(BackupVaultName="evidence")
    _, point = hf.completed_backup(backup, BackupVaultName="evidence", ResourceArn=BUCKET, Lifecycle={"DeleteAfterDays": 1})

    created = backup.create_backup_access_point(Name="case-42", RecoveryPointArn=point, Tags={"case": "42"})
    arn = created["AccessPointArn"]
    assert arn == "arn:aws:backup:us-east-1:111111111111:accesspoint/case-42", created
    assert created["Status"] == "CREATING", created
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201, created

    hf.advance(10)
    ap = backup.describe_backup_access_point(AccessPointArn=arn)
    assert ap["Status"] == "AVAILABLE", ap
    assert isinstance(ap["CreationTime"], datetime), ap
    assert ap["AccessPointMetadata"]["S3AccessPointArn"] == "arn:aws:s3:us-east-1:111111111111:accesspoint/case-42", ap
    assert ap["AccessPointMetadata"]["S3AccessPointAlias"].endswith("-ext-s3alias"), ap
    assert (ap["RecoveryPointArn"], ap["ResourceArn"], ap["ResourceType"], ap["BackupVaultName"]) == (point, BUCKET, "S3", "evidence"), ap
    assert backup.list_tags(ResourceArn=arn)["Tags"] == {"case": "42"}

    backup.create_backup_access_point(Name="case-43", RecoveryPointArn=point)
    for op, kwargs in (("list_backup_access_points", {}),
                       ("list_backup_access_points_by_recovery_point", {"RecoveryPointArn": point}),
                       ("list_backup_access_points_by_resource", {"ResourceArn": BUCKET})):
        pages = list(backup.get_paginator(op).paginate(PaginationConfig={"PageSize": 1}, **kwargs))
        assert len(pages) == 2, (op, pages)
        assert [p["BackupAccessPoints"][0]["Name"] for p in pages] == ["case-42", "case-43"], (op, pages)

    code, message = error_of(backup.delete_recovery_point, BackupVaultName="evidence", RecoveryPointArn=point)
    assert code == "InvalidRequestException" and "case-42" in message, (code, message)
    code, message = error_of(backup.create_backup_access_point, Name="Case_44", RecoveryPointArn=point)
    assert code == "InvalidParameterValueException" and "naming rules" in message, (code, message)
    code, message = error_of(backup.create_backup_access_point, Name="case-44", RecoveryPointArn=point,
                             AccessPointMetadata={"AccessPointInTime": "2026-01-01T00:00:00Z"})
    assert code == "InvalidParameterValueException" and "not a continuous backup" in message, (code, message)
    code, _ = error_of(backup.describe_backup_access_point, AccessPointArn=arn.replace("case-42", "case-99"))
    assert code == "ResourceNotFoundException", code

    # Past its retention the point stays, EXPIRED, while the access points exist.
    hf.advance(2 * DAY)
    rp = backup.describe_recovery_point(BackupVaultName="evidence", RecoveryPointArn=point)
    assert rp["Status"] == "EXPIRED" and "backup access points" in rp["StatusMessage"], rp

    for name in ("case-42", "case-43"):
        backup.delete_backup_access_point(AccessPointArn=arn.replace("case-42", name))
    assert backup.describe_backup_access_point(AccessPointArn=arn)["Status"] == "DELETING"
    hf.advance(10)
    code, _ = error_of(backup.describe_recovery_point, BackupVaultName="evidence", RecoveryPointArn=point)
    assert code == "ResourceNotFoundException", code
    assert backup.list_backup_access_points()["BackupAccessPoints"] == []

    # The access point policy is checked as S3 would; EXPIRED and its events.
    _, other = hf.completed_backup(backup, BackupVaultName="evidence", ResourceArn=BUCKET)
    ap_s3 = "arn:aws:s3:us-east-1:111111111111:accesspoint/case-50"
    policy = '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:GetObject", "Resource": "%s"}]}'
    code, message = error_of(backup.create_backup_access_point, Name="case-50", RecoveryPointArn=other,
                             AccessPointPolicy=policy % "arn:aws:s3:::boto3-evidence/*")
    assert code == "InvalidParameterValueException" and "other than this access point" in message, (code, message)
    arn50 = backup.create_backup_access_point(Name="case-50", RecoveryPointArn=other,
                                              AccessPointPolicy=policy % (ap_s3 + "/object/*"))["AccessPointArn"]
    hf.advance(10)
    hf.admin("POST", "/access-points/faults", {"AccessPointArn": arn50, "Fault": "S3_ACCESS_POINT_DELETED"})
    ap = backup.describe_backup_access_point(AccessPointArn=arn50)
    assert ap["Status"] == "EXPIRED" and "deleted outside AWS Backup" in ap["StatusMessage"], ap
    code, message = error_of(backup.delete_recovery_point, BackupVaultName="evidence", RecoveryPointArn=other)
    assert code == "InvalidRequestException" and "case-50 (EXPIRED)" in message, (code, message)
    events = hf.admin("GET", "/events?detailType=Backup%20Access%20Point%20State%20Change&resource=" + arn50)["events"]
    assert [e["payload"]["detail"]["status"] for e in events] == ["CREATING", "AVAILABLE", "EXPIRED"], events
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1])
