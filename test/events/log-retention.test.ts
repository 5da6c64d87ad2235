/**
 * The event log's retention (--event-log-max-entries): it keeps the newest N entries, removing
 * older finished ones as new entries are written; an entry still to deliver is never removed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startWebhook, type Webhook } from '../helpers/webhook.js';

const names = async (t: TestServer): Promise<string[]> => (await t.admin('GET', '/events?maxResults=1000')).json.events.map((e: any) => e.payload.detail.backupVaultName);

describe('event log retention without delivery', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer({ eventLogMaxEntries: 3 })));
  after(() => t.close());

  it('keeps the newest entries: every 3 entries written, those older than the newest 3 go', async () => {
    for (let i = 1; i <= 7; i++) await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: `v${i}` }));
    // Pruned after the 3rd (nothing older) and the 6th (v1-v3 go); v7 came after.
    assert.deepEqual(await names(t), ['v4', 'v5', 'v6', 'v7']);
    for (let i = 8; i <= 9; i++) await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: `v${i}` }));
    assert.deepEqual(await names(t), ['v7', 'v8', 'v9']);
  });
});

describe('event log retention with a failing delivery', () => {
  let t: TestServer;
  let hook: Webhook;
  before(async () => {
    hook = await startWebhook();
    // The entry about vault "held" is refused for ever; the others are delivered.
    hook.answer = (body) => (body.payload.detail.backupVaultName === 'held' ? 500 : 200);
    t = await startTestServer({ events: { webhook: hook.url }, eventLogMaxEntries: 2 });
  });
  after(async () => {
    await t.close();
    await hook.close();
  });

  it('never removes an entry still to deliver, however old', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'held' }));
    for (const n of ['aa', 'bb', 'cc', 'dd']) await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: n }));
    await hook.waitFor(4);
    // The webhook has answered; the deliveries are recorded right after (bounded reads).
    let log = (await t.admin('GET', '/events')).json.events;
    for (let i = 0; i < 200 && log.filter((e: any) => e.delivery.state === 'delivered').length < 4; i++) log = (await t.admin('GET', '/events')).json.events;
    for (const n of ['ee', 'ff']) await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: n }));
    log = (await t.admin('GET', '/events')).json.events;
    assert.notEqual(log[0].delivery.state, 'delivered');
    // Pruned after ee (the 6th entry): the finished entries among the first 4 go; held stays.
    assert.deepEqual(log.map((e: any) => e.payload.detail.backupVaultName), ['held', 'dd', 'ee', 'ff']);
  });
});
