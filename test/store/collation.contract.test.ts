/**
 * Text order: both backends compare text bytewise (SQLite's BINARY, PostgreSQL's COLLATE "C",
 * migration 026), whatever collation the PostgreSQL database was created with. The suite's
 * cluster sorts by ICU's en-US (test/helpers/postgres.ts), where `arn:A_b` < `arn:a-x` < `arn:B`;
 * so ties among equal due times (ordered by name) answer the same on both backends, and a
 * column's rows survive the migration.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openPgStore, type PgStore } from '../../src/store/postgres/pg-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { twins, withoutPostgres, type Twins } from '../helpers/pg-sql.js';
import { freshDatabase, psql } from '../helpers/postgres.js';

const T0 = 1_750_000_000_000;
const SCOPE = { accountId: '111111111111', region: 'us-east-1' };
/** Names whose bytewise order differs from a language's: case, '-', '_', '.', digits. */
const NAMES = ['arn:a-x', 'arn:B', 'arn:A_b', 'arn:b', 'Zeta', '_under', 'alpha', 'Alpha', 'a.b', 'a-b', 'a_b', 'ab', 'a1', 'A2'];
const BYTEWISE = [...NAMES].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

describe('Text order contract: SQLite and PostgreSQL on a database with a language collation', { skip: withoutPostgres() }, () => {
  let url: string;
  let pg: PgStore;
  let sqlite: SqliteStore;
  let t: Twins<Store>;
  before(async () => {
    url = await freshDatabase();
    pg = await openPgStore({ url });
    sqlite = new SqliteStore({ inMemory: true });
    t = twins<Store>(sqlite, pg);
  });
  after(async () => {
    await sqlite?.close();
    await pg?.close();
  });

  it('runs on a database whose default collation is not bytewise (or this file proves nothing)', () => {
    assert.equal(psql(url, "SELECT string_agg(s, ' ' ORDER BY s) FROM unnest(ARRAY['arn:B', 'arn:a-x', 'arn:A_b']) s"), 'arn:A_b arn:a-x arn:B');
  });

  it('declares every text column COLLATE "C"', () => {
    const loose = psql(
      url,
      `SELECT string_agg(table_name || '.' || column_name, ', ' ORDER BY table_name, column_name) FROM information_schema.columns
       WHERE table_schema = current_schema() AND data_type = 'text' AND collation_name IS DISTINCT FROM 'C' AND table_name <> 'schema_migrations'`,
    );
    assert.equal(loose, '', 'text columns without COLLATE "C"');
  });

  it('orders ties among equal due times by name bytewise: plan rules, restore testing plans, vault creations, report uploads, restore testing jobs', async () => {
    await t.both(async (s) => {
      await s.planSchedule.replacePlan(SCOPE, 'plan', NAMES.map((ruleId) => ({ ruleId, nextFire: T0 })));
      for (const name of NAMES) {
        await s.planSchedule.replacePlan(SCOPE, name, [{ ruleId: 'r', nextFire: T0 + 1 }]);
        await s.restoreTesting.setNextFire(SCOPE, name, T0);
        await s.restoreTesting.putJob({ jobId: name, dueAt: T0, data: { name } });
        await s.vaultCreations.schedule(SCOPE, name, T0);
        await s.audit.enqueueUpload({ ...SCOPE, jobId: name, atMs: T0, dueMs: T0 });
      }
    });
    const rules = await t.both((s) => s.planSchedule.due(T0 + 1, 100), 'plan rules due');
    assert.deepEqual(rules.slice(0, NAMES.length).map((r) => r.ruleId), BYTEWISE);
    assert.deepEqual(rules.slice(NAMES.length).map((r) => r.planId), BYTEWISE);
    // A batch smaller than the ties takes the same first rows on both.
    await t.both((s) => s.planSchedule.due(T0 + 1, 3), 'first three rules due');
    assert.deepEqual((await t.both((s) => s.restoreTesting.dueFires(T0, 100), 'restore testing plans due')).map((r) => r.planName), BYTEWISE);
    assert.deepEqual((await t.both((s) => s.restoreTesting.dueFires(T0, 3))).map((r) => r.planName), BYTEWISE.slice(0, 3));
    assert.deepEqual((await t.both((s) => s.restoreTesting.dueJobs(T0, 100), 'restore testing jobs due')).map((j) => j.jobId), BYTEWISE);
    assert.deepEqual((await t.both((s) => s.vaultCreations.due(T0, 100), 'vault creations due')).map((v) => v.name), BYTEWISE);
    assert.deepEqual((await t.both((s) => s.vaultCreations.due(T0, 4))).map((v) => v.name), BYTEWISE.slice(0, 4));
    assert.deepEqual((await t.both((s) => s.audit.dueUploads(T0, 100), 'report uploads due')).map((u) => u.jobId), BYTEWISE);
  });
});
