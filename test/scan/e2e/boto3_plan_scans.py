"""boto3 end to end for malware scanning in backup plans, on a frozen clock starting
2026-01-01T00:00Z: a vault, a plan whose daily rule asks for INCREMENTAL_SCAN with GuardDuty and
whose ScanSettings cover EBS, a selection of an EBS volume and a DynamoDB table; two days on the
clock; then the scan jobs: one per EBS backup, the first full, the second incremental from the
first, both completed, with the plan and rule in CreatedBy; none for the table.
Usage: python3 boto3_plan_scans.py ENDPOINT. Prints OK on success; any failure raises."""
import json
import sys
import urllib.request

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
account = "111111111111"
role = f"arn:aws:iam::{account}:role/AWSBackupDefaultServiceRole"
scanner = f"arn:aws:iam::{account}:role/GuardDutyMalwareScanner"
volume = f"arn:aws:ec2:us-east-1:{account}:volume/vol-0123456789abcdef0"
table = f"arn:aws:dynamodb:us-east-1:{account}:table/orders"


def admin(method, path, body):
    req = urllib.request.Request(f"{endpoint}/_holdfast{path}", method=method,
                                 data=json.dumps(body).encode(),
                                 headers={"content-type": "application/json"})
    return json.loads(urllib.request.urlopen(req).read())


def every(c, operation, key, **kwargs):
    out = []
    for page in c.get_paginator(operation).paginate(**kwargs):
        out.extend(page[key])
    return out


backup = boto3.client("backup", region_name="us-east-1", endpoint_url=endpoint,
                      aws_access_key_id=account, aws_secret_access_key="x")
backup.create_backup_vault(BackupVaultName="prod")

rule = {"RuleName": "daily", "TargetBackupVaultName": "prod", "ScheduleExpression": "cron(0 5 ? * * *)",
        "ScanActions": [{"MalwareScanner": "GUARDDUTY", "ScanMode": "INCREMENTAL_SCAN"}]}
settings = [{"MalwareScanner": "GUARDDUTY", "ResourceTypes": ["EBS"], "ScannerRoleArn": scanner}]

# A rule that scans needs the plan's ScanSettings for its scanner.
try:
    backup.create_backup_plan(BackupPlan={"BackupPlanName": "scanned", "Rules": [rule]})
    raise AssertionError("a plan without ScanSettings was accepted")
except ClientError as e:
    assert e.response["Error"]["Code"] == "InvalidParameterValueException", e.response

plan = backup.create_backup_plan(BackupPlan={"BackupPlanName": "scanned", "Rules": [rule], "ScanSettings": settings})
got = backup.get_backup_plan(BackupPlanId=plan["BackupPlanId"])["BackupPlan"]
assert got["ScanSettings"] == settings, got
assert got["Rules"][0]["ScanActions"] == rule["ScanActions"], got
backup.create_backup_selection(BackupPlanId=plan["BackupPlanId"], BackupSelection={
    "SelectionName": "both", "IamRoleArn": role, "Resources": [volume, table]})
admin("PUT", "/resources", {"resources": [{"arn": volume}, {"arn": table}]})
admin("POST", "/clock", {"advanceSeconds": 2 * 86400})

points = sorted(every(backup, "list_recovery_points_by_backup_vault", "RecoveryPoints", BackupVaultName="prod"),
                key=lambda p: p["CreationDate"])
ebs = [p["RecoveryPointArn"] for p in points if p["ResourceArn"] == volume]
assert len(ebs) == 2 and len(points) == 4, points

jobs = sorted(every(backup, "list_scan_jobs", "ScanJobs"), key=lambda j: j["CreationDate"])
assert [(j["RecoveryPointArn"], j["ScanMode"], j.get("ScanBaseRecoveryPointArn"), j["State"]) for j in jobs] == [
    (ebs[0], "FULL_SCAN", None, "COMPLETED"),
    (ebs[1], "INCREMENTAL_SCAN", ebs[0], "COMPLETED"),
], jobs
rule_id = got["Rules"][0]["RuleId"]
for j in jobs:
    assert j["ResourceArn"] == volume and j["ResourceType"] == "EBS", j
    assert j["ScannerRoleArn"] == scanner and j["IamRoleArn"] == role, j
    assert j["ScanResult"] == {"ScanResultStatus": "NO_THREATS_FOUND"}, j
    assert j["CreatedBy"] == {"BackupPlanArn": plan["BackupPlanArn"], "BackupPlanId": plan["BackupPlanId"],
                              "BackupPlanVersion": plan["VersionId"], "BackupRuleId": rule_id}, j
assert every(backup, "list_scan_jobs", "ScanJobs", ByResourceArn=table) == []
print("OK")
