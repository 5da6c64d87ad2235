"""boto3 end to end through a composite's life on a frozen clock: back up a stack, list the
children (the template's among them), disassociate one, copy the composite across regions,
restore the template as a new stack, delete the composite.
Usage: PYTHONPATH=test/helpers python3 boto3_composite.py ENDPOINT. Prints OK on success; any failure raises."""
import sys

from botocore.exceptions import ClientError

from holdfast_boto3 import ACCOUNT as account, Holdfast, role

hf = Holdfast(sys.argv[1])
stack = f"arn:aws:cloudformation:us-east-1:{account}:stack/shop/8a1e3f40-1111-2222-3333-444455556666"
volume = f"arn:aws:ec2:us-east-1:{account}:volume/vol-0aaa111122223333a"
table = f"arn:aws:dynamodb:us-east-1:{account}:table/orders"
db = f"arn:aws:rds:us-east-1:{account}:db:shop-db"

hf.admin("PUT", "/resources", {"resources": [
    {"arn": stack, "stackMembers": [
        {"logicalId": "DataVolume", "arn": volume},
        {"logicalId": "OrdersTable", "arn": table},
        {"logicalId": "AppRole", "arn": f"arn:aws:iam::{account}:role/shop-app"},
        {"logicalId": "Database", "arn": db},
    ]},
    {"arn": db, "backupOutcome": "FAILED", "failureMessage": "Instance is stopped."},
]})
east, west = hf.client(), hf.client(region="us-west-2")
east.create_backup_vault(BackupVaultName="v1")
dr = west.create_backup_vault(BackupVaultName="dr")["BackupVaultArn"]

# Back up: a parent job with a child for the template and one per supported member (the IAM role is skipped).
# StartBackupJob answers no RecoveryPointArn for a stack (AWS: only EFS and advanced DynamoDB).
job = east.start_backup_job(BackupVaultName="v1", ResourceArn=stack, IamRoleArn=role())
assert job["IsParent"] is True and "RecoveryPointArn" not in job, job
parent = east.describe_backup_job(BackupJobId=job["BackupJobId"])
assert parent["IsParent"] and parent["NumberOfChildJobs"] == 4, parent
hf.advance(3600)
parent = east.describe_backup_job(BackupJobId=job["BackupJobId"])
assert parent["State"] == "PARTIAL", parent
assert parent["ChildJobsInState"] == {"COMPLETED": 3, "FAILED": 1}, parent
children = east.list_backup_jobs(ByParentJobId=job["BackupJobId"])["BackupJobs"]
assert sorted(c["ResourceArn"] for c in children) == sorted([stack, volume, table, db]), children
assert all(c["ParentJobId"] == job["BackupJobId"] for c in children), children
assert [j["BackupJobId"] for j in east.list_backup_jobs(ByState="PARTIAL")["BackupJobs"]] == [job["BackupJobId"]]

# List the children of the composite recovery point.
composite = parent["RecoveryPointArn"]
rp = east.describe_recovery_point(BackupVaultName="v1", RecoveryPointArn=composite)
assert rp["IsParent"] is True and rp["Status"] == "PARTIAL", rp
nested = east.list_recovery_points_by_backup_vault(BackupVaultName="v1", ByParentRecoveryPointArn=composite)["RecoveryPoints"]
# The template's point: resource type CloudFormation, the stack's ARN, no logical ID.
templates = [p for p in nested if p["ResourceType"] == "CloudFormation"]
assert len(templates) == 1 and templates[0]["ResourceArn"] == stack and "CompositeMemberIdentifier" not in templates[0], nested
template_point = templates[0]["RecoveryPointArn"]
by_id = {p["CompositeMemberIdentifier"]: p for p in nested if p is not templates[0]}
assert sorted(by_id) == ["DataVolume", "OrdersTable"], nested
assert all(p["ParentRecoveryPointArn"] == composite for p in nested), nested
by_resource = east.list_recovery_points_by_resource(ResourceArn=table)["RecoveryPoints"]
assert [p["ParentRecoveryPointArn"] for p in by_resource] == [composite], by_resource

# Disassociate one: it stands alone.
table_point = by_id["OrdersTable"]["RecoveryPointArn"]
out = east.disassociate_recovery_point_from_parent(BackupVaultName="v1", RecoveryPointArn=table_point)
assert out["ResponseMetadata"]["HTTPStatusCode"] == 204, out
alone = east.describe_recovery_point(BackupVaultName="v1", RecoveryPointArn=table_point)
assert "ParentRecoveryPointArn" not in alone, alone
try:
    east.disassociate_recovery_point_from_parent(BackupVaultName="v1", RecoveryPointArn=table_point)
    raise AssertionError("a point without a parent was disassociated")
except ClientError as e:
    assert e.response["Error"]["Code"] == "InvalidRequestException", e.response
left = east.list_recovery_points_by_backup_vault(BackupVaultName="v1", ByParentRecoveryPointArn=composite)["RecoveryPoints"]
assert [p.get("CompositeMemberIdentifier") for p in left] == [None, "DataVolume"], left

# Copy the composite to another region.
copy = east.start_copy_job(RecoveryPointArn=composite, SourceBackupVaultName="v1", DestinationBackupVaultArn=dr, IamRoleArn=role())
assert copy["IsParent"] is True, copy
hf.advance(3600)
c = east.describe_copy_job(CopyJobId=copy["CopyJobId"])["CopyJob"]
assert c["State"] == "COMPLETED" and c["NumberOfChildJobs"] == 2 and c["ChildJobsInState"] == {"COMPLETED": 2}, c
child_copies = east.list_copy_jobs(ByParentJobId=copy["CopyJobId"])["CopyJobs"]
assert [j.get("CompositeMemberIdentifier") for j in child_copies] == [None, "DataVolume"], child_copies
copied = west.describe_recovery_point(BackupVaultName="dr", RecoveryPointArn=c["DestinationRecoveryPointArn"])
assert copied["IsParent"] is True, copied
copied_nested = west.list_recovery_points_by_backup_vault(BackupVaultName="dr", ByParentRecoveryPointArn=copied["RecoveryPointArn"])["RecoveryPoints"]
assert [p["ResourceArn"] for p in copied_nested] == [stack, volume], copied_nested

# Restore the template: a new stack (with a change set) whose ARN is the job's CreatedResourceArn.
try:
    east.start_restore_job(RecoveryPointArn=template_point, IamRoleArn=role(), Metadata={"StackName": "shop-dr"})
    raise AssertionError("a template restore without ChangeSetName was started")
except ClientError as e:
    assert e.response["Error"]["Code"] == "MissingParameterValueException", e.response
restore = east.start_restore_job(RecoveryPointArn=template_point, IamRoleArn=role(), Metadata={"StackName": "shop-dr", "ChangeSetName": "restore"})
hf.advance(60)
r = east.describe_restore_job(RestoreJobId=restore["RestoreJobId"])
assert r["Status"] == "COMPLETED" and r["ResourceType"] == "CloudFormation", r
assert r["CreatedResourceArn"].startswith(f"arn:aws:cloudformation:us-east-1:{account}:stack/shop-dr/"), r

# Delete the composite: its nested point goes with it; the disassociated one stays.
east.delete_recovery_point(BackupVaultName="v1", RecoveryPointArn=composite)
remaining = east.list_recovery_points_by_backup_vault(BackupVaultName="v1")["RecoveryPoints"]
assert [p["RecoveryPointArn"] for p in remaining] == [table_point], remaining
print("OK")
