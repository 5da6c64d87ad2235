"""boto3 end to end for backup plans (issue 6), on a frozen clock starting 2026-01-01T00:00Z:
a vault, a daily plan with a 7-day lifecycle and a cross-region copy (14 days), a tag-based
selection, tagged resources registered through the admin API, 40 days advanced; then the jobs
and copies of the last 30 days (the job lists' window, docs/jobs.md) and the recovery points that
expired. Usage: PYTHONPATH=test/helpers python3 boto3_plans.py ENDPOINT.
Prints OK on success; any failure raises."""
import datetime
import sys

from botocore.exceptions import ClientError

from holdfast_boto3 import ACCOUNT as account, Holdfast, role as role_of

hf = Holdfast(sys.argv[1])
role = role_of()
T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
DAYS = 40
WINDOW = 30  # days after it ended that a job is listed


def every(c, operation, key, **kwargs):
    out = []
    for page in c.get_paginator(operation).paginate(**kwargs):
        out.extend(page[key])
    return out


east, west = hf.client(), hf.client(region="us-west-2")

# 1. A vault, a plan with a daily rule (lifecycle + cross-region copy), a tag-based selection.
east.create_backup_vault(BackupVaultName="prod")
dr = west.create_backup_vault(BackupVaultName="dr")["BackupVaultArn"]
plan = east.create_backup_plan(BackupPlan={
    "BackupPlanName": "daily-7d",
    "Rules": [{
        "RuleName": "daily",
        "TargetBackupVaultName": "prod",
        "ScheduleExpression": "cron(0 5 ? * * *)",
        "StartWindowMinutes": 60,
        "CompletionWindowMinutes": 240,
        "Lifecycle": {"DeleteAfterDays": 7},
        "RecoveryPointTags": {"managed-by": "plan"},
        "CopyActions": [{"DestinationBackupVaultArn": dr, "Lifecycle": {"DeleteAfterDays": 14}}],
    }],
})
east.create_backup_selection(BackupPlanId=plan["BackupPlanId"], BackupSelection={
    "SelectionName": "tagged",
    "IamRoleArn": role,
    "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "daily"}],
})

# 2. Tagged resources (and one the selection must not pick).
tagged = [f"arn:aws:ec2:us-east-1:{account}:volume/vol-000{i}" for i in range(2)] + \
         [f"arn:aws:dynamodb:us-east-1:{account}:table/orders"]
untagged = f"arn:aws:rds:us-east-1:{account}:db:scratch"
hf.admin("PUT", "/resources", {"resources": [{"arn": a, "tags": {"backup": "daily"}} for a in tagged] +
                            [{"arn": untagged, "tags": {"backup": "never"}}]})

# 3. Forty days.
hf.advance(DAYS * 86400)

# 4a. Jobs: one per tagged resource per day of the last 30, each at 05:00, CreatedBy the plan, all completed.
jobs = every(east, "list_backup_jobs", "BackupJobs")
assert len(jobs) == WINDOW * len(tagged), len(jobs)
assert {j["ResourceArn"] for j in jobs} == set(tagged), {j["ResourceArn"] for j in jobs}
assert all(j["State"] == "COMPLETED" for j in jobs), [j["State"] for j in jobs if j["State"] != "COMPLETED"]
assert all(j["CreatedBy"]["BackupPlanId"] == plan["BackupPlanId"] and
           j["CreatedBy"]["BackupPlanVersion"] == plan["VersionId"] and
           j["CreatedBy"]["BackupRuleName"] == "daily" for j in jobs)
assert all(j["RecoveryPointLifecycle"] == {"DeleteAfterDays": 7} for j in jobs)
days = sorted({j["CreationDate"] for j in jobs})
assert days == [T0 + datetime.timedelta(days=d, hours=5) for d in range(DAYS - WINDOW, DAYS)], days[:3]

# 4b. Copies: one per backup, into us-west-2, with the copy action's lifecycle.
copies = every(east, "list_copy_jobs", "CopyJobs")
assert len(copies) == len(jobs), len(copies)
assert all(c["State"] == "COMPLETED" and c["DestinationBackupVaultArn"] == dr for c in copies)
assert {c["CreatedByBackupJobId"] for c in copies} == {j["BackupJobId"] for j in jobs}
assert all(c["DestinationRecoveryPointLifecycle"] == {"DeleteAfterDays": 14} for c in copies)

# 4c. Expiry: 7 source points per resource remain (the last 7 firings), 14 copies per resource.
now = T0 + datetime.timedelta(days=DAYS)
points = every(east, "list_recovery_points_by_backup_vault", "RecoveryPoints", BackupVaultName="prod")
assert len(points) == 7 * len(tagged), len(points)
assert all(p["CalculatedLifecycle"]["DeleteAt"] > now for p in points)
assert min(p["CreationDate"] for p in points) == T0 + datetime.timedelta(days=DAYS - 7, hours=5)
copied = every(west, "list_recovery_points_by_backup_vault", "RecoveryPoints", BackupVaultName="dr")
assert len(copied) == 14 * len(tagged), len(copied)
kept = {p["RecoveryPointArn"] for p in points}
expired = [j["RecoveryPointArn"] for j in jobs if j["RecoveryPointArn"] not in kept]
assert len(expired) == (WINDOW - 7) * len(tagged), len(expired)
try:
    east.describe_recovery_point(BackupVaultName="prod", RecoveryPointArn=expired[0])
    raise AssertionError("an expired recovery point is still there")
except ClientError as e:
    assert e.response["Error"]["Code"] == "ResourceNotFoundException", e.response

# Protected resources: exactly the tagged ones.
protected = every(east, "list_protected_resources", "Results")
assert sorted(r["ResourceArn"] for r in protected) == sorted(tagged), protected
assert east.get_backup_plan(BackupPlanId=plan["BackupPlanId"])["LastExecutionDate"] == \
    T0 + datetime.timedelta(days=DAYS - 1, hours=5)
print("OK")
