"""The `holdfast` fixture as a user meets it: one server for the session, reset before each test
of this module by the holdfast_reset marker."""
import os
from datetime import datetime, timedelta, timezone

import boto3
import pytest

from pytest_holdfast import Holdfast, HoldfastError

pytestmark = pytest.mark.holdfast_reset

ACCOUNT = "111111111111"
TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/orders"
ROLE = "arn:aws:iam::000000000000:role/backup"


def backup_job_state(backup, job_id):
    return backup.describe_backup_job(BackupJobId=job_id)["State"]


def start_backup(backup, arn=TABLE, role=ROLE):
    backup.create_backup_vault(BackupVaultName="vault")
    return backup.start_backup_job(BackupVaultName="vault", ResourceArn=arn, IamRoleArn=role)["BackupJobId"]


def test_points_the_applications_clients_at_the_server(holdfast):
    assert isinstance(holdfast, Holdfast)
    assert holdfast.endpoint.startswith("http://127.0.0.1:")
    assert os.environ["AWS_ENDPOINT_URL_BACKUP"] == holdfast.endpoint
    boto3.client("backup").create_backup_vault(BackupVaultName="from-app-code")
    names = [v["BackupVaultName"] for v in holdfast.client().list_backup_vaults()["BackupVaultList"]]
    assert names == ["from-app-code"]


def test_client_signs_as_the_account_asked(holdfast):
    holdfast.client(account=ACCOUNT).create_backup_vault(BackupVaultName="mine")
    arn = holdfast.client(account=ACCOUNT).describe_backup_vault(BackupVaultName="mine")["BackupVaultArn"]
    assert arn == f"arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:mine"
    assert holdfast.client(account="222222222222").list_backup_vaults()["BackupVaultList"] == []
    eu = holdfast.client(account=ACCOUNT, region="eu-west-1")
    assert eu.list_backup_vaults()["BackupVaultList"] == []
    with pytest.raises(ValueError, match="account must be 12 digits such as '111111111111', not '42'"):
        holdfast.client(account="42")


def test_the_clock_is_frozen_and_moves_on_request(holdfast):
    t0 = holdfast.now()
    assert t0.tzinfo is not None
    assert holdfast.now() == t0
    assert holdfast.advance("90m") == t0 + timedelta(minutes=90)
    assert holdfast.advance(30) == t0 + timedelta(minutes=90, seconds=30)
    assert holdfast.advance(timedelta(days=1)) == t0 + timedelta(days=1, minutes=90, seconds=30)
    target = datetime(2099, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert holdfast.set_clock(target) == target
    assert holdfast.set_clock("2099-01-03T00:00:00Z") == datetime(2099, 1, 3, tzinfo=timezone.utc)


def test_advancing_runs_what_falls_due(holdfast):
    backup = holdfast.client()
    job_id = start_backup(backup)
    assert backup_job_state(backup, job_id) in {"CREATED", "RUNNING"}
    holdfast.advance("1h")
    assert backup_job_state(backup, job_id) == "COMPLETED"


def test_resume_lets_the_clock_run_and_freeze_stops_it(holdfast):
    running_from = holdfast.resume()
    later = holdfast.now()
    assert later >= running_from
    frozen_at = holdfast.freeze()
    assert holdfast.now() == frozen_at


def test_bad_clock_moves_are_value_errors_naming_the_value(holdfast):
    with pytest.raises(ValueError, match="'5x' is not a duration"):
        holdfast.advance("5x")
    with pytest.raises(ValueError, match="cannot move backwards"):
        holdfast.advance("-1h")
    with pytest.raises(ValueError, match=r"set_clock\('2000-01-01T00:00:00Z'\)"):
        holdfast.set_clock("2000-01-01T00:00:00Z")
    with pytest.raises(ValueError, match=r"set_clock\('soon'\): .*ISO-8601"):
        holdfast.set_clock("soon")
    with pytest.raises(ValueError, match="timezone-aware"):
        holdfast.set_clock(datetime(2099, 1, 1))


def test_put_resources_shapes_what_a_backup_does(holdfast):
    assert holdfast.put_resources([{"arn": TABLE, "backupOutcome": "FAILED", "failureMessage": "disk on fire"}]) == 1
    backup = holdfast.client()
    job_id = start_backup(backup)
    holdfast.advance("1h")
    job = backup.describe_backup_job(BackupJobId=job_id)
    assert (job["State"], job["StatusMessage"]) == ("FAILED", "disk on fire")
    with pytest.raises(ValueError, match="put_resources: PUT /_holdfast/resources: 400"):
        holdfast.put_resources([{"tags": {}}])


def test_reset_wipes_the_state(holdfast):
    holdfast.client().create_backup_vault(BackupVaultName="doomed")
    holdfast.reset()
    assert holdfast.client().list_backup_vaults()["BackupVaultList"] == []


def test_the_marker_reset_before_this_test(holdfast):
    # Every test above made a vault; the module's holdfast_reset marker wiped them before this one.
    assert holdfast.client().list_backup_vaults()["BackupVaultList"] == []


def test_read_report_answers_an_audit_reports_bytes(holdfast):
    backup = holdfast.client()
    backup_job_id = start_backup(backup)
    holdfast.create_bucket("reports")
    backup.create_report_plan(
        ReportPlanName="daily",
        ReportDeliveryChannel={"S3BucketName": "reports", "Formats": ["CSV"]},
        ReportSetting={"ReportTemplate": "BACKUP_JOB_REPORT"},
    )
    holdfast.advance("2m")
    job_id = backup.start_report_job(ReportPlanName="daily")["ReportJobId"]
    holdfast.advance("5m")
    job = backup.describe_report_job(ReportJobId=job_id)["ReportJob"]
    assert job["Status"] == "COMPLETED", job
    [key] = job["ReportDestination"]["S3Keys"]
    csv = holdfast.read_report("reports", key).decode()
    header, row = csv.splitlines()
    assert header.startswith("reportTimePeriodStart,")
    assert f",{backup_job_id},COMPLETED," in row
    with pytest.raises(FileNotFoundError, match="no object s3://reports/nope.csv"):
        holdfast.read_report("reports", "nope.csv")


def test_an_unreachable_server_is_a_clear_error():
    gone = Holdfast("http://127.0.0.1:9")
    with pytest.raises(HoldfastError, match="cannot reach a Holdfast server at http://127.0.0.1:9"):
        gone.now()


def test_the_event_log_lists_with_filters_and_clears(holdfast):
    holdfast.put_resources([{"arn": TABLE, "backupOutcome": "FAILED"}])
    job_id = start_backup(holdfast.client())
    holdfast.advance("1h")
    kinds = [e["detailType"] for e in holdfast.events()]
    assert kinds == ["Backup Vault State Change"] + ["Backup Job State Change"] * 3
    jobs = holdfast.events(detail_type="Backup Job State Change", account="000000000000", region="us-east-1", resource=job_id)
    assert [e["payload"]["detail"]["state"] for e in jobs] == ["CREATED", "RUNNING", "FAILED"]
    assert jobs[2]["channel"] == "eventbridge"
    assert jobs[2]["delivery"]["state"] == "logged"
    assert [e["seq"] for e in holdfast.events(since=jobs[1]["seq"])] == [jobs[2]["seq"]]
    assert holdfast.events(account="333333333333") == []
    with pytest.raises(ValueError, match="events: 'colour' is not a filter"):
        holdfast.events(colour="red")
    with pytest.raises(ValueError, match="since must be a sequence number"):
        holdfast.events(since=-1)
    holdfast.clear_events()
    assert holdfast.events() == []
