"""boto3 end to end for Backup Audit Manager, on a frozen clock:
an organization of three accounts, backups in two Regions of each (one fails), a cross-account,
cross-Region BACKUP_JOB_REPORT from the management account, a CONTROL_COMPLIANCE_REPORT
that changes once a resource is protected by a backup plan, and one without FrameworkArns over
the frameworks of two accounts.
Usage: PYTHONPATH=test/helpers python3 boto3_audit.py ENDPOINT. Prints OK on success; any failure raises."""
import csv
import io
import os
import sys

from holdfast_boto3 import Holdfast, role

hf = Holdfast(sys.argv[1])
admin, advance, client = hf.admin, hf.advance, hf.client
MGMT, A, B = "100000000001", "100000000002", "100000000003"
ACCOUNTS = [MGMT, A, B]
REGIONS = ["us-east-1", "us-west-2"]


def volume(account, region):
    return f"arn:aws:ec2:{region}:{account}:volume/vol-{account[-1]}{region[3]}0000000000000000"


def run_report(c, plan):
    job_id = c.start_report_job(ReportPlanName=plan)["ReportJobId"]
    advance(120)
    job = c.describe_report_job(ReportJobId=job_id)["ReportJob"]
    assert job["Status"] == "COMPLETED", job
    root = admin("GET", "/buckets")["root"]
    dest = job["ReportDestination"]
    with open(os.path.join(root, dest["S3BucketName"], *dest["S3Keys"][0].split("/")), encoding="utf-8") as f:
        return list(csv.DictReader(io.StringIO(f.read())))


# 1. The organization, the inventory (one volume whose backups fail) and the report bucket.
admin("PUT", "/organization", {"managementAccountId": MGMT, "accounts": [A, B]})
failing = volume(B, "us-west-2")
admin("PUT", "/resources", {"resources": [{"arn": volume(acc, reg)} for acc in ACCOUNTS for reg in REGIONS if volume(acc, reg) != failing]
                            + [{"arn": failing, "backupOutcome": "FAILED", "failureMessage": "The volume is busy."}]})
admin("PUT", "/buckets/reports")

# 2. A backup in two Regions of every account.
expected = {}
for acc in ACCOUNTS:
    for reg in REGIONS:
        c = client(acc, reg)
        c.create_backup_vault(BackupVaultName="main")
        job = c.start_backup_job(BackupVaultName="main", ResourceArn=volume(acc, reg), IamRoleArn=role(acc))
        expected[job["BackupJobId"]] = (acc, reg, "FAILED" if volume(acc, reg) == failing else "COMPLETED")
advance(3600)
assert client(B, "us-west-2").list_backup_jobs(ByState="FAILED")["BackupJobs"][0]["StatusMessage"] == "The volume is busy."

# 3. A cross-account, cross-Region job report from the management account.
mgmt = client(MGMT)
try:
    client(A).create_report_plan(ReportPlanName="Sneaky", ReportDeliveryChannel={"S3BucketName": "reports"},
                                 ReportSetting={"ReportTemplate": "BACKUP_JOB_REPORT", "Accounts": [B]})
    raise AssertionError("a member account named another account")
except mgmt.exceptions.InvalidParameterValueException as e:
    assert "management account" in str(e), e
mgmt.create_report_plan(ReportPlanName="OrgBackups", ReportDeliveryChannel={"S3BucketName": "reports", "Formats": ["CSV"]},
                        ReportSetting={"ReportTemplate": "BACKUP_JOB_REPORT", "Accounts": ACCOUNTS, "Regions": REGIONS})
plan = mgmt.describe_report_plan(ReportPlanName="OrgBackups")["ReportPlan"]
assert plan["ReportSetting"]["Accounts"] == ACCOUNTS and plan["ReportSetting"]["Regions"] == REGIONS, plan

# 4-5. Run it and read the CSV: one row per job, with its account, Region and state.
rows = run_report(mgmt, "OrgBackups")
assert len(rows) == 6, rows
got = {r["backupJobId"]: (r["accountId"], r["region"], r["jobStatus"]) for r in rows}
assert got == expected, (got, expected)

# 6. Compliance: the volumes are protected by no backup plan, until one selects them.
fw = mgmt.create_framework(FrameworkName="Protection",
                           FrameworkControls=[{"ControlName": "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN"}])
advance(60)
assert mgmt.describe_framework(FrameworkName="Protection")["DeploymentStatus"] == "COMPLETED"
mgmt.create_report_plan(ReportPlanName="Controls", ReportDeliveryChannel={"S3BucketName": "reports"},
                        ReportSetting={"ReportTemplate": "CONTROL_COMPLIANCE_REPORT", "FrameworkArns": [fw["FrameworkArn"]]})
[before] = run_report(mgmt, "Controls")
assert (before["controlComplianceStatus"], before["numResourcesNonCompliant"]) == ("NON_COMPLIANT", "1"), before
plan_id = mgmt.create_backup_plan(BackupPlan={"BackupPlanName": "daily", "Rules": [
    {"RuleName": "daily", "TargetBackupVaultName": "main", "Lifecycle": {"DeleteAfterDays": 35}}]})["BackupPlanId"]
mgmt.create_backup_selection(BackupPlanId=plan_id, BackupSelection={
    "SelectionName": "volumes", "IamRoleArn": role(MGMT), "Resources": ["arn:aws:ec2:*:*:volume/*"]})
[after] = run_report(mgmt, "Controls")
assert (after["controlComplianceStatus"], after["numResourcesCompliant"], after["numResourcesNonCompliant"]) == ("COMPLIANT", "1", "0"), after

# 7. Without FrameworkArns, a compliance report covers every framework of the accounts it names;
# frameworks cannot be named in a multi-account report (AWS's text).
client(A).create_framework(FrameworkName="MemberProtection",
                           FrameworkControls=[{"ControlName": "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN"}])
advance(60)
mgmt.create_report_plan(ReportPlanName="OrgControls", ReportDeliveryChannel={"S3BucketName": "reports"},
                        ReportSetting={"ReportTemplate": "CONTROL_COMPLIANCE_REPORT", "Accounts": [MGMT, A]})
org_plan = mgmt.describe_report_plan(ReportPlanName="OrgControls")["ReportPlan"]
assert "Formats" not in org_plan["ReportDeliveryChannel"] and "FrameworkArns" not in org_plan["ReportSetting"], org_plan
rows = run_report(mgmt, "OrgControls")
assert sorted((r["accountId"], r["frameworkName"]) for r in rows) == [(MGMT, "Protection"), (A, "MemberProtection")], rows
try:
    mgmt.create_report_plan(ReportPlanName="Mixed", ReportDeliveryChannel={"S3BucketName": "reports"},
                            ReportSetting={"ReportTemplate": "CONTROL_COMPLIANCE_REPORT", "FrameworkArns": [fw["FrameworkArn"]], "Accounts": [A]})
    raise AssertionError("frameworks were accepted in a multi-account report")
except mgmt.exceptions.InvalidParameterValueException as e:
    assert "For multi-account, multi-Region reports, use Accounts, OrganizationUnits and Regions" in str(e), e
print("OK")
