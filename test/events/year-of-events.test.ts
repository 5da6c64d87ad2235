/**
 * Volume: an advance of 400 days whose backup plan makes over 100,000 events returns without
 * waiting on the network (the webhook holds every delivery until the advance has returned), and
 * every event is then delivered.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { CreateBackupPlanCommand, CreateBackupSelectionCommand, CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startWebhook, type Webhook } from '../helpers/webhook.js';
import { ROLE } from '../helpers/backups.js';

/**
 * POST /_holdfast/clock through node:http, which sets no deadline: fetch gives up waiting for
 * headers after 300 s, and over PostgreSQL on a loaded machine this advance has taken longer.
 * This test is about what the advance does; its speed is the bench's business.
 */
function advance(url: string, seconds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/_holdfast/clock`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ advanceSeconds: seconds }));
  });
}

/** 52 volumes backed up daily: 5 events each (job CREATED, RUNNING, COMPLETED; point COMPLETED, DELETING). */
const VOLUMES = 52;
const DAYS = 400;

describe('a year of events', () => {
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

  it('an advance of 400 days logs 100,000 events without waiting for their delivery, then delivers them all', async (ctx) => {
    let release!: () => void;
    const advanced = new Promise<number>((resolve) => (release = () => resolve(200)));
    hook.answer = () => advanced;
    const resources = Array.from({ length: VOLUMES }, (_, i) => ({ arn: `arn:aws:ec2:us-east-1:111111111111:volume/vol-${String(i).padStart(17, '0')}`, sizeBytes: 1024 }));
    await t.admin('PUT', '/resources', { resources });
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'daily' }));
    const { BackupPlanId } = await t.client.send(
      new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'daily', Rules: [{ RuleName: 'daily', TargetBackupVaultName: 'daily', Lifecycle: { DeleteAfterDays: 7 } }] } }),
    );
    await t.client.send(new CreateBackupSelectionCommand({ BackupPlanId, BackupSelection: { SelectionName: 'all', IamRoleArn: ROLE, Resources: ['*'] } }));

    const started = performance.now();
    const moved = await advance(t.url, DAYS * 86400);
    const advanceMs = performance.now() - started;
    assert.equal(moved, 200);
    // Nothing was delivered while the clock moved: every delivery is still held by the webhook.
    assert.equal(hook.received.length, 0);
    const last = (await t.admin('GET', '/events?since=100000&maxResults=1')).json.events;
    assert.equal(last.length, 1, 'at least 100,001 events were logged');
    const total = last[0].seq as number;
    release();
    await hook.waitFor(total, 600_000);
    // The last entry is recorded as delivered once the webhook has answered (bounded wait).
    for (let i = 0; i < 100 && (await t.admin('GET', `/events?since=${total - 1}`)).json.events[0].delivery.state !== 'delivered'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const undelivered = (await t.admin('GET', `/events?since=${total - 1000}&maxResults=1000`)).json.events.filter((e: any) => e.delivery.state !== 'delivered');
    assert.deepEqual(undelivered, []);
    ctx.diagnostic(`${total} events: advance ${Math.round(advanceMs)} ms, all delivered ${Math.round(performance.now() - started - advanceMs)} ms later`);
  });
});
