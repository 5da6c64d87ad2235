"""boto3 end to end: a legal hold, as a user would use it, on Holdfast's frozen clock.

Back up three resources into two vaults; hold one vault over a date range; watch the hold turn
ACTIVE; fail to delete a held point and delete an unheld one; let the lifecycle pass with the
held points surviving; cancel the hold and see them deleted at the next clock advance.
Usage: PYTHONPATH=test/helpers python3 boto3_legal_holds.py ENDPOINT. Prints OK on success; any failure raises."""
import sys
from datetime import timedelta

from botocore.exceptions import ClientError

from holdfast_boto3 import ACCOUNT as account, Holdfast

hf = Holdfast(sys.argv[1])
volume = f"arn:aws:ec2:us-east-1:{account}:volume/vol-0123456789abcdef0"
table = f"arn:aws:dynamodb:us-east-1:{account}:table/orders"
database = f"arn:aws:rds:us-east-1:{account}:db:prod-db"
DAY = 86400

backup = hf.client()
advance = hf.advance


def error_of(fn, **kwargs):
    try:
        fn(**kwargs)
    except ClientError as e:
        return e.response["Error"]
    raise AssertionError(f"{fn.__name__} succeeded, but an error was expected")


def exists(vault, arn):
    try:
        backup.describe_recovery_point(BackupVaultName=vault, RecoveryPointArn=arn)
        return True
    except ClientError as e:
        assert e.response["Error"]["Code"] == "ResourceNotFoundException", e
        return False


# 1. Back up three resources into two vaults, each kept for 7 days.
for name in ("prod", "archive"):
    backup.create_backup_vault(BackupVaultName=name)
started = {}
for vault, resource in (("prod", volume), ("prod", table), ("archive", database)):
    job_id, arn = hf.completed_backup(backup, BackupVaultName=vault, ResourceArn=resource, Lifecycle={"DeleteAfterDays": 7})
    started[resource] = (vault, arn, job_id)
for vault, arn, job_id in started.values():
    assert backup.describe_backup_job(BackupJobId=job_id)["State"] == "COMPLETED"
    assert exists(vault, arn)
held_volume, held_table, free_db = (started[r][1] for r in (volume, table, database))

# 2. Place a hold on the prod vault, for backups of the last day (dates may not be in the future).
now = hf.now()
hold = backup.create_legal_hold(
    Title="acme-v-holdfast", Description="Preserve prod backups for discovery",
    IdempotencyToken="acme-hold-1", Tags={"case": "acme-v-holdfast"},
    RecoveryPointSelection={"VaultNames": ["prod"],
                            "DateRange": {"FromDate": now - timedelta(days=1), "ToDate": now}})
hold_id = hold["LegalHoldId"]
assert hold["Status"] == "CREATING", hold
assert hold["LegalHoldArn"] == f"arn:aws:backup:us-east-1:{account}:legal-hold:{hold_id}", hold
retry = backup.create_legal_hold(
    Title="acme-v-holdfast", Description="Preserve prod backups for discovery",
    IdempotencyToken="acme-hold-1", Tags={"case": "acme-v-holdfast"},
    RecoveryPointSelection={"VaultNames": ["prod"],
                            "DateRange": {"FromDate": now - timedelta(days=1), "ToDate": now}})
assert retry["LegalHoldId"] == hold_id, "a retry with the same token answers the same hold"

# 3. Watch it turn ACTIVE.
for _ in range(10):
    status = backup.get_legal_hold(LegalHoldId=hold_id)["Status"]
    if status == "ACTIVE":
        break
    assert status == "CREATING", status
    advance(1)
assert status == "ACTIVE", status
members = backup.list_recovery_points_by_legal_hold(LegalHoldId=hold_id)["RecoveryPoints"]
assert sorted(m["RecoveryPointArn"] for m in members) == sorted([held_volume, held_table]), members
assert [h["LegalHoldId"] for h in backup.list_legal_holds()["LegalHolds"]] == [hold_id]
tags = backup.list_tags(ResourceArn=hold["LegalHoldArn"])["Tags"]
assert tags == {"case": "acme-v-holdfast"}, tags

# 4. A held point cannot be deleted; an unheld one can.
err = error_of(backup.delete_recovery_point, BackupVaultName="prod", RecoveryPointArn=held_volume)
assert err["Code"] == "InvalidRequestException", err
# AWS's text (docs/error-messages.md); it names no hold.
assert err["Message"] == "The recovery point cannot be deleted because it has active legal hold(s)", err
backup.delete_recovery_point(BackupVaultName="archive", RecoveryPointArn=free_db)
assert not exists("archive", free_db)
err = error_of(backup.delete_backup_vault, BackupVaultName="prod")
assert err["Code"] == "InvalidRequestException", err

# 5. The 7-day retention passes: the held points survive it, marked EXPIRED.
advance(10 * DAY)
for arn in (held_volume, held_table):
    point = backup.describe_recovery_point(BackupVaultName="prod", RecoveryPointArn=arn)
    assert point["Status"] == "EXPIRED", point
    assert hold_id in point["StatusMessage"], point

# 6. Cancel the hold: the overdue points are deleted at the next clock advance.
backup.cancel_legal_hold(LegalHoldId=hold_id, CancelDescription="Case settled", RetainRecordInDays=30)
got = backup.get_legal_hold(LegalHoldId=hold_id)
assert got["Status"] == "CANCELING", got
assert got["CancelDescription"] == "Case settled", got
assert exists("prod", held_volume), "nothing is deleted before the clock moves"
err = error_of(backup.cancel_legal_hold, LegalHoldId=hold_id, CancelDescription="again")
assert err["Code"] == "InvalidResourceStateException", err
advance(1)
assert backup.get_legal_hold(LegalHoldId=hold_id)["Status"] == "CANCELED"
assert not exists("prod", held_volume) and not exists("prod", held_table)
assert backup.list_recovery_points_by_backup_vault(BackupVaultName="prod")["RecoveryPoints"] == []
backup.delete_backup_vault(BackupVaultName="prod")
# The cancelled hold's record stays for RetainRecordInDays, then goes.
assert got["RetainRecordUntil"] == got["CancellationDate"] + timedelta(days=30), got
advance(31 * DAY)
assert backup.list_legal_holds()["LegalHolds"] == []
print("OK")
