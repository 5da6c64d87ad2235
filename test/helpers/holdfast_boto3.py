"""What the boto3 scenarios (test/<domain>/e2e/*.py) share: Holdfast's admin API and clock, boto3
clients for any account and Region, and the one way to make a recovery point: start a backup,
move the clock until the job has ended, and read its RecoveryPointArn from DescribeBackupJob
(AWS answers it in StartBackupJob only for EFS and advanced DynamoDB).
A scenario imports it with test/helpers on sys.path (see any scenario's first lines)."""
import json
import urllib.request
from datetime import datetime

import boto3

ACCOUNT = "111111111111"
ENDED = {"COMPLETED", "FAILED", "ABORTED", "EXPIRED", "PARTIAL"}


def role(account=ACCOUNT):
    return f"arn:aws:iam::{account}:role/AWSBackupDefaultServiceRole"


class Holdfast:
    def __init__(self, endpoint):
        self.endpoint = endpoint

    def admin(self, method, path, body=None):
        """Calls /_holdfast{path}; answers the JSON reply ({} when empty)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.endpoint}/_holdfast{path}", method=method, data=data,
                                     headers={"content-type": "application/json"})
        with urllib.request.urlopen(req) as res:
            return json.loads(res.read() or b"{}")

    def now(self):
        return datetime.fromisoformat(self.admin("GET", "/clock")["now"].replace("Z", "+00:00"))

    def advance(self, seconds):
        """Moves the frozen clock, running what falls due; answers the new time."""
        self.admin("POST", "/clock", {"advanceSeconds": seconds})
        return self.now()

    def client(self, account=ACCOUNT, region="us-east-1"):
        return boto3.client("backup", region_name=region, endpoint_url=self.endpoint,
                            aws_access_key_id=account, aws_secret_access_key="x")

    def completed_backup(self, client, step=60, state="COMPLETED", **start):
        """start_backup_job(**start) (IamRoleArn defaults to account 111111111111's backup role), then the clock
        moves `step` seconds at a time until the job has ended, in `state`; answers
        (BackupJobId, RecoveryPointArn from describe_backup_job)."""
        start.setdefault("IamRoleArn", role())
        job_id = client.start_backup_job(**start)["BackupJobId"]
        for _ in range(1000):
            self.advance(step)
            job = client.describe_backup_job(BackupJobId=job_id)
            if job["State"] in ENDED:
                assert job["State"] == state, job
                return job_id, job["RecoveryPointArn"]
        raise AssertionError(f"backup job {job_id} had not ended after 1000 steps of {step} s")
