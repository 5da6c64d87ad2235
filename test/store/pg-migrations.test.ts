/**
 * PostgreSQL's migrations: instances that start together migrate once, and a migration that
 * fails leaves the schema as it was (a bad migration injected through openPgStore's test-only
 * `migrations` parameter).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pgMigrations } from '../../src/store/postgres/migrations/index.js';
import { openPgStore } from '../../src/store/postgres/pg-store.js';
import { INVENTORY_KIND, Inventory } from '../../src/resources/inventory.js';
import { freshDatabase, postgresAvailable, psql } from '../helpers/postgres.js';

describe('PostgreSQL migrations', { skip: !postgresAvailable() && 'PostgreSQL 15 is not installed' }, () => {
  it('are applied once when several instances start together', async () => {
    const url = await freshDatabase();
    const stores = await Promise.all([1, 2, 3].map(() => openPgStore({ url })));
    await Promise.all(stores.map((s) => s.close()));
    const versions = psql(url, 'SELECT string_agg(version::text, \',\' ORDER BY version) FROM schema_migrations');
    assert.equal(versions, pgMigrations.map((m) => m.version).join(','));
  });

  it('that fails leave the schema as it was, and start-up fails naming the migration', async () => {
    const url = await freshDatabase();
    await (await openPgStore({ url })).close();
    const bad = {
      version: 999,
      name: 'deliberately-bad',
      sql: `CREATE TABLE half_done (x INTEGER); ALTER TABLE docs ADD COLUMN extra TEXT; SELECT 1 / 0;`,
    };
    await assert.rejects(openPgStore({ url, migrations: [...pgMigrations, bad] }), /PostgreSQL migration 999-deliberately-bad failed: division by zero/);
    assert.equal(psql(url, "SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'"), '0');
    assert.equal(psql(url, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'docs' AND column_name = 'extra'"), '0');
    assert.equal(psql(url, 'SELECT count(*) FROM schema_migrations WHERE version = 999'), '0');
    // A migration whose SQL runs but whose schema_migrations row cannot be written: its tables go too.
    const unrecorded = { version: 998, name: 'unrecorded', sql: `CREATE TABLE half_done (x INTEGER); INSERT INTO schema_migrations VALUES (998, 'squatter', 'now')` };
    await assert.rejects(openPgStore({ url, migrations: [...pgMigrations, unrecorded] }), /PostgreSQL migration 998-unrecorded failed/);
    assert.equal(psql(url, "SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'"), '0');
    assert.equal(psql(url, 'SELECT count(*) FROM schema_migrations WHERE version = 998'), '0');
    // The migrations before it stay applied, and the store opens as before.
    const store = await openPgStore({ url });
    await store.docs('x').put({ accountId: 'a', region: 'r' }, 'id', { ok: true });
    await store.close();
  });

  it('026 (text compared bytewise) keeps the rows of a database migrated before it, and their order becomes SQLite\'s', async () => {
    const url = await freshDatabase();
    const names = ['arn:a-x', 'arn:B', 'arn:A_b'];
    const scope = { accountId: '111111111111', region: 'us-east-1' };
    const before = await openPgStore({ url, migrations: pgMigrations.filter((m) => m.version < 26) });
    for (const name of names) {
      await before.docs('vault').put(scope, name, { name });
      await before.tags.put(scope, name, { k: name });
      await before.vaultCreations.schedule(scope, name, 1000);
    }
    // The database's own (language) order, before 026.
    assert.deepEqual((await before.vaultCreations.due(1000, 10)).map((v) => v.name), ['arn:A_b', 'arn:a-x', 'arn:B']);
    await before.close();
    const after = await openPgStore({ url });
    try {
      assert.equal(psql(url, 'SELECT max(version) FROM schema_migrations'), String(pgMigrations.at(-1)!.version));
      assert.deepEqual((await after.vaultCreations.due(1000, 10)).map((v) => v.name), ['arn:A_b', 'arn:B', 'arn:a-x']);
      assert.deepEqual((await after.docs<{ name: string }>('vault').list(scope)).map((d) => d.doc.name), names);
      for (const name of names) {
        assert.deepEqual(await after.docs('vault').get(scope, name), { name });
        assert.deepEqual(await after.tags.get(name), { k: name });
      }
    } finally {
      await after.close();
      }
    });

  it('029 moves the inventory entries stored under the global key to their ARN\'s account and Region, keeping their order', async () => {
    const url = await freshDatabase();
    const before = await openPgStore({ url, migrations: pgMigrations.filter((m) => m.version !== 29) });
    const arns = ['arn:aws:ec2:us-east-1:111111111111:volume/vol-1', 'arn:aws:s3:::bucket', 'arn:aws:ec2:us-east-1:222222222222:volume/vol-2', 'arn:aws:dynamodb:us-east-1:111111111111:table/t'];
    for (const arn of arns) await before.docs(INVENTORY_KIND).put({ accountId: '*', region: '*' }, arn, { arn });
    await before.close();
    const store = await openPgStore({ url });
    try {
      const inventory = new Inventory(store);
      assert.deepEqual(await store.docs(INVENTORY_KIND).list({ accountId: '*', region: '*' }), []);
      assert.deepEqual(await inventory.listScope({ accountId: '111111111111', region: 'us-east-1' }), [arns[0], arns[1], arns[3]].map((arn) => ({ arn })));
      assert.deepEqual(await inventory.listScope({ accountId: '222222222222', region: 'us-east-1' }), [arns[1], arns[2]].map((arn) => ({ arn })));
      assert.deepEqual(await inventory.list(), arns.map((arn) => ({ arn })));
      assert.deepEqual(await inventory.get(arns[1]!), { arn: arns[1] });
      assert.equal(await inventory.remove(arns[3]!), true);
    } finally {
      await store.close();
    }
  });
});
