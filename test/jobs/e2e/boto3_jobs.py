"""boto3 end to end: a backup, its recovery point and a cross-region copy, on a frozen clock.
Usage: python3 boto3_jobs.py ENDPOINT. Prints OK on success; any failure raises."""
import json
import sys
import urllib.request

import boto3

endpoint = sys.argv[1]
account = "111111111111"
role = f"arn:aws:iam::{account}:role/AWSBackupDefaultServiceRole"
volume = f"arn:aws:ec2:us-east-1:{account}:volume/vol-0123456789abcdef0"


def client(region):
    return boto3.client("backup", region_name=region, endpoint_url=endpoint,
                        aws_access_key_id=account, aws_secret_access_key="x")


def advance(seconds):
    req = urllib.request.Request(f"{endpoint}/_holdfast/clock", method="POST",
                                 data=json.dumps({"advanceSeconds": seconds}).encode(),
                                 headers={"content-type": "application/json"})
    urllib.request.urlopen(req).read()


east, west = client("us-east-1"), client("us-west-2")
east.create_backup_vault(BackupVaultName="v1")
dr = west.create_backup_vault(BackupVaultName="dr")["BackupVaultArn"]
job = east.start_backup_job(BackupVaultName="v1", ResourceArn=volume, IamRoleArn=role,
                            Lifecycle={"DeleteAfterDays": 35}, RecoveryPointTags={"app": "shop"})
assert east.describe_backup_job(BackupJobId=job["BackupJobId"])["State"] == "CREATED"
advance(3600)
d = east.describe_backup_job(BackupJobId=job["BackupJobId"])
assert d["State"] == "COMPLETED", d
assert d["ResourceType"] == "EBS", d
rp = east.describe_recovery_point(BackupVaultName="v1", RecoveryPointArn=job["RecoveryPointArn"])
assert rp["Status"] == "COMPLETED" and rp["StorageClass"] == "WARM", rp
assert rp["CalculatedLifecycle"]["DeleteAt"] > rp["CreationDate"], rp
points = east.list_recovery_points_by_backup_vault(BackupVaultName="v1")["RecoveryPoints"]
assert [p["RecoveryPointArn"] for p in points] == [job["RecoveryPointArn"]], points
copy = east.start_copy_job(RecoveryPointArn=job["RecoveryPointArn"], SourceBackupVaultName="v1",
                           DestinationBackupVaultArn=dr, IamRoleArn=role)
advance(3600)
c = east.describe_copy_job(CopyJobId=copy["CopyJobId"])["CopyJob"]
assert c["State"] == "COMPLETED", c
copied = west.list_recovery_points_by_backup_vault(BackupVaultName="dr")["RecoveryPoints"]
assert [p["RecoveryPointArn"] for p in copied] == [c["DestinationRecoveryPointArn"]], copied
assert copied[0]["SourceBackupVaultArn"].endswith(":backup-vault:v1"), copied
jobs = east.list_backup_jobs(ByState="COMPLETED")["BackupJobs"]
assert len(jobs) == 1, jobs
print("OK")
