/**
 * Which real recovery points a legal hold covers (StartBackupJob and StartCopyJob on the frozen
 * clock), what ListRecoveryPointsByLegalHold answers for them, the 50-hold limit and tags.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateBackupVaultCommand,
  CreateLegalHoldCommand,
  DescribeBackupJobCommand,
  DescribeCopyJobCommand,
  DescribeRecoveryPointCommand,
  GetLegalHoldCommand,
  ListTagsCommand,
  StartCopyJobCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { completedBackup } from '../helpers/backups.js';
import { suiteServer } from '../helpers/suite.js';
import { backup } from '../jobs/fixtures.js';
import { cancelHold, createHold, DAY, DB, deletePoint, heldArns, heldPoints, holdStatus, points, pointStatus, ROLE, TABLE, VOLUME } from './real-points.js';

describe('legal hold coverage over real recovery points (SDK)', () => {
  const t = suiteServer({ vaults: ['v1', 'v2'] });
  const v2Arn = `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v2`;

  const creationOf = async (vault: string, arn: string): Promise<Date> =>
    (await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: arn }))).CreationDate!;

  it('covers exactly the points matching every criterion that exist when it is created', async () => {
    // Day 0: four points; day 2: two more.
    const [v1Volume0, v2Volume0, v1Table0, v2Db0] = await points(t, ['v1', VOLUME], ['v2', VOLUME], ['v1', TABLE], ['v2', DB]);
    await t.advance(2 * DAY - 60);
    const [v1Volume2, v1Db2] = await points(t, ['v1', VOLUME], ['v1', DB]);
    const day0 = await creationOf('v1', v1Volume0);
    const day2 = await creationOf('v1', v1Volume2);
    const west = t.clientFor(ACCOUNT, 'us-west-2');
    await west.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    const westBackup = { ResourceArn: `arn:aws:ec2:us-west-2:${ACCOUNT}:volume/vol-0123456789abcdef0` };
    const { RecoveryPointArn: westPoint } = await completedBackup(t, westBackup, { client: west });
    // A backup still running when the holds are placed: its point is dated before the holds but
    // did not exist yet, so they do not cover it.
    const { BackupJobId: runningJob } = await backup(t.client, VOLUME);
    await t.advance(1);
    const running = (await t.client.send(new DescribeBackupJobCommand({ BackupJobId: runningJob }))).RecoveryPointArn!;

    const all = await createHold(t.client, { Title: 'everything in us-east-1' });
    const vault = await createHold(t.client, { RecoveryPointSelection: { VaultNames: ['v1'] } });
    const vaultAndResource = await createHold(t.client, { RecoveryPointSelection: { VaultNames: ['v1'], ResourceIdentifiers: [VOLUME, DB] } });
    const resources = await createHold(t.client, { RecoveryPointSelection: { ResourceIdentifiers: [VOLUME, TABLE] } });
    const dayZero = await createHold(t.client, { RecoveryPointSelection: { DateRange: { FromDate: day0, ToDate: new Date(day0.getTime() + DAY * 1000) } } });
    // Both bounds are inclusive: a one-instant range covers the points created at that instant.
    const instant = await createHold(t.client, { RecoveryPointSelection: { VaultNames: ['v1'], DateRange: { FromDate: day2, ToDate: day2 } } });
    const allThree = await createHold(t.client, {
      RecoveryPointSelection: { VaultNames: ['v1', 'v2'], ResourceIdentifiers: [VOLUME], DateRange: { FromDate: new Date(day0.getTime() + 1), ToDate: day2 } },
    });
    const none = await createHold(t.client, { RecoveryPointSelection: { VaultNames: ['nowhere'] } });
    const holds = [all, vault, vaultAndResource, resources, dayZero, instant, allThree, none];
    for (const id of holds) assert.equal(await holdStatus(t.client, id), 'CREATING');
    assert.deepEqual(await heldArns(t.client, vault), [], 'nothing is listed while CREATING');

    // A point made after the holds were placed is not covered, although it matches them all.
    const [late] = await points(t, ['v1', VOLUME]);
    for (const id of holds) assert.equal(await holdStatus(t.client, id), 'ACTIVE', id);

    const sorted = (...arns: string[]): string[] => arns.sort();
    assert.deepEqual(await heldArns(t.client, all), sorted(v1Volume0, v2Volume0, v1Table0, v2Db0, v1Volume2, v1Db2));
    assert.deepEqual(await heldArns(t.client, vault), sorted(v1Volume0, v1Table0, v1Volume2, v1Db2));
    assert.deepEqual(await heldArns(t.client, vaultAndResource), sorted(v1Volume0, v1Volume2, v1Db2));
    assert.deepEqual(await heldArns(t.client, resources), sorted(v1Volume0, v2Volume0, v1Table0, v1Volume2));
    assert.deepEqual(await heldArns(t.client, dayZero), sorted(v1Volume0, v2Volume0, v1Table0, v2Db0));
    assert.deepEqual(await heldArns(t.client, instant), sorted(v1Volume2, v1Db2));
    assert.deepEqual(await heldArns(t.client, allThree), [v1Volume2]);
    assert.deepEqual(await heldArns(t.client, none), []);

    const holdCreated = (await t.client.send(new GetLegalHoldCommand({ LegalHoldId: all }))).CreationDate!;
    assert.ok((await creationOf('v1', running)) < holdCreated, 'the running backup is dated before the hold');
    await deletePoint(t.client, 'v1', running);
    await deletePoint(t.client, 'v1', late);
    await deletePoint(west, 'v1', westPoint);
    assert.equal((await errorOf(() => deletePoint(t.client, 'v2', v2Db0))).name, 'InvalidRequestException');
  });

  it('lists real ARNs with ResourceArn, ResourceType and BackupVaultName, in pages', async () => {
    const [volume, table, db] = await points(t, ['v1', VOLUME], ['v2', TABLE], ['v1', DB]);
    const hold = await createHold(t.client);
    await t.advance(1);
    // Real recovery point ARNs take the form AWS gives each type.
    assert.match(volume, /^arn:aws:ec2:us-east-1::snapshot\/snap-[0-9a-f]{17}$/);
    assert.match(db, new RegExp(`^arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:awsbackup:job-`));
    const members = await heldPoints(t.client, hold, 2);
    assert.deepEqual(members, [
      { RecoveryPointArn: volume, ResourceArn: VOLUME, ResourceType: 'EBS', BackupVaultName: 'v1' },
      { RecoveryPointArn: table, ResourceArn: TABLE, ResourceType: 'DynamoDB', BackupVaultName: 'v2' },
      { RecoveryPointArn: db, ResourceArn: DB, ResourceType: 'RDS', BackupVaultName: 'v1' },
    ]);
  });

  it('does not cover a copy made later of a held point', async () => {
    const [original] = await points(t, ['v1', VOLUME]);
    const hold = await createHold(t.client, { RecoveryPointSelection: { ResourceIdentifiers: [VOLUME] } });
    await t.advance(1);
    // Copying a held point is allowed; the copy has the same resource, but is newer than the hold.
    const copy = await t.client.send(
      new StartCopyJobCommand({ RecoveryPointArn: original, SourceBackupVaultName: 'v1', DestinationBackupVaultArn: v2Arn, IamRoleArn: ROLE }),
    );
    await t.advance(3600);
    const job = (await t.client.send(new DescribeCopyJobCommand({ CopyJobId: copy.CopyJobId }))).CopyJob!;
    assert.equal(job.State, 'COMPLETED');
    assert.deepEqual(await heldArns(t.client, hold), [original]);
    await deletePoint(t.client, 'v2', job.DestinationRecoveryPointArn!);
    assert.equal(await pointStatus(t.client, 'v2', job.DestinationRecoveryPointArn!), undefined);
    assert.equal((await errorOf(() => deletePoint(t.client, 'v1', original))).name, 'InvalidRequestException');
  });

  it('allows 50 live holds on one point; the 51st is refused until one is CANCELED', async () => {
    const [point] = await points(t, ['v1', VOLUME]);
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push(await createHold(t.client, { Title: `hold-${i}`, RecoveryPointSelection: { VaultNames: ['v1'] } }));
    await t.advance(1);
    const e = await errorOf(() => createHold(t.client, { Title: 'one too many' }));
    assert.equal(e.name, 'LimitExceededException');
    assert.match(e.message, /already has 50 legal holds/);
    for (const id of ids) assert.deepEqual(await heldArns(t.client, id), [point]);
    assert.equal((await errorOf(() => deletePoint(t.client, 'v1', point))).message, 'The recovery point cannot be deleted because it has active legal hold(s)');

    await cancelHold(t.client, ids[0]!);
    assert.equal((await errorOf(() => createHold(t.client, { Title: 'still CANCELING' }))).name, 'LimitExceededException');
    await t.advance(1);
    const fifty = await createHold(t.client, { Title: 'room again' });
    await t.advance(1);
    assert.deepEqual(await heldArns(t.client, fifty), [point]);
  });

  it('keeps the tags given at creation under the hold ARN (ListTags)', async () => {
    await points(t, ['v1', VOLUME]);
    const created = await t.client.send(
      new CreateLegalHoldCommand({ Title: 'tagged', Description: 'd', Tags: { case: 'acme-v-holdfast', owner: 'legal' }, RecoveryPointSelection: { VaultNames: ['v1'] } }),
    );
    await t.advance(1);
    const tags = await t.client.send(new ListTagsCommand({ ResourceArn: created.LegalHoldArn }));
    assert.deepEqual(tags.Tags, { case: 'acme-v-holdfast', owner: 'legal' });
  });
});
