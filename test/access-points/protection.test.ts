/**
 * What an access point does to its recovery point: DeleteRecoveryPoint and
 * DisassociateRecoveryPoint are refused while one exists (through the removal guards legal holds
 * use), the lifecycle's deletion waits (the point shows EXPIRED, saying why) and resumes at the
 * instant the last access point is gone. Continuous points need AccessPointInTime.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  DeleteRecoveryPointCommand,
  DescribeRecoveryPointCommand,
  DisassociateRecoveryPointCommand,
  ListBackupJobsCommand,
  UpdateRecoveryPointLifecycleCommand,
} from '@aws-sdk/client-backup';
import { completedBackup, ROLE } from '../helpers/backups.js';
import { errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { CREATING_SECONDS, DELETING_SECONDS } from '../../src/services/access-points/lifecycle.js';
import { accessPointApi, assertError } from './api.js';

const BUCKET = 'arn:aws:s3:::evidence-bucket';
const DAY = 86_400;
const arnOf = (name: string): string => `arn:aws:backup:us-east-1:111111111111:accesspoint/${name}`;

describe('an access point protects its recovery point', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const api = () => accessPointApi(t.url);
  const describePoint = (RecoveryPointArn: string) => t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn }));
  const deletePoint = (RecoveryPointArn: string) => t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn }));

  it('refuses DeleteRecoveryPoint while it is CREATING, AVAILABLE or DELETING, and allows it once the access point is gone', async () => {
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: BUCKET });
    await api().create({ Name: 'reader', RecoveryPointArn });
    for (const step of ['CREATING', 'AVAILABLE', 'DELETING']) {
      const e = await errorOf(() => deletePoint(RecoveryPointArn));
      assert.equal(e.name, 'InvalidRequestException', step);
      assert.match(e.message, /cannot be deleted while it has backup access points: reader \((CREATING|AVAILABLE|DELETING)\)\. Delete them first \(DeleteBackupAccessPoint\)/);
      assert.ok(e.message.includes(`reader (${step})`), e.message);
      if (step === 'CREATING') await t.advance(CREATING_SECONDS);
      if (step === 'AVAILABLE') assert.equal((await api().remove(arnOf('reader'))).status, 204);
    }
    await t.advance(DELETING_SECONDS);
    await deletePoint(RecoveryPointArn);
    assert.equal((await errorOf(() => describePoint(RecoveryPointArn))).name, 'ResourceNotFoundException');
  });

  it('pauses the lifecycle deletion (the point shows EXPIRED, saying why) and resumes it when the last access point is gone', async () => {
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: BUCKET, Lifecycle: { DeleteAfterDays: 1 } });
    await api().create({ Name: 'first', RecoveryPointArn });
    await api().create({ Name: 'second', RecoveryPointArn });
    await t.advance(2 * DAY);
    const held = await describePoint(RecoveryPointArn);
    assert.equal(held.Status, 'EXPIRED');
    assert.match(held.StatusMessage!, /^Retention ended at .*cannot be deleted: .*cannot be deleted by its lifecycle while it has backup access points: first \(AVAILABLE\), second \(AVAILABLE\)/);
    // An EXPIRED point takes no new access point (usable: AVAILABLE, STOPPED or COMPLETED).
    assertError(await api().create({ Name: 'third', RecoveryPointArn }), 'InvalidParameterValueException', /is EXPIRED; a backup access point needs a recovery point in the AVAILABLE, STOPPED or COMPLETED state/);

    await api().remove(arnOf('first'));
    await t.advance(DELETING_SECONDS);
    assert.equal((await describePoint(RecoveryPointArn)).Status, 'EXPIRED'); // "second" still protects it
    await t.advance(DAY);
    assert.equal((await describePoint(RecoveryPointArn)).Status, 'EXPIRED');

    await api().remove(arnOf('second'));
    await t.advance(DELETING_SECONDS - 1);
    assert.equal((await describePoint(RecoveryPointArn)).Status, 'EXPIRED');
    await t.advance(1); // the last one is gone: the deletion runs at this instant, not a day later
    assert.equal((await errorOf(() => describePoint(RecoveryPointArn))).name, 'ResourceNotFoundException');
  });

  it('lets the lifecycle be updated meanwhile, and enforces it once the access points are gone', async () => {
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: BUCKET, Lifecycle: { DeleteAfterDays: 30 } });
    await api().create({ Name: 'reader', RecoveryPointArn });
    await t.advance(CREATING_SECONDS);
    await t.client.send(new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn, Lifecycle: { DeleteAfterDays: 1 } }));
    await t.advance(2 * DAY);
    assert.equal((await describePoint(RecoveryPointArn)).Status, 'EXPIRED');
    await api().remove(arnOf('reader'));
    await t.advance(DELETING_SECONDS);
    assert.equal((await errorOf(() => describePoint(RecoveryPointArn))).name, 'ResourceNotFoundException');
  });

  it('needs AccessPointInTime within the window of a continuous point, keeps it from disassociation and from its lifecycle', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: BUCKET }] });
    const plan = await t.client.send(
      new CreateBackupPlanCommand({
        BackupPlan: {
          BackupPlanName: 'pitr',
          Rules: [{ RuleName: 'pitr', TargetBackupVaultName: 'v1', ScheduleExpression: 'cron(0 5 ? * * *)', EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 2 } }],
        },
      }),
    );
    await t.client.send(new CreateBackupSelectionCommand({ BackupPlanId: plan.BackupPlanId, BackupSelection: { SelectionName: 'sel', IamRoleArn: ROLE, Resources: [BUCKET] } }));
    await t.advance(DAY);
    const jobs = (await t.client.send(new ListBackupJobsCommand({ ByResourceArn: BUCKET }))).BackupJobs!;
    const RecoveryPointArn = jobs.find((j) => j.State === 'COMPLETED')!.RecoveryPointArn!;
    const created = (await describePoint(RecoveryPointArn)).CreationDate!;
    const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

    assertError(await api().create({ Name: 'pitr-view', RecoveryPointArn }), 'InvalidParameterValueException', /is a continuous backup: AccessPointMetadata must include AccessPointInTime/);
    assertError(
      await api().create({ Name: 'pitr-view', RecoveryPointArn, AccessPointMetadata: { AccessPointInTime: '2026-01-01 05:00' } }),
      'InvalidParameterValueException',
      /Invalid AccessPointInTime '2026-01-01 05:00': use the format 2021-11-27T03:30:27Z/,
    );
    const nowMs = t.hf.clock.nowMs();
    for (const outside of [created.getTime() - 1000, nowMs + 1000]) {
      assertError(
        await api().create({ Name: 'pitr-view', RecoveryPointArn, AccessPointMetadata: { AccessPointInTime: iso(outside) } }),
        'InvalidParameterValueException',
        /is outside the retention window of continuous recovery point/,
      );
    }
    const at = iso(Math.ceil((created.getTime() + 60_000) / 1000) * 1000);
    assert.equal((await api().create({ Name: 'pitr-view', RecoveryPointArn, AccessPointMetadata: { AccessPointInTime: at } })).status, 201);
    assert.deepEqual((await api().describe(arnOf('pitr-view'))).json.AccessPointMetadata, { AccessPointInTime: at });
    await t.advance(CREATING_SECONDS);
    const available = (await api().describe(arnOf('pitr-view'))).json.AccessPointMetadata;
    assert.equal(available.AccessPointInTime, at);
    assert.ok(available.S3AccessPointArn && available.S3AccessPointAlias);

    const e = await errorOf(() => t.client.send(new DisassociateRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn })));
    assert.equal(e.name, 'InvalidRequestException');
    assert.match(e.message, /cannot be disassociated while it has backup access points: pitr-view/);
    // Unlike a legal hold, the access point keeps a continuous point past its retention.
    await t.advance(3 * DAY);
    assert.equal((await describePoint(RecoveryPointArn)).Status, 'EXPIRED');
  });
});
