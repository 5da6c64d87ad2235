/**
 * A write outside any transaction (a request's lone UPDATE or DELETE) against a transaction open
 * on another instance that read the same record and writes it later from what it read (PgSql.memo
 * answers its second read): the lone write waits for the transaction lock (pg-database.ts
 * execute), so it lands after the transaction and is never overwritten by it, as SQLite's single
 * writer orders the two. Without the wait, the transaction's later write, made from its memo,
 * overwrote the lone update.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openPgStore, type PgStore } from '../../src/store/postgres/pg-store.js';
import { TRANSACTION_LOCK } from '../../src/store/postgres/pg-database.js';
import { freshDatabase, postgresAvailable } from '../helpers/postgres.js';

const scope = { accountId: '111111111111', region: 'us-east-1' };
interface Vault {
  policy?: string;
  lockDate?: number;
}

describe('writes outside a transaction', { skip: !postgresAvailable() && 'PostgreSQL 15 is not installed' }, () => {
  let engine: PgStore;
  let request: PgStore;
  before(async () => {
    const url = await freshDatabase();
    engine = await openPgStore({ url });
    request = await openPgStore({ url });
  });
  after(async () => {
    await engine?.close();
    await request?.close();
  });

  const waitingOnLock = async (s: PgStore): Promise<boolean> =>
    (await s.db.query<{ n: number }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = ? AND NOT granted", [TRANSACTION_LOCK]))[0]!.n > 0;

  it('lands after a transaction that read the record and writes it again: nothing is lost', async () => {
    const vaults = (s: PgStore) => s.docs<Vault>('lone-write-test');
    await vaults(engine).put(scope, 'v', {});
    let updated: Promise<boolean> | undefined;
    await engine.atomically(async () => {
      const read = (await vaults(engine).get(scope, 'v'))!;
      // A request updates the same record outside any transaction while this one is open.
      let settled = false;
      updated = vaults(request).update(scope, 'v', { policy: 'deny-delete' }).finally(() => (settled = true));
      while (!settled && !(await waitingOnLock(engine))) await new Promise((r) => setImmediate(r));
      // The transaction reads the record again (its memo) and writes it from what it read.
      const again = (await vaults(engine).get(scope, 'v'))!;
      assert.deepEqual(again, read);
      await vaults(engine).update(scope, 'v', { ...again, lockDate: 1 });
    });
    assert.equal(await updated, true);
    assert.deepEqual(await vaults(request).get(scope, 'v'), { policy: 'deny-delete' }, 'the lone update came after the transaction');
  });
});
