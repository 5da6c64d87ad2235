/**
 * Two instances on one PostgreSQL database deliver the outbox to the same webhook: an entry goes
 * out once, not once per instance. One instance's delivery round is held mid-POST by the
 * webhook; meanwhile the other instance writes an event of its own and wakes its delivery
 * worker, which waits for the round's lock instead of sending the held entries a second time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import { INSTANCE_LOCKS } from '../../src/store/postgres/pg-database.js';
import type { PgStore } from '../../src/store/postgres/pg-store.js';
import { freshDatabase, postgresAvailable } from '../helpers/postgres.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startWebhook, type Received, type Webhook } from '../helpers/webhook.js';

/** Resolves once check() holds, asking again on each turn of the event loop (bounded in real time). */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    assert.ok(Date.now() - started < 30_000, `timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('outbox delivery with several instances', { skip: !postgresAvailable() && 'PostgreSQL 15 is not installed' }, () => {
  let hook: Webhook;
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    hook = await startWebhook();
    const database = await freshDatabase();
    a = await startTestServer({ database, events: { webhook: hook.url } });
    b = await startTestServer({ database, events: { webhook: hook.url } });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await hook?.close();
  });

  it('delivers each entry once, whichever instance wrote it', async () => {
    const arrivals: Received[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    hook.answer = (body) => {
      arrivals.push(body);
      return gate.then(() => 200);
    };

    await a.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'first' }));
    await until(() => arrivals.length > 0, "the first instance's delivery");
    const heldBack = arrivals.length;

    await b.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'second' }));
    const db = (a.hf.store as PgStore).db;
    const waitsForTurn = async (): Promise<boolean> =>
      (await db.query<{ n: number }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = ? AND NOT granted", [INSTANCE_LOCKS.delivery]))[0]!.n > 0;
    // Either the second instance waits for the round's lock, or (without it) it sends what it read.
    await until(async () => arrivals.length > heldBack || (await waitsForTurn()), "the second instance's round");
    release();

    const entries = (await a.admin('GET', '/events?maxResults=1000')).json.events as { seq: number }[];
    assert.ok(entries.length >= 2);
    await until(() => new Set(arrivals.map((r) => r.seq)).size >= entries.length, 'every entry delivered');
    const seqs = arrivals.map((r) => r.seq);
    assert.deepEqual([...seqs].sort((x, y) => x - y), entries.map((e) => e.seq), 'each entry POSTed once');
  });
});
