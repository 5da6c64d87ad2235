/**
 * The public Node API (src/index.ts), the same tests in both modes: a server started in this
 * process (startHoldfast) and a `holdfast serve` child reached over HTTP (connectHoldfast).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  BackupClient,
  CreateBackupVaultCommand,
  CreateReportPlanCommand,
  DescribeBackupJobCommand,
  DescribeBackupVaultCommand,
  ListBackupVaultsCommand,
  StartBackupJobCommand,
  StartReportJobCommand,
} from '@aws-sdk/client-backup';
import { connectHoldfast, HoldfastError, startHoldfast, type Holdfast } from '../../src/index.js';
import { startChild, type ChildServer } from '../helpers/child.js';
import { errorOf, T0 } from '../helpers/server.js';

const ACCOUNT = '222222222222';
const VOLUME = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/AWSBackupDefaultServiceRole`;
const HOUR = 3600_000;

const modes: [string, () => Promise<{ hf: Holdfast; stop: () => Promise<void> }>][] = [
  [
    'startHoldfast (in process)',
    async () => {
      const hf = await startHoldfast({ frozenClock: true, startTime: T0.toISOString() });
      return { hf, stop: () => hf.close() };
    },
  ],
  [
    'connectHoldfast (holdfast serve in a child process)',
    async () => {
      const child: ChildServer = await startChild(['--port', '0', '--in-memory', '--frozen-clock', '--start-time', T0.toISOString()]);
      const hf = await connectHoldfast(child.url);
      return {
        hf,
        stop: async () => {
          await hf.close();
          await child.kill();
        },
      };
    },
  ],
];

for (const [mode, start] of modes) {
  describe(`the public API through ${mode}`, () => {
    let hf: Holdfast;
    let stop: () => Promise<void>;
    const clients: BackupClient[] = [];
    const client = (account?: string): BackupClient => {
      const c = new BackupClient({ ...hf.clientConfig(account), maxAttempts: 1 });
      clients.push(c);
      return c;
    };

    before(async () => ({ hf, stop } = await start()));
    after(async () => {
      for (const c of clients) c.destroy();
      await stop();
    });
    beforeEach(() => hf.reset());

    it('hands any SDK an endpoint, a region and credentials, one account per access key id', async () => {
      assert.match(hf.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(hf.region, 'us-east-1');
      assert.equal(hf.accountId, '000000000000');
      assert.deepEqual(hf.credentialsFor(ACCOUNT), { accessKeyId: ACCOUNT, secretAccessKey: 'holdfast' });
      await client().send(new CreateBackupVaultCommand({ BackupVaultName: 'shared' }));
      const vault = await client().send(new DescribeBackupVaultCommand({ BackupVaultName: 'shared' }));
      assert.equal(vault.BackupVaultArn, 'arn:aws:backup:us-east-1:000000000000:backup-vault:shared');
      // Another account sees nothing of the default account's vaults.
      assert.deepEqual((await client(ACCOUNT).send(new ListBackupVaultsCommand({}))).BackupVaultList, []);
      assert.throws(() => hf.credentialsFor('12345'), (e: unknown) => e instanceof HoldfastError && /'12345' is not a 12-digit account id/.test(e.message));
    });

    it('moves the clock by durations and resolves once the work due by then has run', async () => {
      const start = (await hf.clock.now()).getTime();
      assert.deepEqual(await hf.clock.state(), { now: new Date(start), frozen: true });
      const backup = client(ACCOUNT);
      await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
      await hf.resources.put([{ arn: VOLUME, backupDurationSeconds: 80 * 60 }]);
      const { BackupJobId } = await backup.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: VOLUME, IamRoleArn: ROLE }));
      const state = async (): Promise<string | undefined> => (await backup.send(new DescribeBackupJobCommand({ BackupJobId }))).State;
      assert.deepEqual(await hf.clock.advance(30), new Date(start + 30_000));
      assert.notEqual(await state(), 'COMPLETED');
      assert.deepEqual(await hf.clock.advance('90m'), new Date(start + 30_000 + 1.5 * HOUR));
      assert.equal(await state(), 'COMPLETED');
      assert.deepEqual(await hf.clock.advance('12h'), new Date(start + 30_000 + 13.5 * HOUR));
      assert.deepEqual(await hf.clock.advance('30d'), new Date(start + 30_000 + 13.5 * HOUR + 30 * 24 * HOUR));
      assert.deepEqual(await hf.clock.set('2027-06-01T00:00:00Z'), new Date('2027-06-01T00:00:00Z'));
      assert.deepEqual(await hf.clock.set(new Date('2027-06-02T00:00:00Z')), new Date('2027-06-02T00:00:00Z'));
      const back = await errorOf(() => hf.clock.set('2027-01-01T00:00:00Z'));
      assert.ok(back instanceof HoldfastError);
      assert.match(back.message, /^clock\.set: Cannot move the clock backwards from 2027-06-02T00:00:00\.000Z to 2027-01-01T00:00:00\.000Z\.$/);
      assert.equal((back).status, 400);
    });

    it('freezes and resumes the clock', async () => {
      await hf.clock.resume();
      assert.equal((await hf.clock.state()).frozen, false);
      const frozenAt = await hf.clock.freeze();
      assert.deepEqual(await hf.clock.state(), { now: frozenAt, frozen: true });
      assert.deepEqual(await hf.clock.now(), frozenAt);
    });

    it('refuses a bad duration or instant before calling the server', async () => {
      for (const [by, message] of [
        ['5x', /^clock\.advance: '5x' is not a duration; use 30d, 12h, 90m or a number of seconds$/],
        ['-1d', /^clock\.advance: the clock cannot move backwards; '-1d' is negative$/],
        [-5, /^clock\.advance: the clock cannot move backwards; -5 is negative$/],
        [Number.NaN, /^clock\.advance: NaN is not a number of seconds$/],
      ] as const) {
        const e = await errorOf(() => hf.clock.advance(by));
        assert.ok(e instanceof HoldfastError);
        assert.match(e.message, message);
      }
      assert.match((await errorOf(() => hf.clock.set('tomorrow'))).message, /^clock\.set: 'tomorrow' is not a valid Date or ISO-8601 instant/);
    });

    it('lists the event log with filters, typed, and clears it', async () => {
      const backup = client(ACCOUNT);
      await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
      await hf.resources.put([{ arn: VOLUME, backupOutcome: 'FAILED', failureMessage: 'Access denied' }]);
      const { BackupJobId } = await backup.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: VOLUME, IamRoleArn: ROLE }));
      await hf.clock.advance('1h');
      const all = await hf.events.list();
      assert.deepEqual(all.map((e) => e.detailType), ['Backup Vault State Change', 'Backup Job State Change', 'Backup Job State Change', 'Backup Job State Change']);
      const jobs = await hf.events.list({ detailType: 'Backup Job State Change', account: ACCOUNT, region: 'us-east-1', resource: BackupJobId });
      assert.deepEqual(jobs.map((e) => (e.channel === 'eventbridge' ? e.payload.detail.state : undefined)), ['CREATED', 'RUNNING', 'FAILED']);
      const failed = jobs[2]!;
      assert.ok(failed.time instanceof Date);
      assert.equal(failed.time.getTime(), T0.getTime() + 5_000);
      assert.equal(failed.channel, 'eventbridge');
      assert.equal(failed.target, `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`);
      assert.deepEqual(failed.delivery, { state: 'logged', pending: [], delivered: [], attempts: 0, lastError: null, nextAttemptAt: null });
      assert.deepEqual((await hf.events.list({ since: jobs[1]!.seq })).map((e) => e.seq), [failed.seq]);
      assert.deepEqual(await hf.events.list({ account: '333333333333' }), []);
      const bad = await errorOf(() => hf.events.list({ colour: 'red' } as never));
      assert.ok(bad instanceof HoldfastError);
      assert.match(bad.message, /^events\.list: 'colour' is not a filter \(known: since, detailType, account, region, resource\)$/);
      assert.match((await errorOf(() => hf.events.list({ since: -1 }))).message, /^events\.list: since must be a sequence number/);
      await hf.events.clear();
      assert.deepEqual(await hf.events.list(), []);
    });

    it('puts, lists and removes inventory entries', async () => {
      const table = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
      await hf.resources.put([{ arn: VOLUME, sizeBytes: 1024, tags: { team: 'a' } }, { arn: table, backupOutcome: 'FAILED' }]);
      assert.deepEqual(
        (await hf.resources.list()).sort((a, b) => a.arn.localeCompare(b.arn)),
        [{ arn: table, backupOutcome: 'FAILED' }, { arn: VOLUME, sizeBytes: 1024, tags: { team: 'a' } }].sort((a, b) => a.arn.localeCompare(b.arn)),
      );
      assert.equal(await hf.resources.remove(table), true);
      assert.equal(await hf.resources.remove(table), false);
      assert.deepEqual((await hf.resources.list()).map((r) => r.arn), [VOLUME]);
      const refused = await errorOf(() => hf.resources.put([{ arn: 'arn:aws:nope:::x' }]));
      assert.ok(refused instanceof HoldfastError);
      assert.equal((refused).status, 400);
      assert.match(refused.message, /^resources\.put: body\.resources\[0\]\.arn 'arn:aws:nope:::x' is not an ARN of a resource type AWS Backup supports/);
    });

    it('declares, reads and clears the organization', async () => {
      assert.equal(await hf.organization.get(), undefined);
      await hf.organization.set({ managementAccountId: '111111111111', accounts: [ACCOUNT] });
      assert.deepEqual(await hf.organization.get(), { managementAccountId: '111111111111', delegatedAdministrators: [], organizationalUnits: [], accounts: [ACCOUNT] });
      await hf.organization.clear();
      assert.equal(await hf.organization.get(), undefined);
      assert.match((await errorOf(() => hf.organization.set({ managementAccountId: 'me' }))).message, /^organization\.set: "managementAccountId" is required/);
    });

    it('lists and reads the report files of a report job', async () => {
      const admin = client('111111111111');
      await hf.reports.createBucket('reports');
      await admin.send(
        new CreateReportPlanCommand({
          ReportPlanName: 'Jobs',
          ReportDeliveryChannel: { S3BucketName: 'reports', S3KeyPrefix: 'team/', Formats: ['CSV'] },
          ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT' },
        }),
      );
      const { ReportJobId } = await admin.send(new StartReportJobCommand({ ReportPlanName: 'Jobs' }));
      await hf.clock.advance('5m');
      const keys = await hf.reports.list('reports');
      assert.equal(keys.length, 1);
      assert.match(keys[0]!, new RegExp(`^team/Backup/us-east-1/\\d{4}/\\d{2}/\\d{2}/Jobs_${ReportJobId}\\.csv$`));
      assert.deepEqual(await hf.reports.list('reports', 'team/Backup/'), keys);
      assert.deepEqual(await hf.reports.list('reports', 'other/'), []);
      assert.match(await hf.reports.read('reports', keys[0]!), /^reportTimePeriodStart,reportTimePeriodEnd,accountId,region,backupJobId,jobStatus/);
      assert.match((await errorOf(() => hf.reports.list('missing-bucket'))).message, /^reports\.list: Bucket missing-bucket does not exist\.$/);
    });

    it('resets the data and the clock', async () => {
      await client().send(new CreateBackupVaultCommand({ BackupVaultName: 'gone' }));
      await hf.resources.put([{ arn: VOLUME }]);
      await hf.clock.advance('400d');
      await hf.clock.resume();
      await hf.reset();
      assert.deepEqual((await client().send(new ListBackupVaultsCommand({}))).BackupVaultList, []);
      assert.deepEqual(await hf.resources.list(), []);
      assert.deepEqual(await hf.clock.state(), { now: T0, frozen: true });
    });
  });
}

describe('closing', () => {
  it('stops an in-process server on close, once, and refuses calls afterwards', async () => {
    const hf = await startHoldfast();
    await hf.close();
    await hf.close();
    const refused = await fetch(`${hf.endpoint}/_holdfast/health`).then(
      () => 'answered',
      (e: { cause?: { code?: string } }) => e.cause?.code,
    );
    assert.equal(refused, 'ECONNREFUSED');
    assert.match((await errorOf(() => hf.clock.now())).message, /^clock\.now: this Holdfast is closed$/);
  });

  it('stops it at the end of an `await using` block', async () => {
    let endpoint: string;
    {
      await using hf = await startHoldfast();
      endpoint = hf.endpoint;
      assert.equal((await fetch(`${endpoint}/_holdfast/health`)).status, 200);
    }
    await assert.rejects(fetch(`${endpoint}/_holdfast/health`));
  });

  it('leaves a server it connected to running', async () => {
    const server = await startHoldfast();
    try {
      const hf = await connectHoldfast(`${server.endpoint}/`);
      assert.equal(hf.endpoint, server.endpoint);
      await hf.close();
      assert.ok((await server.clock.now()) instanceof Date);
    } finally {
      await server.close();
    }
  });
});
