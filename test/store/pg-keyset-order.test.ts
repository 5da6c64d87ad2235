/**
 * Keyset pages (seq > last seen) over rows that two instances write at once: a row that commits
 * later never has a lower seq than one a reader has already seen. An INSERT outside a transaction
 * waits for the transaction lock like a transaction does (pg-database.ts execute), so seqs are
 * drawn in commit order; without that, an autocommit INSERT on one instance drew seq n+1 and
 * committed while another instance's open transaction held n, and a reader paging past n+1 never
 * saw n.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openPgStore, type PgStore } from '../../src/store/postgres/pg-store.js';
import { TRANSACTION_LOCK } from '../../src/store/postgres/pg-database.js';
import { freshDatabase, postgresAvailable } from '../helpers/postgres.js';

const scope = { accountId: '111111111111', region: 'us-east-1' };

describe('keyset pages across instances', { skip: !postgresAvailable() && 'PostgreSQL 15 is not installed' }, () => {
  let first: PgStore;
  let second: PgStore;
  before(async () => {
    const url = await freshDatabase();
    first = await openPgStore({ url });
    second = await openPgStore({ url });
  });
  after(async () => {
    await first?.close();
    await second?.close();
  });

  it('never skips a row another instance commits later', async () => {
    const docs = (s: PgStore) => s.docs<{ n: number }>('keyset-test');
    let pageOne: number[] = [];
    let lastSeen = 0;
    let inserted: Promise<boolean> | undefined;
    await first.atomically(async () => {
      await docs(first).insert(scope, 'x', { n: 1 });
      // The other instance writes outside any transaction while this one is open.
      let settled = false;
      inserted = docs(second).insert(scope, 'y', { n: 2 }).finally(() => (settled = true));
      const waiting = async () =>
        (await first.db.query<{ n: number }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = ? AND NOT granted", [TRANSACTION_LOCK]))[0]!.n > 0;
      while (!settled && !(await waiting())) await new Promise((r) => setImmediate(r));
      // A reader pages meanwhile (outside both: it sees what has committed).
      const page = await docs(second).list(scope);
      pageOne = page.map((r) => r.doc.n);
      lastSeen = page.at(-1)?.seq ?? 0;
    });
    await inserted;
    const pageTwo = (await docs(second).list(scope, { afterSeq: lastSeen })).map((r) => r.doc.n);
    assert.deepEqual([...pageOne, ...pageTwo].sort(), [1, 2], `pages ${JSON.stringify(pageOne)} then ${JSON.stringify(pageTwo)}`);
    assert.deepEqual(pageOne, [], 'the autocommit INSERT waited for the open transaction');
  });
});
