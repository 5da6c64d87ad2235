/**
 * Legal-hold benchmarks over the real jobs and recovery-point domain (run:
 * node --import tsx bench/legal-holds.ts; npm run bench can import benchLegalHolds):
 * - a hold over 100,000 recovery points, from CreateLegalHold until GetLegalHold says ACTIVE
 *   (target under 2 s), for a one-vault selection and a two-vault + resource + date selection;
 * - DeleteRecoveryPoint (through the SDK, refused) on a point under 47 holds against a point under
 *   one hold, and the removal guard alone: constant time, whatever the number of holds and links;
 * - cancelling the big hold until CANCELED.
 * The points are inserted through the recovery-point store in one transaction (as the job worker
 * writes them), not made by 100,000 backup jobs.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  CancelLegalHoldCommand,
  CreateBackupVaultCommand,
  CreateLegalHoldCommand,
  DeleteRecoveryPointCommand,
  GetLegalHoldCommand,
  type CreateLegalHoldCommandInput,
} from '@aws-sdk/client-backup';
import type { RecoveryPointRecord } from '../src/services/common/recovery-point-record.js';
import { refOf } from '../src/services/recovery-points/recovery-point-service.js';
import { ACCOUNT, startTestServer, type TestServer } from '../test/helpers/server.js';

export interface BenchResult {
  name: string;
  ms: number;
  target: string;
  ok: boolean;
}

const SCOPE = { accountId: ACCOUNT, region: 'us-east-1' };
const ROLE = `arn:aws:iam::${ACCOUNT}:role/AWSBackupDefaultServiceRole`;
const DAY_MS = 86_400_000;

function point(vault: { name: string; arn: string }, i: number, creationDate: number): RecoveryPointRecord {
  const volume = `vol-${(i % 1000).toString(16).padStart(17, '0')}`;
  return {
    ...SCOPE,
    arn: `arn:aws:ec2:us-east-1::snapshot/snap-${randomBytes(9).toString('hex').slice(0, 17)}`,
    vaultName: vault.name,
    vaultArn: vault.arn,
    vaultType: 'BACKUP_VAULT',
    resourceArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/${volume}`,
    resourceType: 'EBS',
    resourceName: volume,
    status: 'COMPLETED',
    storageClass: 'WARM',
    creationDate,
    completionDate: creationDate + 5000,
    backupSizeInBytes: 8 * 1024 ** 3,
    iamRoleArn: ROLE,
    encryptionKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/holdfast`,
    restoreMetadata: { volumeId: volume, volumeSize: '8', volumeType: 'gp3', availabilityZone: 'us-east-1a', encrypted: 'true' },
    lifecycle: { DeleteAfterDays: 3650 },
    createdByJobId: `job-${i}`,
  };
}

/** From CreateLegalHold until GetLegalHold answers ACTIVE, advancing the clock as a user would. */
async function untilActive(t: TestServer, input: Partial<CreateLegalHoldCommandInput>): Promise<{ id: string; ms: number }> {
  const start = performance.now();
  const { LegalHoldId } = await t.client.send(new CreateLegalHoldCommand({ Title: 'bench', Description: 'bench', ...input }));
  let status: string | undefined;
  for (let i = 0; i < 10 && status !== 'ACTIVE'; i++) {
    await t.advance(1);
    status = (await t.client.send(new GetLegalHoldCommand({ LegalHoldId }))).Status;
  }
  if (status !== 'ACTIVE') throw new Error(`hold ${LegalHoldId} is ${status}, not ACTIVE`);
  return { id: LegalHoldId!, ms: performance.now() - start };
}

const median = (runs: number[]): number => runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;

export async function benchLegalHolds(count = 100_000): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const t = await startTestServer();
  try {
    const vaults: Record<string, { name: string; arn: string }> = {};
    for (const name of ['big', 'other', 'small']) {
      vaults[name] = { name, arn: (await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: name }))).BackupVaultArn! };
    }
    const rps = t.hf.services.exports.recoveryPoints;
    const now = t.hf.clock.nowMs();
    const big = Array.from({ length: count }, (_, i) => point(vaults.big!, i, now - DAY_MS + i));
    const other = Array.from({ length: count / 10 }, (_, i) => point(vaults.other!, i, now - DAY_MS + i));
    const small = Array.from({ length: 10 }, (_, i) => point(vaults.small!, i, now - DAY_MS + i));
    let start = performance.now();
    await t.hf.store.atomically(() => rps.create([...big, ...other, ...small], []));
    const insertMs = performance.now() - start;

    const byVault = await untilActive(t, { RecoveryPointSelection: { VaultNames: ['big'] } });
    results.push({ name: `hold over ${count} recovery points (one vault) until ACTIVE (insert took ${insertMs.toFixed(0)} ms)`, ms: byVault.ms, target: '< 2000 ms', ok: byVault.ms < 2000 });
    // Every criterion at once over two vaults: all of `big` plus a tenth of `other` match.
    const volumes = Array.from({ length: 1000 }, (_, i) => `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-${i.toString(16).padStart(17, '0')}`);
    const mixed = await untilActive(t, {
      RecoveryPointSelection: { VaultNames: ['other', 'big'], ResourceIdentifiers: volumes, DateRange: { FromDate: new Date(now - 2 * DAY_MS), ToDate: new Date(now) } },
    });
    results.push({ name: `hold over ${count + count / 10} recovery points (two vaults, 1000 resources, date range) until ACTIVE`, ms: mixed.ms, target: '< 2000 ms', ok: mixed.ms < 2000 });

    // 47 holds on `small`: one point under 47 holds vs one point under a single hold.
    for (let i = 0; i < 47; i++) await t.client.send(new CreateLegalHoldCommand({ Title: `h${i}`, Description: 'bench', RecoveryPointSelection: { VaultNames: ['small'] } }));
    await t.advance(1);
    const manyHolds = small[0]!;
    const oneHold = other[count / 10 - 1]!; // under the mixed hold only
    const refusedDelete = async (p: RecoveryPointRecord, n: number): Promise<number> => {
      const runs: number[] = [];
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        try {
          await t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: p.vaultName, RecoveryPointArn: p.arn }));
          throw new Error('a held point was deleted');
        } catch (e) {
          if ((e as Error).name !== 'InvalidRequestException') throw e;
        }
        runs.push(performance.now() - s);
      }
      return median(runs);
    };
    await refusedDelete(manyHolds, 50);
    const deleteMany = await refusedDelete(manyHolds, 301);
    const deleteOne = await refusedDelete(oneHold, 301);
    results.push({
      name: `DeleteRecoveryPoint (refused, SDK over HTTP, median) on a point under 47 holds vs 1 hold (${deleteOne.toFixed(3)} ms)`,
      ms: deleteMany,
      target: 'constant (< 1.5x the single-hold time)',
      ok: deleteMany < 1.5 * deleteOne + 0.1,
    });
    const guard = async (p: RecoveryPointRecord, n: number): Promise<number> => {
      const ref = refOf(p);
      const s = performance.now();
      for (let i = 0; i < n; i++) if (!(await t.hf.services.exports.removalGuards.check(ref, 'delete'))) throw new Error('the guard let a held point go');
      return (performance.now() - s) / n;
    };
    await guard(manyHolds, 1000);
    const guardMany = await guard(manyHolds, 20_000);
    const guardOne = await guard(oneHold, 20_000);
    results.push({
      name: `removal guard alone, point under 47 holds vs 1 hold among ${2 * count + count / 10 + 470} links (${(guardOne * 1000).toFixed(1)} µs)`,
      ms: guardMany,
      target: 'constant (< 2x the single-hold time)',
      ok: guardMany < 2 * guardOne + 0.005,
    });

    start = performance.now();
    await t.client.send(new CancelLegalHoldCommand({ LegalHoldId: byVault.id, CancelDescription: 'bench' }));
    await t.advance(1);
    const status = (await t.client.send(new GetLegalHoldCommand({ LegalHoldId: byVault.id }))).Status;
    const cancelMs = performance.now() - start;
    results.push({ name: `cancel the hold over ${count} recovery points until ${status}`, ms: cancelMs, target: '< 2000 ms', ok: status === 'CANCELED' && cancelMs < 2000 });
  } finally {
    await t.close();
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchLegalHolds()) {
    console.log(`${r.ok ? 'ok  ' : 'SLOW'} ${r.name}: ${r.ms.toFixed(3)} ms (target ${r.target})`);
  }
}
