/**
 * The outbox: an event is written in the transaction of the change that causes it (none when the
 * change fails), logged with its delivery state, delivered after commit to a webhook, retried in
 * real time when the webhook fails, in order per resource.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateBackupVaultCommand, DeleteBackupVaultCommand, PutBackupVaultLockConfigurationCommand } from '@aws-sdk/client-backup';
import { errorOf, startTestServer, T0, type TestServer } from '../helpers/server.js';
import { startWebhook, type Webhook } from '../helpers/webhook.js';

describe('event log without delivery', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(() => t.close());

  it('logs a vault created, locked and deleted, at the business instants, and nothing for a refused create', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    await errorOf(() => t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' })));
    await t.advance(60);
    await t.client.send(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: 'v1', MinRetentionDays: 1 }));
    await t.advance(60);
    await t.client.send(new DeleteBackupVaultCommand({ BackupVaultName: 'v1' }));
    const { status, json } = await t.admin('GET', '/events');
    assert.equal(status, 200);
    const arn = 'arn:aws:backup:us-east-1:111111111111:backup-vault:v1';
    assert.deepEqual(
      json.events.map((e: any) => [e.channel, e.target, e.detailType, e.payload.time, e.payload.detail, e.payload.resources, e.delivery.state]),
      [
        ['eventbridge', 'arn:aws:events:us-east-1:111111111111:event-bus/default', 'Backup Vault State Change', '2026-01-01T00:00:00Z', { backupVaultName: 'v1', state: 'CREATED' }, [arn], 'logged'],
        ['eventbridge', 'arn:aws:events:us-east-1:111111111111:event-bus/default', 'Backup Vault State Change', '2026-01-01T00:01:00Z', { backupVaultName: 'v1', state: 'MODIFIED', isLocked: 'true' }, [arn], 'logged'],
        ['eventbridge', 'arn:aws:events:us-east-1:111111111111:event-bus/default', 'Backup Vault State Change', '2026-01-01T00:02:00Z', { backupVaultName: 'v1', state: 'DELETED' }, [arn], 'logged'],
      ],
    );
    const e = json.events[0].payload;
    assert.equal(e.version, '0');
    assert.equal(e.source, 'aws.backup');
    assert.equal(e.account, '111111111111');
    assert.equal(e.region, 'us-east-1');
    assert.match(e.id, /^[0-9a-f-]{36}$/);
    assert.equal(json.events[0].time, T0.toISOString());
  });

  it('filters and pages; DELETE and the reset empty it', async () => {
    for (const n of ['a1', 'a2', 'a3']) await t.clientFor('222222222222', 'eu-west-1').send(new CreateBackupVaultCommand({ BackupVaultName: n }));
    const mine = await t.admin('GET', '/events?account=222222222222&region=eu-west-1&maxResults=2');
    assert.deepEqual(mine.json.events.map((e: any) => e.payload.detail.backupVaultName), ['a1', 'a2']);
    const next = await t.admin('GET', `/events?account=222222222222&nextToken=${mine.json.nextToken}`);
    assert.deepEqual(next.json.events.map((e: any) => e.payload.detail.backupVaultName), ['a3']);
    assert.equal(next.json.nextToken, null);
    const byResource = await t.admin('GET', `/events?resource=${encodeURIComponent('arn:aws:backup:eu-west-1:222222222222:backup-vault:a2')}`);
    assert.deepEqual(byResource.json.events.map((e: any) => e.payload.detail.backupVaultName), ['a2']);
    const since = await t.admin('GET', `/events?since=${byResource.json.events[0].seq}&detailType=${encodeURIComponent('Backup Vault State Change')}`);
    assert.deepEqual(since.json.events.map((e: any) => e.payload.detail.backupVaultName), ['a3']);
    assert.equal((await t.admin('GET', '/events?since=x')).status, 400);
    assert.equal((await t.admin('GET', '/events?colour=red')).status, 400);

    assert.equal((await t.admin('DELETE', '/events')).status, 200);
    assert.deepEqual((await t.admin('GET', '/events')).json.events, []);
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'b1' }));
    assert.equal((await t.admin('GET', '/events')).json.events.length, 1);
    await t.admin('POST', '/reset');
    assert.deepEqual((await t.admin('GET', '/events')).json.events, []);
  });
});

describe('delivery to a webhook', () => {
  let t: TestServer;
  let hook: Webhook;
  before(async () => {
    hook = await startWebhook();
    t = await startTestServer({ events: { webhook: hook.url } });
  });
  after(async () => {
    await t.close();
    await hook.close();
  });

  it('delivers after commit, records a failure and retries it in real time, in order per resource', async () => {
    let failures = 1;
    hook.answer = (body) => (body.payload.detail.backupVaultName === 'r1' && failures-- > 0 ? 500 : 200);
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'r1' }));
    await t.client.send(new DeleteBackupVaultCommand({ BackupVaultName: 'r1' }));
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'r2' }));
    // r2 is not held back by r1's failure; r1's DELETED waits for its CREATED.
    await hook.waitFor(1);
    assert.deepEqual(hook.received.map((b) => b.payload.detail.backupVaultName), ['r2']);
    const failed = (await t.admin('GET', '/events')).json.events[0];
    assert.equal(failed.delivery.state, 'retrying');
    assert.equal(failed.delivery.attempts, 1);
    assert.match(failed.delivery.lastError, /webhook: The webhook answered HTTP 500/);
    assert.ok(failed.delivery.nextAttemptAt);
    // The retry comes about a second later (real time, bounded by waitFor's timeout).
    await hook.waitFor(3, 10_000);
    assert.deepEqual(
      hook.received.map((b) => [b.payload.detail.backupVaultName, b.payload.detail.state]),
      [['r2', 'CREATED'], ['r1', 'CREATED'], ['r1', 'DELETED']],
    );
    // The webhook has answered; the worker records the delivery right after (on PostgreSQL one more
    // round trip away), so the log is read until it says so, a bounded number of times.
    let log = (await t.admin('GET', '/events')).json.events;
    for (let i = 0; i < 200 && log.some((e: any) => e.delivery.state !== 'delivered'); i++) log = (await t.admin('GET', '/events')).json.events;
    assert.deepEqual(log.map((e: any) => e.delivery.state), ['delivered', 'delivered', 'delivered']);
    assert.deepEqual(log[0].delivery.delivered, ['webhook']);
    assert.equal(hook.received[1]!.channel, 'eventbridge');
    assert.equal(hook.received[1]!.target, 'arn:aws:events:us-east-1:111111111111:event-bus/default');
  });
});
