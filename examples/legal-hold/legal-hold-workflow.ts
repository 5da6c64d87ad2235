/**
 * A legal-hold workflow, tested with time travel: a backup kept for 7 days is put under a legal
 * hold, survives a month past its retention, and goes once the hold is cancelled. Months pass
 * in milliseconds because Holdfast's clock is frozen and moved by the test.
 *
 * Run: npm start (tsx legal-hold-workflow.ts). It exits non-zero if any step is not as expected.
 */
import assert from 'node:assert/strict';
import {
  BackupClient,
  CancelLegalHoldCommand,
  CreateBackupVaultCommand,
  CreateLegalHoldCommand,
  DeleteRecoveryPointCommand,
  DescribeBackupJobCommand,
  DescribeRecoveryPointCommand,
  GetLegalHoldCommand,
  StartBackupJobCommand,
} from '@aws-sdk/client-backup';
import { startHoldfast } from 'holdfast';

const ACCOUNT = '123456789012';
const VOLUME = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/AWSBackupDefaultServiceRole`;
const DAY = 86_400_000;

await using hf = await startHoldfast({ frozenClock: true, startTime: '2026-03-01T00:00:00Z' });
const backup = new BackupClient(hf.clientConfig(ACCOUNT));

// 1. A backup of the volume, kept for 7 days.
await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'prod' }));
const { BackupJobId } = await backup.send(
  new StartBackupJobCommand({ BackupVaultName: 'prod', ResourceArn: VOLUME, IamRoleArn: ROLE, Lifecycle: { DeleteAfterDays: 7 } }),
);
await hf.clock.advance('1h');
const job = await backup.send(new DescribeBackupJobCommand({ BackupJobId }));
assert.equal(job.State, 'COMPLETED');
const point = { BackupVaultName: 'prod', RecoveryPointArn: job.RecoveryPointArn };

// 2. Litigation: hold the vault's backups of the last day.
const now = await hf.clock.now();
const { LegalHoldId } = await backup.send(
  new CreateLegalHoldCommand({
    Title: 'acme-v-example',
    Description: 'Preserve prod backups for discovery',
    RecoveryPointSelection: { VaultNames: ['prod'], DateRange: { FromDate: new Date(now.getTime() - DAY), ToDate: now } },
  }),
);
await hf.clock.advance('1m');
assert.equal((await backup.send(new GetLegalHoldCommand({ LegalHoldId }))).Status, 'ACTIVE');

// 3. A month later, well past the 7 days: the held backup is still there, and cannot be deleted.
await hf.clock.advance('30d');
assert.equal((await backup.send(new DescribeRecoveryPointCommand(point))).Status, 'EXPIRED');
await assert.rejects(backup.send(new DeleteRecoveryPointCommand(point)), { name: 'InvalidRequestException' });

// 4. The case settles: once the hold is cancelled, the overdue backup goes.
await backup.send(new CancelLegalHoldCommand({ LegalHoldId, CancelDescription: 'Settled' }));
await hf.clock.advance('1m');
assert.equal((await backup.send(new GetLegalHoldCommand({ LegalHoldId }))).Status, 'CANCELED');
await assert.rejects(backup.send(new DescribeRecoveryPointCommand(point)), { name: 'ResourceNotFoundException' });

backup.destroy();
console.log('legal-hold workflow: OK');
