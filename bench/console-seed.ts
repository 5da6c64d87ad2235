/**
 * Seeds one account with 100,000 backup jobs, 100,000 recovery points and 100,000 inventory
 * entries in seconds, for the
 * console bench (bench/console.ts). A few real records are made through the SDK (a completed
 * backup, a plan with a selection, a legal hold, an inventory with failure injection); the bulk
 * are copies of the real backup job and recovery point with their own ids, resources, states and
 * times, written straight to the repositories in one transaction (as bench/jobs.ts does), so
 * every view reads records of the shape the API writes.
 */
import { CreateBackupPlanCommand, CreateBackupSelectionCommand, CreateBackupVaultCommand, CreateLegalHoldCommand } from '@aws-sdk/client-backup';
import type { BackupJobRecord } from '../src/services/common/job-record.js';
import { nextLifecycleDue, type RecoveryPointRecord } from '../src/services/common/recovery-point-record.js';
import { Inventory, type InventoryEntry } from '../src/resources/inventory.js';
import { completedBackup, ROLE } from '../test/helpers/backups.js';
import { ACCOUNT, type TestServer } from '../test/helpers/server.js';

export const SCALE = 100_000;
const REGION = 'us-east-1';
const MINUTE = 60_000;
const DAY = 86_400_000;
/** Resources the bulk records spread over. */
const RESOURCES = 500;

const volume = (i: number): string => `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-${i.toString(16).padStart(17, '0')}`;

/** What the bench measures against: ids of a plan, a selection and a job, and some point ARNs. */
export interface Seeded {
  planId: string;
  selectionId: string;
  jobId: string;
  holdId: string;
  pointArns: string[];
}

/** The state of bulk job i: mostly COMPLETED, with FAILED, EXPIRED and ABORTED among them. */
function stateOf(i: number): { state: string; category: string; message?: string } {
  if (i % 50 === 7) return { state: 'FAILED', category: 'ACCESS_DENIED', message: 'Access denied to the resource (injected failure).' };
  if (i % 200 === 11) return { state: 'EXPIRED', category: 'EXPIRED', message: 'The job did not start within its start window.' };
  if (i % 500 === 13) return { state: 'ABORTED', category: 'ABORTED', message: 'Aborted by the user.' };
  return { state: 'COMPLETED', category: 'SUCCESS' };
}

export async function seedConsoleScale(t: TestServer, n = SCALE): Promise<Seeded> {
  for (const name of ['bench', 'bench-archive']) await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: name }));
  const inventory = Array.from({ length: RESOURCES }, (_, i) => ({
    arn: volume(i),
    tags: { team: i % 2 ? 'red' : 'blue' },
    ...(i % 50 === 7 ? { backupOutcome: 'FAILED', messageCategory: 'ACCESS_DENIED', failureMessage: 'Access denied to the resource (injected failure).' } : {}),
  }));
  const put = await t.admin('PUT', '/resources', { resources: inventory });
  if (put.status !== 200) throw new Error(`PUT /resources answered ${put.status}: ${JSON.stringify(put.json)}`);
  await seedInventory(t, n - RESOURCES);

  const plan = await t.client.send(
    new CreateBackupPlanCommand({
      BackupPlan: {
        BackupPlanName: 'bench-plan',
        Rules: [
          { RuleName: 'daily', TargetBackupVaultName: 'bench', ScheduleExpression: 'cron(0 5 ? * * *)', ScheduleExpressionTimezone: 'Europe/Paris', Lifecycle: { DeleteAfterDays: 35 } },
          { RuleName: 'monthly', TargetBackupVaultName: 'bench-archive', ScheduleExpression: 'cron(0 3 1 * ? *)', Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 365 } },
        ],
      },
    }),
  );
  const selection = await t.client.send(
    new CreateBackupSelectionCommand({
      BackupPlanId: plan.BackupPlanId!,
      BackupSelection: { SelectionName: 'red-team', IamRoleArn: ROLE, ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'team', ConditionValue: 'red' }] },
    }),
  );

  // The real records the bulk copies.
  const real = await completedBackup(t, { BackupVaultName: 'bench', ResourceArn: volume(0), Lifecycle: { DeleteAfterDays: 35 } });
  const job = (await t.hf.store.jobs.get<BackupJobRecord>('backup', real.BackupJobId))!;
  const point = (await t.hf.store.recoveryPoints.get<RecoveryPointRecord>(real.RecoveryPointArn))!;

  // Spread over the last 29 days (inside the jobs' 30-day window, before any lifecycle deletion).
  const now = t.hf.clock.nowMs();
  const first = now - 29 * DAY;
  const step = Math.floor((29 * DAY - 60 * MINUTE) / n);
  const pointArns: string[] = [];
  const batch: RecoveryPointRecord[] = [];
  await t.hf.store.atomically(async () => {
    for (let i = 0; i < n; i++) {
      const resource = i % RESOURCES;
      const created = first + i * step;
      const { state, category, message } = stateOf(i);
      const done = state === 'COMPLETED';
      const id = `bench-${i.toString(16).padStart(8, '0')}-0000-4000-8000-${resource.toString(16).padStart(12, '0')}`;
      const arn = `arn:aws:ec2:${REGION}::snapshot/snap-${i.toString(16).padStart(17, '0')}`;
      const record: BackupJobRecord = {
        ...job,
        id,
        state,
        resourceArn: volume(resource),
        resourceName: `vol-${resource.toString(16).padStart(17, '0')}`,
        vault: i % 10 === 0 ? 'bench-archive' : 'bench',
        messageCategory: category,
        statusMessage: message,
        creationDate: created,
        startAt: created,
        startedAt: created + MINUTE,
        completionDate: created + 10 * MINUTE,
        dueAt: undefined,
        idempotencyToken: undefined,
        recoveryPointArn: done ? arn : job.recoveryPointArn,
        recoveryPointCreationDate: done ? created : undefined,
      };
      await t.hf.store.jobs.insert(record);
      if (!done) continue;
      const p: RecoveryPointRecord = {
        ...point,
        arn,
        vaultName: i % 10 === 0 ? 'bench-archive' : 'bench',
        vaultArn: point.vaultArn.replace(/:bench$/, i % 10 === 0 ? ':bench-archive' : ':bench'),
        resourceArn: volume(resource),
        resourceName: `vol-${resource.toString(16).padStart(17, '0')}`,
        creationDate: created,
        completionDate: created + 10 * MINUTE,
        createdByJobId: id,
      };
      p.lifecycleDue = nextLifecycleDue(p);
      batch.push(p);
      if (pointArns.length < 100) pointArns.push(arn);
      if (batch.length === 1000) await t.hf.store.recoveryPoints.insert(batch.splice(0));
    }
    // n points in all: as many more as the jobs that made none, copies of the real one.
    for (let i = 0, more = unfinished(n); i < more; i++) {
      const p: RecoveryPointRecord = { ...point, arn: `arn:aws:ec2:${REGION}::snapshot/snap-extra${i.toString(16).padStart(12, '0')}`, creationDate: now - i * MINUTE };
      p.lifecycleDue = nextLifecycleDue(p);
      batch.push(p);
      if (batch.length === 1000) await t.hf.store.recoveryPoints.insert(batch.splice(0));
    }
    if (batch.length) await t.hf.store.recoveryPoints.insert(batch.splice(0));
  });
  // A hold over one resource's points (200 of them), attached on the clock.
  const hold = await t.client.send(new CreateLegalHoldCommand({ Title: 'bench-hold', Description: 'litigation', RecoveryPointSelection: { ResourceIdentifiers: [volume(1)] } }));
  await t.advance(1);
  return { planId: plan.BackupPlanId!, selectionId: selection.SelectionId!, jobId: real.BackupJobId, holdId: hold.LegalHoldId!, pointArns };
}

/** How many of the first n bulk jobs made no recovery point. */
function unfinished(n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (stateOf(i).state !== 'COMPLETED') count++;
  return count;
}

/**
 * `count` more inventory entries in the account (volumes, tables and instances in turn, one in 50
 * injecting a failure or a delay), written through the Inventory in one transaction. Their tag
 * (team=green) is one the bench plan's selection does not pick.
 */
async function seedInventory(t: TestServer, count: number): Promise<void> {
  const inventory = new Inventory(t.hf.store);
  const hex = (i: number): string => i.toString(16).padStart(17, '0');
  const batch: InventoryEntry[] = [];
  await t.hf.store.atomically(async () => {
    for (let i = 0; i < count; i++) {
      const arn = [
        `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-b${hex(i)}`,
        `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/bench-${i}`,
        `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-b${hex(i)}`,
      ][i % 3]!;
      const injected: Partial<InventoryEntry> =
        i % 50 === 17 ? { backupOutcome: 'FAILED', messageCategory: 'ACCESS_DENIED', failureMessage: 'Access denied (injected).' } : i % 50 === 41 ? { startDelaySeconds: 900 } : {};
      batch.push({ arn, tags: { team: 'green' }, backupDurationSeconds: 60 + (i % 600), ...injected });
      if (batch.length === 1000) await inventory.upsert(batch.splice(0));
    }
    if (batch.length) await inventory.upsert(batch.splice(0));
  });
}
