/**
 * A logically air-gapped vault is CREATING, then AVAILABLE LAG_CREATING_SECONDS later on the
 * clock; while CREATING it refuses what would put something in it or configure it; the state
 * and the pending transition survive kill -9.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AssociateBackupVaultMpaApprovalTeamCommand,
  BackupClient,
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  CreateLogicallyAirGappedBackupVaultCommand,
  CreateRestoreAccessBackupVaultCommand,
  DeleteBackupVaultCommand,
  DeleteBackupVaultLockConfigurationCommand,
  DescribeBackupVaultCommand,
  DescribeCopyJobCommand,
  ListBackupJobsCommand,
  ListBackupVaultsCommand,
  ListCopyJobsCommand,
  PutBackupVaultAccessPolicyCommand,
  PutBackupVaultLockConfigurationCommand,
  PutBackupVaultNotificationsCommand,
  StartBackupJobCommand,
  StartCopyJobCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf, startTestServer, T0, type TestServer } from '../helpers/server.js';
import { startChild, type ChildServer } from '../helpers/child.js';
import { LAG_CREATING_SECONDS } from '../helpers/air-gapped.js';
import { ROLE, TABLE } from '../jobs/fixtures.js';

const OTHER = '222222222222';
const LAG_ARN = `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:lag`;
const TEAM = 'arn:aws:mpa:us-east-1:999999999999:approval-team/teamA1';
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'backup:DeleteRecoveryPoint', Resource: '*' }] });
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:vault-events`;

describe('logically air-gapped vault creation', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());
  beforeEach(async () => void (await t.admin('POST', '/reset')));

  const createLag = (name = 'lag', client = t.client) =>
    client.send(new CreateLogicallyAirGappedBackupVaultCommand({ BackupVaultName: name, MinRetentionDays: 7, MaxRetentionDays: 30, CreatorRequestId: 'req-1' }));
  const stateOf = async (name = 'lag') => (await t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: name }))).VaultState;
  const listed = async () => (await t.client.send(new ListBackupVaultsCommand({}))).BackupVaultList!.map((v) => [v.BackupVaultName, v.VaultState]);

  it('answers CREATING and turns AVAILABLE LAG_CREATING_SECONDS later, in Describe and List', async () => {
    assert.ok(LAG_CREATING_SECONDS > 1);
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'std' }));
    const out = await createLag();
    assert.deepEqual(
      { ...out, $metadata: undefined },
      { BackupVaultName: 'lag', BackupVaultArn: LAG_ARN, CreationDate: T0, VaultState: 'CREATING', $metadata: undefined },
    );
    assert.equal(await stateOf(), 'CREATING');
    assert.equal(await stateOf('std'), 'AVAILABLE', 'a standard vault is AVAILABLE at once');
    assert.deepEqual(await listed(), [['std', 'AVAILABLE'], ['lag', 'CREATING']]);
    // A retry with the same CreatorRequestId answers the vault as it is now.
    assert.equal((await createLag()).VaultState, 'CREATING');

    await t.advance(LAG_CREATING_SECONDS - 1);
    assert.equal(await stateOf(), 'CREATING');
    await t.advance(1);
    assert.equal(await stateOf(), 'AVAILABLE');
    assert.deepEqual(await listed(), [['std', 'AVAILABLE'], ['lag', 'AVAILABLE']]);
    const again = await createLag();
    assert.equal(again.VaultState, 'AVAILABLE');
    assert.deepEqual(again.CreationDate, T0);
    // The transition is done: nothing is left for the engine.
    assert.equal(await t.hf.store.vaultCreations.nextDue(), undefined);
  });

  it('turns several vaults AVAILABLE, each at its own time', async () => {
    const other = t.clientFor(OTHER);
    await createLag('lag-a');
    await t.advance(2);
    await createLag('lag-b', other);
    await t.advance(LAG_CREATING_SECONDS - 2);
    assert.equal(await stateOf('lag-a'), 'AVAILABLE');
    assert.equal((await other.send(new DescribeBackupVaultCommand({ BackupVaultName: 'lag-b' }))).VaultState, 'CREATING');
    await t.advance(2);
    assert.equal((await other.send(new DescribeBackupVaultCommand({ BackupVaultName: 'lag-b' }))).VaultState, 'AVAILABLE');
  });

  it('refuses backups, copies, settings, restore access and deletion while CREATING', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'src' }));
    const job = await t.client.send(new StartBackupJobCommand({ BackupVaultName: 'src', ResourceArn: TABLE, IamRoleArn: ROLE }));
    await t.advance(3600);
    await createLag();

    const refused: [string, () => Promise<unknown>, RegExp][] = [
      ['StartBackupJob', () => t.client.send(new StartBackupJobCommand({ BackupVaultName: 'lag', ResourceArn: TABLE, IamRoleArn: ROLE })), /backup jobs can start in it/],
      [
        'StartCopyJob',
        () => t.client.send(new StartCopyJobCommand({ RecoveryPointArn: job.RecoveryPointArn, SourceBackupVaultName: 'src', DestinationBackupVaultArn: LAG_ARN, IamRoleArn: ROLE })),
        /copy jobs can copy into it/,
      ],
      ['PutBackupVaultAccessPolicy', () => t.client.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'lag', Policy: POLICY })), /an access policy can be set on it/],
      [
        'PutBackupVaultNotifications',
        () => t.client.send(new PutBackupVaultNotificationsCommand({ BackupVaultName: 'lag', SNSTopicArn: TOPIC, BackupVaultEvents: ['BACKUP_JOB_COMPLETED'] })),
        /notifications can be set on it/,
      ],
      [
        'AssociateBackupVaultMpaApprovalTeam',
        () => t.client.send(new AssociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: 'lag', MpaApprovalTeamArn: TEAM })),
        /an MPA approval team can be associated with it/,
      ],
      ['CreateRestoreAccessBackupVault', () => t.clientFor(OTHER).send(new CreateRestoreAccessBackupVaultCommand({ SourceBackupVaultArn: LAG_ARN })), /restore access can be granted to it/],
      ['DeleteBackupVault', () => t.client.send(new DeleteBackupVaultCommand({ BackupVaultName: 'lag' })), /it can be deleted/],
    ];
    for (const [op, send, what] of refused) {
      const e = await errorOf(send);
      assert.equal(e.name, 'InvalidRequestException', op);
      assert.match(e.message, /^Backup vault lag is CREATING; /, op);
      assert.match(e.message, what, op);
      assert.match(e.message, /only once its VaultState is AVAILABLE/, op);
    }
    // Its lock is fixed in any state.
    for (const send of [
      () => t.client.send(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: 'lag', MinRetentionDays: 8 })),
      () => t.client.send(new DeleteBackupVaultLockConfigurationCommand({ BackupVaultName: 'lag' })),
    ]) {
      const e = await errorOf(send);
      assert.equal(e.name, 'InvalidRequestException');
      assert.match(e.message, /is a LOGICALLY_AIR_GAPPED_BACKUP_VAULT/);
    }
    assert.equal((await t.client.send(new ListCopyJobsCommand({}))).CopyJobs!.length, 0, 'no copy job was recorded');
    assert.equal((await t.client.send(new ListBackupJobsCommand({ ByBackupVaultName: 'lag' }))).BackupJobs!.length, 0);
    assert.equal(await stateOf(), 'CREATING');

    // AVAILABLE: the same requests go through.
    await t.advance(LAG_CREATING_SECONDS);
    const copy = await t.client.send(
      new StartCopyJobCommand({ RecoveryPointArn: job.RecoveryPointArn, SourceBackupVaultName: 'src', DestinationBackupVaultArn: LAG_ARN, IamRoleArn: ROLE, Lifecycle: { DeleteAfterDays: 14 } }),
    );
    await t.client.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'lag', Policy: POLICY }));
    await t.client.send(new PutBackupVaultNotificationsCommand({ BackupVaultName: 'lag', SNSTopicArn: TOPIC, BackupVaultEvents: ['BACKUP_JOB_COMPLETED'] }));
    await t.client.send(new AssociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: 'lag', MpaApprovalTeamArn: TEAM }));
    await t.advance(3600);
    assert.equal((await t.client.send(new DescribeCopyJobCommand({ CopyJobId: copy.CopyJobId }))).CopyJob?.State, 'COMPLETED');
    assert.equal((await t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'lag' }))).NumberOfRecoveryPoints, 1);
  });

  it('deletes an empty vault once it is AVAILABLE', async () => {
    await createLag();
    await t.advance(LAG_CREATING_SECONDS);
    await t.client.send(new DeleteBackupVaultCommand({ BackupVaultName: 'lag' }));
    assert.equal((await errorOf(() => stateOf())).name, 'ResourceNotFoundException');
    // The name is free again, and a new vault of that name starts over.
    assert.equal((await createLag()).VaultState, 'CREATING');
  });

  it("fails a backup plan's copy job into a vault that is still CREATING", async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: TABLE, backupDurationSeconds: 1 }] });
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'main' }));
    const plan = await t.client.send(
      new CreateBackupPlanCommand({
        BackupPlan: {
          BackupPlanName: 'daily',
          Rules: [{ RuleName: 'r', TargetBackupVaultName: 'main', ScheduleExpression: 'cron(0 5 ? * * *)', CopyActions: [{ DestinationBackupVaultArn: LAG_ARN, Lifecycle: { DeleteAfterDays: 14 } }] }],
        },
      }),
    );
    await t.client.send(new CreateBackupSelectionCommand({ BackupPlanId: plan.BackupPlanId, BackupSelection: { SelectionName: 's', IamRoleArn: ROLE, Resources: [TABLE] } }));
    // The vault is created 2 s before the next 05:00 firing; the backup completes at 05:00:01, while it is still CREATING.
    const now = t.hf.clock.nowMs();
    const day = now - (now % 86_400_000);
    const fire = day + 5 * 3_600_000 > now ? day + 5 * 3_600_000 : day + 29 * 3_600_000;
    await t.advance((fire - now) / 1000 - 2);
    await createLag();
    await t.advance(LAG_CREATING_SECONDS + 60);
    const copies = (await t.client.send(new ListCopyJobsCommand({}))).CopyJobs!;
    assert.equal(copies.length, 1);
    assert.equal(copies[0]!.State, 'FAILED');
    assert.equal(copies[0]!.MessageCategory, 'InvalidParameters');
    assert.match(copies[0]!.StatusMessage ?? '', /^Backup vault lag is CREATING; copy jobs can copy into it only once/);
    assert.equal(await stateOf(), 'AVAILABLE');
  });
});

describe('logically air-gapped vault creation across kill -9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-lag-'));
  const dir2 = mkdtempSync(join(tmpdir(), 'holdfast-lag-'));
  const servers: ChildServer[] = [];
  const clients: BackupClient[] = [];
  after(async () => {
    for (const c of clients) c.destroy();
    for (const s of servers) await s.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    rmSync(dir2, { recursive: true, force: true });
  });
  const clientOf = (url: string): BackupClient => {
    const c = new BackupClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'x' }, maxAttempts: 1 });
    clients.push(c);
    return c;
  };
  const advance = async (url: string, seconds: number) => {
    const res = await fetch(`${url}/_holdfast/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: seconds }) });
    assert.equal(res.status, 200);
  };

  it('keeps a CREATING vault CREATING and turns it AVAILABLE on time after a restart', async () => {
    const first = await startChild(['--port', '0', '--data-dir', dir, '--frozen-clock', '--start-time', T0.toISOString()]);
    servers.push(first);
    const out = await clientOf(first.url).send(new CreateLogicallyAirGappedBackupVaultCommand({ BackupVaultName: 'lag', MinRetentionDays: 7, MaxRetentionDays: 30 }));
    assert.equal(out.VaultState, 'CREATING');
    await advance(first.url, LAG_CREATING_SECONDS - 2);
    await first.kill('SIGKILL');

    // The saved clock is restored (frozen, LAG_CREATING_SECONDS - 2 after T0): still CREATING.
    const second = await startChild(['--port', '0', '--data-dir', dir]);
    servers.push(second);
    const client = clientOf(second.url);
    assert.equal((await client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'lag' }))).VaultState, 'CREATING');
    await advance(second.url, 1);
    assert.equal((await client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'lag' }))).VaultState, 'CREATING');
    await advance(second.url, 1);
    assert.equal((await client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'lag' }))).VaultState, 'AVAILABLE');
    await second.kill('SIGKILL');
  });

  it('turns it AVAILABLE at start-up when its time passed while the server was down', async () => {
    const hour = (n: number): string => new Date(T0.getTime() + n * 3600_000).toISOString();
    const third = await startChild(['--port', '0', '--data-dir', dir2, '--frozen-clock', '--start-time', hour(1)]);
    servers.push(third);
    await clientOf(third.url).send(new CreateLogicallyAirGappedBackupVaultCommand({ BackupVaultName: 'lag2', MinRetentionDays: 7, MaxRetentionDays: 30 }));
    await third.kill('SIGKILL');
    const fourth = await startChild(['--port', '0', '--data-dir', dir2, '--frozen-clock', '--start-time', hour(2)]);
    servers.push(fourth);
    assert.equal((await clientOf(fourth.url).send(new DescribeBackupVaultCommand({ BackupVaultName: 'lag2' }))).VaultState, 'AVAILABLE');
  });
});
