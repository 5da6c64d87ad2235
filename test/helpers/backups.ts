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
  /** Whose client starts the jobs (default t.client, account 111111111111 in us-east-1). */
  client?: BackupClient;
  /** The clock moves by this many seconds at a time until the job has ended (default 60). */
  stepSeconds?: number;
  /** The state every job must end in (default COMPLETED); another ends the test with an error. */
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
  input: BackupInput,
  options: CompletedBackupOptions = {},
): Promise<CompletedBackup> {
  const [done] = await completedBackups(t, [input], options);
  return done;
}

export type BackupInput = Partial<StartBackupJobCommandInput> & { ResourceArn: string };

/** completedBackup for several jobs started at the same instant; answers them in input order once all have ended. */
export async function completedBackups<const T extends readonly BackupInput[]>(
  t: Pick<TestServer, 'client' | 'advance'>,
  inputs: T,
  options: CompletedBackupOptions = {},
): Promise<{ [K in keyof T]: CompletedBackup }> {
  const client = options.client ?? t.client;
  const step = options.stepSeconds ?? 60;
  const expected = options.state ?? 'COMPLETED';
  const ids: string[] = [];
  for (const input of inputs) {
    ids.push((await client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', IamRoleArn: ROLE, ...input }))).BackupJobId!);
  }
  for (let i = 0; i < MAX_STEPS; i++) {
    await t.advance(step);
    const jobs = await Promise.all(ids.map((BackupJobId) => client.send(new DescribeBackupJobCommand({ BackupJobId }))));
    if (!jobs.every((j) => ENDED.has(j.State!))) continue;
    const done = jobs.map((job, n): CompletedBackup => {
      const what = `backup job ${job.BackupJobId} of ${inputs[n]!.ResourceArn}`;
      if (job.State !== expected) throw new Error(`${what} ended ${job.State}, not ${expected}: ${job.StatusMessage}`);
      if (!job.RecoveryPointArn) throw new Error(`DescribeBackupJob answered no RecoveryPointArn for ${what}`);
      return { BackupJobId: job.BackupJobId!, RecoveryPointArn: job.RecoveryPointArn, State: job.State };
    });
    return done as { [K in keyof T]: CompletedBackup };
  }
  throw new Error(`backup jobs ${ids.join(', ')} had not all ended after ${MAX_STEPS} steps of ${step} s`);
}
