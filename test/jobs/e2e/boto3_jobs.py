"""boto3 end to end: a backup, its recovery point and a cross-region copy, on a frozen clock.
Usage: PYTHONPATH=test/helpers python3 boto3_jobs.py ENDPOINT. Prints OK on success; any failure raises."""
import sys

from holdfast_boto3 import ACCOUNT, Holdfast, role

hf = Holdfast(sys.argv[1])
volume = f"arn:aws:ec2:us-east-1:{ACCOUNT}:volume/vol-0123456789abcdef0"
other_volume = f"arn:aws:ec2:us-east-1:{ACCOUNT}:volume/vol-0fedcba9876543210"
efs = f"arn:aws:elasticfilesystem:us-east-1:{ACCOUNT}:file-system/fs-0123456789abcdef0"

east, west = hf.client(), hf.client(region="us-west-2")
east.create_backup_vault(BackupVaultName="v1")
dr = west.create_backup_vault(BackupVaultName="dr")["BackupVaultArn"]
# StartBackupJob answers RecoveryPointArn only for EFS (and advanced DynamoDB), as AWS does.
efs_job = east.start_backup_job(BackupVaultName="v1", ResourceArn=efs, IamRoleArn=role())
assert efs_job["RecoveryPointArn"] == east.describe_backup_job(BackupJobId=efs_job["BackupJobId"])["RecoveryPointArn"], efs_job
ebs_job = east.start_backup_job(BackupVaultName="v1", ResourceArn=other_volume, IamRoleArn=role())
assert "RecoveryPointArn" not in ebs_job, ebs_job
assert east.describe_backup_job(BackupJobId=ebs_job["BackupJobId"])["State"] == "CREATED"
job_id, point = hf.completed_backup(east, BackupVaultName="v1", ResourceArn=volume,
                                    Lifecycle={"DeleteAfterDays": 35}, RecoveryPointTags={"app": "shop"})
d = east.describe_backup_job(BackupJobId=job_id)
assert d["State"] == "COMPLETED", d
assert d["ResourceType"] == "EBS", d
rp = east.describe_recovery_point(BackupVaultName="v1", RecoveryPointArn=point)
assert rp["Status"] == "COMPLETED" and rp["StorageClass"] == "WARM", rp
assert rp["CalculatedLifecycle"]["DeleteAt"] > rp["CreationDate"], rp
points = east.list_recovery_points_by_resource(ResourceArn=volume)["RecoveryPoints"]
assert [p["RecoveryPointArn"] for p in points] == [point], points
copy = east.start_copy_job(RecoveryPointArn=point, SourceBackupVaultName="v1",
                           DestinationBackupVaultArn=dr, IamRoleArn=role())
hf.advance(3600)
c = east.describe_copy_job(CopyJobId=copy["CopyJobId"])["CopyJob"]
assert c["State"] == "COMPLETED", c
copied = west.list_recovery_points_by_backup_vault(BackupVaultName="dr")["RecoveryPoints"]
assert [p["RecoveryPointArn"] for p in copied] == [c["DestinationRecoveryPointArn"]], copied
assert copied[0]["SourceBackupVaultArn"].endswith(":backup-vault:v1"), copied
jobs = east.list_backup_jobs(ByState="COMPLETED")["BackupJobs"]
assert len(jobs) == 3, jobs
print("OK")
