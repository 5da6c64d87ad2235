/**
 * Time travel on a running clock (what `npm start` serves), under load: every advance answers 200,
 * concurrent advances add up, and the clock never goes back, while the ticker, the engine's work
 * of a 400-member stack backup, daily audit reports (files: the engine waits on real I/O, so
 * advances and API calls interleave with its passes) and other API calls run at the same time.
 * Bounded: 10 rounds of 20 concurrent advances (9 s on the 2-core VM at load average 9; the
 * test's timeout is the hard bound).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBackupVaultCommand,
  CreateReportPlanCommand,
  DescribeBackupVaultCommand,
  ListBackupJobsCommand,
  ListReportJobsCommand,
  StartBackupJobCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, startTestServer, type TestServer } from '../helpers/server.js';
import { ROLE } from '../helpers/backups.js';

const STACK = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/big/8a1e3f40-1111-2222-3333-444455556666`;
const MEMBERS = Array.from({ length: 400 }, (_, i) => ({ logicalId: `Volume${i}`, arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-${i.toString(16).padStart(17, '0')}` }));
const ROUNDS = 10;
const ADVANCES_PER_ROUND = 20;
/** Seconds of the advances of a round: one of 9 days (points expire, daily reports), then zero, short and a minute (jobs complete). */
const LONG_STEP = 9 * 86400;
const STEPS = [0, 1, 60, 60];

interface ClockReply {
  status: number;
  now: number;
  frozen: boolean;
}

describe('a running clock under load', () => {
  let t: TestServer;
  const dataDir = mkdtempSync(join(tmpdir(), 'holdfast-running-clock-'));
  before(async () => {
    t = await startTestServer({ frozenClock: false, dataDir });
    const res = await t.admin('PUT', '/resources', {
      resources: [{ arn: STACK, stackMembers: MEMBERS }, ...MEMBERS.map((m) => ({ arn: m.arn, backupDurationSeconds: 30 }))],
    });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    assert.equal((await t.admin('PUT', '/buckets/reports')).status, 200);
    await t.client.send(
      new CreateReportPlanCommand({
        ReportPlanName: 'daily',
        ReportDeliveryChannel: { S3BucketName: 'reports', Formats: ['CSV', 'JSON'] },
        ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT' },
      }),
    );
  });
  after(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const clock = async (body?: unknown): Promise<ClockReply> => {
    const res = await t.admin(body === undefined ? 'GET' : 'POST', '/clock', body);
    return { status: res.status, now: Date.parse(res.json.now), frozen: res.json.frozen };
  };

  it('answers 200 to concurrent advances and API calls, adds the advances up and never goes back', { timeout: 60_000 }, async () => {
    const started = performance.now();
    let last = (await clock()).now;
    const seen = (now: number): void => {
      assert.ok(now >= last, `the clock went back from ${new Date(last).toISOString()} to ${new Date(now).toISOString()}`);
      last = Math.max(last, now);
    };
    for (let round = 0; round < ROUNDS; round++) {
      // Load: a stack backup (a parent and 400 children due at once, expiring after a day) and single jobs.
      await t.client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: STACK, IamRoleArn: ROLE, Lifecycle: { DeleteAfterDays: 1 } }));
      const before = await clock();
      const steps = [LONG_STEP, ...Array.from({ length: ADVANCES_PER_ROUND - 1 }, (_, i) => STEPS[(i + round) % STEPS.length]!)];
      let done = false;
      const advances = Promise.all(
        steps.map(async (seconds) => {
          const from = (await clock()).now;
          const moved = await clock({ advanceSeconds: seconds });
          assert.equal(moved.status, 200, `advance ${seconds} s answered ${moved.status}`);
          assert.ok(moved.now >= from + seconds * 1000, `an advance of ${seconds} s moved the clock only from ${new Date(from).toISOString()} to ${new Date(moved.now).toISOString()}`);
          assert.equal(moved.frozen, false);
        }),
      ).finally(() => (done = true));
      const calls = Promise.all(
        MEMBERS.slice(round * 10, round * 10 + 10).map(async (m) => {
          await t.client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: m.arn, IamRoleArn: ROLE }));
          await t.client.send(new ListBackupJobsCommand({ ByResourceArn: m.arn }));
          await t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v1' }));
        }),
      );
      const poll = (async () => {
        while (!done) {
          const now = await clock();
          assert.equal(now.status, 200);
          seen(now.now);
        }
      })();
      await Promise.all([advances, calls, poll]);
      const after = await clock();
      seen(after.now);
      const total = steps.reduce((a, b) => a + b, 0) * 1000;
      assert.ok(after.now >= before.now + total, `the round's advances add up to ${total} ms, the clock moved ${after.now - before.now} ms`);
    }
    const jobs = await t.client.send(new ListBackupJobsCommand({ ByResourceArn: STACK }));
    assert.ok((jobs.BackupJobs ?? []).every((j) => j.State === 'COMPLETED'), 'every stack backup completed');
    const reports = (await t.client.send(new ListReportJobsCommand({}))).ReportJobs ?? [];
    assert.ok(reports.length > 0 && reports.every((r) => r.Status === 'COMPLETED'), 'the daily reports were written');
    console.log(`# ${ROUNDS * ADVANCES_PER_ROUND} advances under load in ${Math.round(performance.now() - started)} ms`);
  });
});
