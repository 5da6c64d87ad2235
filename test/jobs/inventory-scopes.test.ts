/**
 * The inventory stored by scope (resources/inventory.ts inventoryScope): each entry under its
 * ARN's account and Region, S3 buckets under neither. Each scope's plans fire backups of exactly
 * its entries and the S3 buckets, the console's selection-matches answers the same, the global
 * reads (the whole inventory, its pages, get and delete by ARN) answer as before, and SQLite's
 * migration 027 moves entries stored under the old global key (PostgreSQL's 029:
 * test/store/pg-migrations.test.ts). Runs on both backends (npm run test:postgres).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { CreateBackupPlanCommand, CreateBackupSelectionCommand, CreateBackupVaultCommand, ListBackupJobsCommand } from '@aws-sdk/client-backup';
import { INVENTORY_KIND, Inventory } from '../../src/resources/inventory.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Scope } from '../../src/store/types.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const A = '111111111111';
const B = '222222222222';
const BUCKET = 'arn:aws:s3:::shared-bucket';
const SCOPES: Scope[] = [
  { accountId: A, region: 'us-east-1' },
  { accountId: A, region: 'us-west-2' },
  { accountId: B, region: 'us-east-1' },
];
const ENTRIES = [
  { arn: `arn:aws:ec2:us-east-1:${A}:volume/vol-0aaaaaaaaaaaaaaa1` },
  { arn: `arn:aws:ec2:us-west-2:${A}:volume/vol-0aaaaaaaaaaaaaaa2` },
  { arn: BUCKET },
  { arn: `arn:aws:ec2:us-east-1:${B}:volume/vol-0bbbbbbbbbbbbbbb1` },
  { arn: `arn:aws:dynamodb:us-east-1:${A}:table/orders`, tags: { team: 'a' } },
  { arn: `arn:aws:dynamodb:us-west-2:${A}:table/far` },
];
const ARNS = ENTRIES.map((e) => e.arn);
/** Scope i's resources, in the order they were stored: its own and the bucket. */
const expected = (s: Scope): string[] => ARNS.filter((arn) => arn === BUCKET || arn.split(':').slice(3, 5).join(':') === `${s.region}:${s.accountId}`);

const matches = async (t: TestServer, s: Scope, planId: string, selectionId: string): Promise<string[]> => {
  const res = await t.admin('GET', `/console/selection-matches?${new URLSearchParams({ account: s.accountId, region: s.region, planId, selectionId })}`);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json.resources.map((r: { resourceArn: string }) => r.resourceArn);
};

/** The global reads: the whole inventory and its pages in stored order, get and delete by ARN. */
async function checkGlobalReads(t: TestServer, arns: string[]): Promise<void> {
  assert.deepEqual((await t.admin('GET', '/resources')).json.resources.map((e: { arn: string }) => e.arn), arns);
  const paged: string[] = [];
  let after: string | undefined;
  do {
    const page = (await t.admin('GET', `/resources?limit=2${after ? `&after=${after}` : ''}`)).json;
    paged.push(...page.resources.map((e: { arn: string }) => e.arn));
    after = page.nextToken;
  } while (after);
  assert.deepEqual(paged, arns);
  const inventory = new Inventory(t.hf.store);
  assert.deepEqual(await inventory.get(ENTRIES[4]!.arn), ENTRIES[4]);
  assert.deepEqual(await inventory.get(BUCKET), { arn: BUCKET });
}

describe('inventory by scope', () => {
  it('stores each entry under its ARN\'s account and Region; each scope\'s plans and selection-matches see its entries and the S3 buckets', async () => {
    const t = await startTestServer();
    try {
      assert.equal((await t.admin('PUT', '/resources', { resources: ENTRIES })).status, 200);
      // Where the entries are: a scope's read of the collection is its entries only.
      const docs = t.hf.store.docs<{ arn: string }>(INVENTORY_KIND);
      for (const s of SCOPES) assert.deepEqual((await docs.list(s)).map((r) => r.doc.arn), expected(s).filter((arn) => arn !== BUCKET), `${s.accountId}/${s.region}`);
      assert.deepEqual((await docs.list({ accountId: '', region: '' })).map((r) => r.doc.arn), [BUCKET]);
      await checkGlobalReads(t, ARNS);

      for (const s of SCOPES) {
        const client = t.clientFor(s.accountId, s.region);
        await client.send(new CreateBackupVaultCommand({ BackupVaultName: 'main' }));
        const plan = await client.send(
          new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'daily', Rules: [{ RuleName: 'daily', TargetBackupVaultName: 'main', ScheduleExpression: 'cron(0 5 ? * * *)' }] } }),
        );
        const sel = await client.send(
          new CreateBackupSelectionCommand({
            BackupPlanId: plan.BackupPlanId,
            BackupSelection: { SelectionName: 'all', IamRoleArn: `arn:aws:iam::${s.accountId}:role/AWSBackupDefaultServiceRole`, Resources: ['*'] },
          }),
        );
        assert.deepEqual(await matches(t, s, plan.BackupPlanId!, sel.SelectionId!), expected(s), `selection-matches in ${s.accountId}/${s.region}`);
      }
      await t.advance(86_400);
      for (const s of SCOPES) {
        const jobs = (await t.clientFor(s.accountId, s.region).send(new ListBackupJobsCommand({}))).BackupJobs ?? [];
        assert.deepEqual(jobs.map((j) => j.ResourceArn).sort(), expected(s).sort(), `backups in ${s.accountId}/${s.region}`);
      }

      assert.equal((await t.admin('DELETE', `/resources/${encodeURIComponent(BUCKET)}`)).status, 200);
      assert.equal((await t.admin('DELETE', `/resources/${encodeURIComponent(ARNS[3]!)}`)).status, 200);
      assert.equal((await t.admin('DELETE', `/resources/${encodeURIComponent(ARNS[3]!)}`)).status, 404);
      assert.deepEqual(await new Inventory(t.hf.store).listScope(SCOPES[0]!), [ENTRIES[0], ENTRIES[4]]);
      assert.deepEqual(await new Inventory(t.hf.store).listScope(SCOPES[2]!), []);
    } finally {
      await t.close();
    }
  });

  it('SQLite migration 027 moves the entries stored under the global key, keeping their order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'holdfast-inventory-'));
    let t = await startTestServer({ inMemory: false, dataDir: dir });
    try {
      assert.equal((await t.admin('PUT', '/resources', { resources: ENTRIES })).status, 200);
      await t.close();
      // The schema and rows as they were before migration 027.
      const db = new Database(join(dir, 'holdfast.sqlite'));
      db.exec(`DROP INDEX docs_kind_order; UPDATE docs SET account = '*', region = '*' WHERE kind = '${INVENTORY_KIND}';
        DELETE FROM schema_migrations WHERE version = 27;`);
      db.close();

      t = await startTestServer({ inMemory: false, dataDir: dir, startTime: undefined });
      const docs = t.hf.store.docs<{ arn: string }>(INVENTORY_KIND);
      assert.deepEqual(await docs.list({ accountId: '*', region: '*' }), []);
      for (const s of SCOPES) assert.deepEqual(await new Inventory(t.hf.store).listScope(s), ENTRIES.filter((e) => expected(s).includes(e.arn)));
      await checkGlobalReads(t, ARNS);
      const plan = (sql: string): string =>
        ((t.hf.store as SqliteStore).db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
      assert.match(plan(`SELECT seq FROM docs WHERE kind = 'k' AND seq > 0 ORDER BY seq LIMIT 10`), /USING (COVERING )?INDEX docs_kind_order/);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
