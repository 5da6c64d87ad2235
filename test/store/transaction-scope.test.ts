/**
 * A store transaction belongs to the async context of its body: calls made inside it join it,
 * every other call (a concurrent request) waits until it has ended, even when the body awaits
 * real I/O. Each body below awaits a promise the test settles: it stands for such I/O (an SNS
 * publish, a copy of real bytes), and keeps the transaction open while the test acts.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CreateBackupVaultCommand, DescribeBackupVaultCommand } from '@aws-sdk/client-backup';
import { errorOf, startTestServer, T0 } from '../helpers/server.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const scope = { accountId: '111111111111', region: 'us-east-1' };

/** A promise the test settles, and one the transaction body settles once it is inside. */
function ioGate(): { io: Promise<void>; finishIo: () => void; inside: Promise<void>; entered: () => void } {
  let finishIo!: () => void;
  let entered!: () => void;
  const io = new Promise<void>((resolve) => (finishIo = resolve));
  const inside = new Promise<void>((resolve) => (entered = resolve));
  return { io, finishIo, inside, entered };
}

/** Opens a transaction that writes `inside`, waits for its I/O, then fails (rolls back). */
function failingTransaction(store: SqliteStore, gate: ReturnType<typeof ioGate>, id = 'inside'): Promise<unknown> {
  return store.atomically(async () => {
    await store.docs<{ n: number }>('thing').put(scope, id, { n: 1 });
    gate.entered();
    await gate.io;
    throw new Error('the publish failed');
  });
}

describe('store transaction scope', () => {
  const store = new SqliteStore({ inMemory: true });
  const docs = store.docs<{ n: number }>('thing');
  after(() => store.close());

  it('a write from another request waits for the open transaction and survives its rollback', async () => {
    const gate = ioGate();
    const tx = failingTransaction(store, gate);
    await gate.inside;
    const write = docs.put(scope, 'outside-write', { n: 2 }); // another request, meanwhile
    gate.finishIo();
    await assert.rejects(tx, /the publish failed/);
    await write;
    assert.deepEqual(await docs.get(scope, 'outside-write'), { n: 2 }, 'the other request was answered: its write must stay');
    assert.equal(await docs.get(scope, 'inside'), undefined);
  });

  it('a read from another request never sees what the open transaction has not committed', async () => {
    const gate = ioGate();
    const tx = failingTransaction(store, gate, 'dirty');
    await gate.inside;
    const read = docs.get(scope, 'dirty');
    gate.finishIo();
    await assert.rejects(tx, /the publish failed/);
    assert.equal(await read, undefined);
  });

  it('a transaction of another request runs after the open one, not inside it', async () => {
    const gate = ioGate();
    const tx = failingTransaction(store, gate);
    await gate.inside;
    const other = store.atomically(() => docs.put(scope, 'outside-transaction', { n: 3 }));
    gate.finishIo();
    await assert.rejects(tx, /the publish failed/);
    await other;
    assert.deepEqual(await docs.get(scope, 'outside-transaction'), { n: 3 });
  });

  it("keeps the repositories' calls out of another request's transaction too", async () => {
    const schedules = store.restoreTesting;
    const gate = ioGate();
    const tx = failingTransaction(store, gate);
    await gate.inside;
    const writes = Promise.all([
      schedules.setNextFire(scope, 'plan-a', 1_000),
      store.planSchedule.setNext(scope, 'plan-b', 'rule-1', 2_000),
      store.tags.put(scope, 'arn:aws:backup:us-east-1:111111111111:backup-vault:v', { k: 'v' }),
      store.meta.set('txscope-test', 'kept'),
    ]);
    gate.finishIo();
    await assert.rejects(tx, /the publish failed/);
    await writes;
    assert.equal(await schedules.nextFireOf(scope, 'plan-a'), 1_000);
    assert.deepEqual(await store.planSchedule.due(2_000, 10), [{ ...scope, planId: 'plan-b', ruleId: 'rule-1', nextFire: 2_000 }]);
    assert.deepEqual(await store.tags.get('arn:aws:backup:us-east-1:111111111111:backup-vault:v'), { k: 'v' });
    assert.equal(await store.meta.get('txscope-test'), 'kept');
  });

  it('calls made inside the body, nested transactions and concurrent branches included, join it', async () => {
    await assert.rejects(
      store.atomically(async () => {
        await Promise.all([
          docs.put(scope, 'joined-a', { n: 1 }),
          store.atomically(async () => {
            await new Promise<void>((resolve) => setImmediate(resolve)); // a real turn of the event loop
            await docs.put(scope, 'joined-b', { n: 2 });
          }),
        ]);
        assert.deepEqual(await docs.get(scope, 'joined-b'), { n: 2 }, 'the body reads its own writes');
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.equal(await docs.get(scope, 'joined-a'), undefined);
    assert.equal(await docs.get(scope, 'joined-b'), undefined);
  });

  it('work a transaction left behind does not join a later transaction', async () => {
    let resumeLeftover!: () => void;
    const leftoverTurn = new Promise<void>((resolve) => (resumeLeftover = resolve));
    let leftover!: Promise<void>;
    await store.atomically(async () => {
      // Started inside the first transaction, it writes only after that one has committed.
      leftover = leftoverTurn.then(() => docs.put(scope, 'leftover', { n: 4 }));
    });
    const gate = ioGate();
    const tx = failingTransaction(store, gate);
    await gate.inside;
    resumeLeftover();
    gate.finishIo();
    await assert.rejects(tx, /the publish failed/);
    await leftover;
    assert.deepEqual(await docs.get(scope, 'leftover'), { n: 4 });
  });
});

describe('an engine group commit that awaits I/O', () => {
  it('keeps an API call made meanwhile out of its transaction: the call waits, and its write survives the rollback', async () => {
    const t = await startTestServer();
    try {
      await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'short-lived' }));
      const gate = ioGate();
      let due: number | undefined = T0.getTime() + 1_000;
      t.hf.engine.register({
        name: 'publishes-events',
        groupCommit: true,
        nextDue: async () => due,
        run: async () => {
          due = undefined;
          gate.entered();
          await gate.io;
          throw new Error('the publish failed');
        },
      });
      const advance = t.advance(2);
      await gate.inside;
      // Another request, while the group commit's transaction is open (the handler the HTTP layer would call).
      const ctx = { accountId: '111111111111', region: 'us-east-1', requestId: 'concurrent', now: new Date(T0.getTime() + 1_000) };
      const deleted = t.hf.handlers.DeleteBackupVault!({ BackupVaultName: 'short-lived' }, ctx);
      gate.finishIo();
      await assert.rejects(advance, /the publish failed/);
      await deleted;
      const e = await errorOf(() => t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'short-lived' })));
      assert.equal(e.name, 'ResourceNotFoundException', 'the deletion was answered: it must not be rolled back with the engine');
    } finally {
      await t.close();
    }
  });
});
