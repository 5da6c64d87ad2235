/**
 * Three Holdfast instances on one PostgreSQL database serve one state (docs/postgresql.md
 * "Several instances"): two in this process, one a child process that is killed with SIGKILL
 * in the middle of an advance. Clients spread over the three create vaults, start jobs (some
 * IdempotencyTokens sent through two instances), hold and delete recovery points and advance
 * the shared clock; afterwards every acknowledged job exists and completed once, each completed
 * backup made one recovery point, vault counts match the rows, and no schedule fired twice.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BackupClient,
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  CreateLegalHoldCommand,
  DeleteRecoveryPointCommand,
  DescribeBackupJobCommand,
  DescribeBackupVaultCommand,
  ListBackupJobsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  StartBackupJobCommand,
  type BackupJob,
  type RecoveryPointByBackupVault,
} from '@aws-sdk/client-backup';
import { INSTANCE_LOCKS } from '../../src/store/postgres/pg-database.js';
import { ROLE } from '../helpers/backups.js';
import { startChild, type ChildServer } from '../helpers/child.js';
import { freshDatabase, postgresAvailable, psql } from '../helpers/postgres.js';
import { ACCOUNT, errorOf, startTestServer, T0, type TestServer } from '../helpers/server.js';

const HOUR = 3600;
const VOL = (n: number): string => `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-${String(n).padStart(4, '0')}`;
const VAULTS = ['v0', 'v1', 'v2', 'v3', 'v4', 'v5'];

interface Instance {
  url: string;
  client: BackupClient;
}

const clientOf = (url: string): BackupClient =>
  new BackupClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'test' }, maxAttempts: 1 });

async function admin(url: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}/_holdfast${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
}

/** Every page of a list, each page asked of the next instance with the token another one gave. */
async function allPages<T>(instances: Instance[], page: (client: BackupClient, token: string | undefined) => Promise<{ items?: T[]; next?: string }>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  let i = 0;
  do {
    const out = await page(instances[i++ % instances.length]!.client, token);
    items.push(...(out.items ?? []));
    token = out.next;
  } while (token);
  return items;
}

describe('several instances on one PostgreSQL database', { skip: !postgresAvailable() && 'PostgreSQL 15 is not installed' }, () => {
  let database: string;
  let a: TestServer;
  let b: TestServer;
  let child: ChildServer;
  let instances: Instance[];

  before(async () => {
    database = await freshDatabase();
    a = await startTestServer({ database });
    b = await startTestServer({ database });
    child = await startChild(['--port', '0', '--database', database, '--frozen-clock', '--start-time', T0.toISOString()]);
    instances = [{ url: a.url, client: a.client }, { url: b.url, client: b.client }, { url: child.url, client: clientOf(child.url) }];
  });
  after(async () => {
    instances?.[2]?.client.destroy();
    await child?.kill('SIGKILL');
    await a?.close();
    await b?.close();
  });

  it('serves one state: shared clock, work done once, nothing acknowledged lost to kill -9', async () => {
    const [ia, ib, ic] = instances as [Instance, Instance, Instance];
    await admin(ia.url, 'PUT', '/resources', { resources: [1, 2, 3, 4, 5, 6].map((n) => ({ arn: VOL(n), backupDurationSeconds: 600 })) });

    // Vaults through every instance; one name asked of two instances at once is created once.
    const created = await Promise.allSettled([
      ...VAULTS.map((name, i) => instances[i % 3]!.client.send(new CreateBackupVaultCommand({ BackupVaultName: name }))),
      ia.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'twice' })),
      ib.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'twice' })),
    ]);
    assert.deepEqual(created.slice(0, VAULTS.length).map((r) => r.status), VAULTS.map(() => 'fulfilled'));
    assert.deepEqual(created.slice(VAULTS.length).map((r) => r.status).sort(), ['fulfilled', 'rejected']);

    // An hourly plan over two volumes, made through the child: its firings run wherever the engine runs.
    const plan = await ic.client.send(
      new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'hourly', Rules: [{ RuleName: 'h', TargetBackupVaultName: 'v0', ScheduleExpression: 'cron(0 * ? * * *)' }] } }),
    );
    await ia.client.send(new CreateBackupSelectionCommand({ BackupPlanId: plan.BackupPlanId, BackupSelection: { SelectionName: 's', IamRoleArn: ROLE, Resources: [VOL(1), VOL(2)] } }));

    // Jobs started through all three while three advances of half an hour run through all three.
    const acknowledged = new Set<string>();
    const start = (instance: Instance, i: number, token?: string) =>
      instance.client
        .send(new StartBackupJobCommand({ BackupVaultName: VAULTS[i % VAULTS.length], ResourceArn: VOL(3 + (i % 4)), IamRoleArn: ROLE, IdempotencyToken: token }))
        .then((out) => (acknowledged.add(out.BackupJobId!), out.BackupJobId!));
    const tokens = Array.from({ length: 12 }, (_, i) => i);
    const [pairs] = await Promise.all([
      Promise.all(tokens.map((i) => Promise.all([start(instances[i % 3]!, i, `tok-${i}`), start(instances[(i + 1) % 3]!, i, `tok-${i}`)]))),
      Promise.all(instances.map((instance) => admin(instance.url, 'POST', '/clock', { advanceSeconds: HOUR / 2 }))),
      Promise.all(tokens.map((i) => start(instances[(i + 2) % 3]!, i))),
    ]);
    for (const [first, second] of pairs) assert.equal(first, second, 'an IdempotencyToken deduplicates across instances');
    assert.equal((await admin(ib.url, 'GET', '/clock')).now, new Date(T0.getTime() + 1.5 * HOUR * 1000).toISOString(), 'concurrent advances add up');
    assert.equal(acknowledged.size, 24);

    await admin(ia.url, 'POST', '/clock', { advanceSeconds: 6 * HOUR });
    for (const instance of instances) {
      assert.equal((await admin(instance.url, 'GET', '/clock')).now, new Date(T0.getTime() + 7.5 * HOUR * 1000).toISOString(), 'every instance reads the shared clock');
    }

    // Hold v1's points through one instance; delete through the others: v1's are refused, v2's go.
    const pointsOf = (vault: string, over = instances): Promise<RecoveryPointByBackupVault[]> =>
      allPages(over, async (client, NextToken) => {
        const out = await client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: vault, NextToken, MaxResults: 40 }));
        return { items: out.RecoveryPoints, next: out.NextToken };
      });
    await ib.client.send(
      new CreateLegalHoldCommand({
        Title: 'keep v1',
        Description: 'multi-instance',
        RecoveryPointSelection: { VaultNames: ['v1'], DateRange: { FromDate: T0, ToDate: new Date(T0.getTime() + 7 * HOUR * 1000) } },
      }),
    );
    await admin(ia.url, 'POST', '/clock', { advanceSeconds: 60 });
    const held = await pointsOf('v1');
    assert.ok(held.length > 0);
    for (const p of held) {
      const refused = await errorOf(() => ic.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: p.RecoveryPointArn })));
      assert.equal(refused.name, 'InvalidRequestException');
    }
    const deleted = new Set<string>();
    for (const [i, p] of (await pointsOf('v2')).entries()) {
      await instances[i % 2]!.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v2', RecoveryPointArn: p.RecoveryPointArn }));
      deleted.add(p.RecoveryPointArn!);
    }

    // kill -9 the child while it holds the engine's turn in a ten-day advance, with jobs in flight to it.
    let advanced = false;
    const dying = admin(ic.url, 'POST', '/clock', { advanceSeconds: 240 * HOUR }).then(() => (advanced = true), () => undefined);
    const inFlight = Promise.allSettled(Array.from({ length: 6 }, (_, i) => start(ic, i)));
    const engineLockHeld = (): boolean =>
      psql(database, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = ${INSTANCE_LOCKS.engine} AND granted`) === '1';
    while (!advanced && !engineLockHeld()) await new Promise((r) => setImmediate(r));
    assert.ok(!advanced, 'the child is killed mid-advance');
    await child.kill('SIGKILL');
    await Promise.all([dying, inFlight]);
    const survivors = instances.slice(0, 2);

    // The others carry on: the dead instance's turn is free again, its work still due.
    await admin(ib.url, 'POST', '/clock', { advanceSeconds: 72 * HOUR });
    const finalMs = Date.parse((await admin(ia.url, 'GET', '/clock')).now);
    assert.ok(finalMs >= T0.getTime() + (7.5 + 72) * HOUR * 1000 + 60_000);

    const jobs = await allPages<BackupJob>(survivors, async (client, NextToken) => {
      const out = await client.send(new ListBackupJobsCommand({ NextToken, MaxResults: 100 }));
      return { items: out.BackupJobs, next: out.NextToken };
    });
    const ids = jobs.map((j) => j.BackupJobId!);
    assert.equal(new Set(ids).size, ids.length, 'no job listed twice across pages of two instances');
    for (const id of acknowledged) assert.ok(ids.includes(id), `acknowledged job ${id} is kept`);
    for (const j of jobs) assert.equal(j.State, 'COMPLETED', `${j.BackupJobId} completed`);

    // Each job announced COMPLETED once: its completion ran once, whichever instance ran it.
    const completions = new Map<string, number>();
    for (let since = 0; ; ) {
      const page = await admin(survivors[since % 2]!.url, 'GET', `/events?detailType=${encodeURIComponent('Backup Job State Change')}&maxResults=1000&since=${since}`);
      for (const e of page.events) if (e.payload.detail.state === 'COMPLETED') completions.set(e.payload.detail.backupJobId, (completions.get(e.payload.detail.backupJobId) ?? 0) + 1);
      if (!page.nextToken) break;
      since = Number(page.nextToken);
    }
    assert.deepEqual([...completions.keys()].sort(), [...ids].sort());
    assert.deepEqual([...new Set(completions.values())], [1]);

    // One recovery point per completed backup; each vault's count is its rows.
    const arns = await Promise.all(ids.map(async (id, i) => (await survivors[i % 2]!.client.send(new DescribeBackupJobCommand({ BackupJobId: id }))).RecoveryPointArn!));
    assert.equal(new Set(arns).size, ids.length);
    const listed: string[] = [];
    for (const vault of VAULTS) {
      const points = await pointsOf(vault, survivors);
      listed.push(...points.map((p) => p.RecoveryPointArn!));
      const { NumberOfRecoveryPoints } = await a.client.send(new DescribeBackupVaultCommand({ BackupVaultName: vault }));
      assert.equal(NumberOfRecoveryPoints, points.length, `${vault}'s count`);
    }
    assert.deepEqual([...listed, ...deleted].sort(), [...arns].sort());

    // The plan fired once per hour and volume: no firing repeated by a second instance.
    const planJobs = jobs.filter((j) => j.CreatedBy?.BackupPlanId === plan.BackupPlanId);
    const firings = planJobs.map((j) => `${j.ResourceArn} ${j.CreationDate!.toISOString()}`);
    assert.equal(new Set(firings).size, firings.length, 'no duplicate schedule firing');
    assert.equal(planJobs.length, 2 * Math.floor((finalMs - T0.getTime()) / (HOUR * 1000)));
  });
});
