/**
 * The one way tests make a recovery point: StartBackupJob, the clock moved until the job has
 * ended, and the RecoveryPointArn read from DescribeBackupJob. (AWS answers StartBackupJob's
 * RecoveryPointArn only for EFS and advanced DynamoDB, so tests must not take it from there.)
 */
import {
  DescribeBackupJobCommand,
  StartBackupJobCommand,
  type BackupClient,
  type BackupJobState,
  type StartBackupJobCommandInput,
} from '@aws-sdk/client-backup';
import { ACCOUNT, type TestServer } from './server.js';

export const ROLE = `arn:aws:iam::${ACCOUNT}:role/AWSBackupDefaultServiceRole`;

const ENDED = new Set<string>(['COMPLETED', 'FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL']);
/** More steps than any test needs: a job still running after them is a bug, not a slow job. */
const MAX_STEPS = 1000;

export interface CompletedBackupOptions {
  /** Whose client starts the job (default t.client, account 111111111111 in us-east-1). */
  client?: BackupClient;
  /** The clock moves by this many seconds at a time until the job has ended (default 60). */
  stepSeconds?: number;
  /** The state the job must end in (default COMPLETED); another ends the test with an error. */
  state?: BackupJobState;
}

export interface CompletedBackup {
  BackupJobId: string;
  /** DescribeBackupJob's RecoveryPointArn. */
  RecoveryPointArn: string;
  State: BackupJobState;
}

/**
 * Starts a backup job (vault v1 and ROLE unless the input names others), moves the clock
 * `stepSeconds` at a time until the job has ended, checks that it ended in `state` and answers
 * its id and recovery point ARN as DescribeBackupJob tells them.
 */
export async function completedBackup(
  t: Pick<TestServer, 'client' | 'advance'>,
  input: Partial<StartBackupJobCommandInput> & { ResourceArn: string },
  options: CompletedBackupOptions = {},
): Promise<CompletedBackup> {
  const client = options.client ?? t.client;
  const step = options.stepSeconds ?? 60;
  const { BackupJobId } = await client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', IamRoleArn: ROLE, ...input }));
  for (let i = 0; i < MAX_STEPS; i++) {
    await t.advance(step);
    const job = await client.send(new DescribeBackupJobCommand({ BackupJobId }));
    if (!ENDED.has(job.State!)) continue;
    const expected = options.state ?? 'COMPLETED';
    if (job.State !== expected) throw new Error(`backup job ${BackupJobId} of ${input.ResourceArn} ended ${job.State}, not ${expected}: ${job.StatusMessage}`);
    if (!job.RecoveryPointArn) throw new Error(`DescribeBackupJob ${BackupJobId} answered no RecoveryPointArn`);
    return { BackupJobId: BackupJobId!, RecoveryPointArn: job.RecoveryPointArn, State: job.State };
  }
  throw new Error(`backup job ${BackupJobId} of ${input.ResourceArn} had not ended after ${MAX_STEPS} steps of ${step} s`);
}
