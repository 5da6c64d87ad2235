/**
 * The Node API's `events.list` reads every page of the event log: a backup plan that backs up 300
 * volumes in one firing makes more than 1,000 entries (each job's CREATED, RUNNING and COMPLETED,
 * each recovery point), and the list answers them all, oldest first, each once, with filters kept
 * across pages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateBackupPlanCommand, CreateBackupSelectionCommand } from '@aws-sdk/client-backup';
import { connectHoldfast, type Holdfast } from '../../src/index.js';
import { suiteServer } from '../helpers/suite.js';
import { ROLE } from '../helpers/backups.js';

const VOLUMES = 300;
const volume = (i: number): string => `arn:aws:ec2:us-east-1:111111111111:volume/vol-${i.toString(16).padStart(17, '0')}`;

describe('event log paging through the Node API', () => {
  const t = suiteServer({ vaults: ['v1'] });
  let hf: Holdfast;
  before(async () => {
    hf = await connectHoldfast(t.url);
  });
  after(async () => hf.close());

  it('events.list answers more than 1,000 entries, every page, oldest first, each once', async () => {
    await t.admin('PUT', '/resources', { resources: Array.from({ length: VOLUMES }, (_, i) => ({ arn: volume(i) })) });
    const rule = { RuleName: 'daily', TargetBackupVaultName: 'v1', ScheduleExpression: 'cron(0 5 ? * * *)', Lifecycle: { DeleteAfterDays: 35 } };
    const plan = await t.client.send(new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'all-volumes', Rules: [rule] } }));
    await t.client.send(
      new CreateBackupSelectionCommand({ BackupPlanId: plan.BackupPlanId, BackupSelection: { SelectionName: 'sel', IamRoleArn: ROLE, Resources: ['arn:aws:ec2:*:*:volume/*'] } }),
    );
    await t.advance(86400);

    const all = await hf.events.list();
    assert.ok(all.length > 1000, `more than one page of 1,000 entries (got ${all.length})`);
    const seqs = all.map((e) => e.seq);
    assert.equal(new Set(seqs).size, seqs.length, 'no entry twice');
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'oldest first');
    for (const e of all) assert.equal(typeof e.seq, 'number');
    // The first and the last entries of the log are those the admin route answers at either end.
    const { json: first } = await t.admin('GET', '/events?maxResults=1');
    assert.equal(all[0]!.seq, first.events[0].seq);

    // A filter holds across pages: every job's three states, no other entry.
    const jobs = await hf.events.list({ detailType: 'Backup Job State Change' });
    assert.equal(jobs.length, VOLUMES * 3);
    assert.ok(jobs.every((e) => e.detailType === 'Backup Job State Change'));
    const since = await hf.events.list({ since: all[999]!.seq });
    assert.deepEqual(since.map((e) => e.seq), seqs.slice(1000));
  });
});
