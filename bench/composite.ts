/**
 * Composite benchmark (issue 5): a CloudFormation stack of 500 members (five resource types,
 * durations from 1 to 10 minutes, so the parent is settled at many instants) backed up and then
 * copied to completion. The figure is engine time only: the clock advances over the backup, then
 * over the copy. `node --import tsx bench/composite.ts` runs it alone.
 */
import { performance } from 'node:perf_hooks';
import { CreateBackupVaultCommand, DescribeBackupJobCommand, DescribeCopyJobCommand, StartBackupJobCommand, StartCopyJobCommand } from '@aws-sdk/client-backup';
import { ACCOUNT, startTestServer } from '../test/helpers/server.js';

export interface BenchResult {
  name: string;
  ms: number;
  targetMs: number;
}

const ROLE = `arn:aws:iam::${ACCOUNT}:role/AWSBackupDefaultServiceRole`;
const STACK = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/big/00000000-0000-0000-0000-000000000500`;
const MEMBERS = 500;

function memberArn(i: number): string {
  const id = i.toString(16).padStart(8, '0');
  switch (i % 5) {
    case 0:
      return `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-${id}`;
    case 1:
      return `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t-${id}`;
    case 2:
      return `arn:aws:rds:us-east-1:${ACCOUNT}:db:db-${id}`;
    case 3:
      return `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/fs-${id}`;
    default:
      return `arn:aws:s3:::bucket-${id}`;
  }
}

export async function runCompositeBench(): Promise<BenchResult[]> {
  const t = await startTestServer();
  try {
    const members = Array.from({ length: MEMBERS }, (_, i) => ({ logicalId: `Resource${i}`, arn: memberArn(i) }));
    await t.admin('PUT', '/resources', {
      resources: [{ arn: STACK, stackMembers: members }, ...members.map((m, i) => ({ arn: m.arn, backupDurationSeconds: 60 * (1 + (i % 10)) }))],
    });
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'bench' }));
    const dr = (await t.clientFor(ACCOUNT, 'us-west-2').send(new CreateBackupVaultCommand({ BackupVaultName: 'dr' }))).BackupVaultArn!;

    const backup = await t.client.send(new StartBackupJobCommand({ BackupVaultName: 'bench', ResourceArn: STACK, IamRoleArn: ROLE }));
    let start = performance.now();
    await t.advance(3600);
    const backupMs = performance.now() - start;
    const parent = await t.client.send(new DescribeBackupJobCommand({ BackupJobId: backup.BackupJobId }));
    // Every member, and the stack's template.
    if (parent.State !== 'COMPLETED' || parent.ChildJobsInState?.COMPLETED !== MEMBERS + 1) throw new Error(`backup ended ${parent.State}: ${JSON.stringify(parent.ChildJobsInState)}`);

    const copy = await t.client.send(new StartCopyJobCommand({ RecoveryPointArn: parent.RecoveryPointArn, SourceBackupVaultName: 'bench', DestinationBackupVaultArn: dr, IamRoleArn: ROLE }));
    start = performance.now();
    await t.advance(3600);
    const copyMs = performance.now() - start;
    const copied = (await t.client.send(new DescribeCopyJobCommand({ CopyJobId: copy.CopyJobId }))).CopyJob!;
    if (copied.State !== 'COMPLETED' || copied.ChildJobsInState?.COMPLETED !== MEMBERS + 1) throw new Error(`copy ended ${copied.State}: ${JSON.stringify(copied.ChildJobsInState)}`);
    return [
      { name: `back up a ${MEMBERS}-member stack to completion (engine time)`, ms: backupMs, targetMs: 1000 },
      { name: `copy its composite recovery point across regions to completion (engine time)`, ms: copyMs, targetMs: 1000 },
      { name: `stack of ${MEMBERS} members backed up and copied to completion (engine time)`, ms: backupMs + copyMs, targetMs: 1000 },
    ];
  } finally {
    await t.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await runCompositeBench()) {
    console.log(`${r.ms <= r.targetMs ? 'ok  ' : 'SLOW'} ${r.ms.toFixed(1).padStart(8)} ms (target ${r.targetMs} ms)  ${r.name}`);
  }
}
