/**
 * Another account's access points, reached through a restore access backup vault (AWS: "from
 * another account that has been granted access through ... a restore access backup vault"), and
 * what revoking that access does: "All backup access points created by the formerly authorized
 * account transition to DISASSOCIATED status; lifecycle protection for associated recovery points
 * is removed if the recovery point has no more associated access points."
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AssociateBackupVaultMpaApprovalTeamCommand,
  CreateRestoreAccessBackupVaultCommand,
  DeleteBackupVaultCommand,
  DescribeRecoveryPointCommand,
  RevokeRestoreAccessBackupVaultCommand,
} from '@aws-sdk/client-backup';
import { createAirGappedVault } from '../helpers/air-gapped.js';
import { completedBackup } from '../helpers/backups.js';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { CREATING_SECONDS, DELETING_SECONDS, DISASSOCIATING_SECONDS } from '../../src/services/access-points/lifecycle.js';
import { READY_SECONDS } from '../../src/services/vaults/restore-access.js';
import { accessPointApi, assertError, statusEvents, notifyOn } from './api.js';

const REQUESTER = '222222222222';
const TEAM = 'arn:aws:mpa:us-east-1:999999999999:approval-team/teamA1';
const LAG_ARN = `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:lag`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:lag-events`;
const BUCKET = `arn:aws:s3:::shared-evidence`;
const arnOf = (name: string, account = REQUESTER): string => `arn:aws:backup:us-east-1:${account}:accesspoint/${name}`;

describe('access points through a restore access backup vault', () => {
  const t = suiteServer({
    each: async (s) => {
      await createAirGappedVault(s, { BackupVaultName: 'lag' });
      await s.client.send(new AssociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: 'lag', MpaApprovalTeamArn: TEAM }));
    },
  });
  const owner = () => accessPointApi(t.url, ACCOUNT);
  const requester = () => accessPointApi(t.url, REQUESTER);
  const lagPoint = async () => (await completedBackup(t, { BackupVaultName: 'lag', ResourceArn: BUCKET, Lifecycle: { DeleteAfterDays: 14 } })).RecoveryPointArn;
  const restoreAccess = async (BackupVaultName: string) => {
    const out = await t.clientFor(REQUESTER).send(new CreateRestoreAccessBackupVaultCommand({ SourceBackupVaultArn: LAG_ARN, BackupVaultName }));
    return out.RestoreAccessBackupVaultArn!;
  };

  it('lets the other account create one once its restore access vault is AVAILABLE, and DISASSOCIATES it when access is revoked', async () => {
    const RecoveryPointArn = await lagPoint();
    await t.client.send(notifyOn('lag', TOPIC, ['ACCESS_POINT_DISASSOCIATED']));
    // Without a restore access vault the point is not the requester's to see.
    assertError(await requester().create({ Name: 'forensics', RecoveryPointArn }), 'ResourceNotFoundException', /Recovery point .* was not found/);
    const rav = await restoreAccess('recovery');
    assertError(await requester().create({ Name: 'forensics', RecoveryPointArn }), 'ResourceNotFoundException', /was not found/, 400);
    await t.advance(READY_SECONDS);

    const created = await requester().create({ Name: 'forensics', RecoveryPointArn });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.deepEqual(created.json, { AccessPointArn: arnOf('forensics'), Status: 'CREATING' });
    await t.advance(CREATING_SECONDS);
    const d = (await requester().describe(arnOf('forensics'))).json;
    assert.equal(d.Status, 'AVAILABLE');
    assert.equal(d.BackupVaultArn, LAG_ARN, "the recovery point's vault");
    assert.equal(d.AccessPointMetadata.S3AccessPointArn, `arn:aws:s3:us-east-1:${REQUESTER}:accesspoint/forensics`);
    // The owner sees it among the point's access points (its lifecycle waits for it: the next test).
    assert.deepEqual((await owner().byRecoveryPoint(RecoveryPointArn)).json.BackupAccessPoints.map((a: { AccessPointArn: string }) => a.AccessPointArn), [arnOf('forensics')]);

    await t.client.send(new RevokeRestoreAccessBackupVaultCommand({ BackupVaultName: 'lag', RestoreAccessBackupVaultArn: rav }));
    const revoked = (await requester().describe(arnOf('forensics'))).json;
    assert.equal(revoked.Status, 'DISASSOCIATING');
    assert.match(revoked.StatusMessage, new RegExp(`^Access to recovery point .* through restore access backup vault ${rav} was revoked`));
    // Not deletable until DISASSOCIATED (the stricter reading).
    assertError(await requester().remove(arnOf('forensics')), 'InvalidRequestException', /is DISASSOCIATING; delete it once DescribeBackupAccessPoint says DISASSOCIATED/);

    await t.advance(DISASSOCIATING_SECONDS);
    assert.equal((await requester().describe(arnOf('forensics'))).json.Status, 'DISASSOCIATED');
    // The DISASSOCIATED one stays listed until deleted.
    assert.equal((await requester().list()).json.BackupAccessPoints[0].Status, 'DISASSOCIATED');
    assert.equal((await requester().remove(arnOf('forensics'))).status, 204);
    await t.advance(DELETING_SECONDS);
    assert.deepEqual(await statusEvents(t, arnOf('forensics')), ['CREATING', 'AVAILABLE', 'DISASSOCIATING', 'DISASSOCIATED', 'DELETING', 'DELETED']);
    const sns = (await t.admin('GET', `/events?detailType=ACCESS_POINT_DISASSOCIATED`)).json.events;
    assert.deepEqual(sns.map((e: { target: string; account: string }) => [e.target, e.account]), [[TOPIC, ACCOUNT]], "the recovery point's vault is told");
  });

  it('releases the lifecycle at once when the last protecting access point is disassociated', async () => {
    const RecoveryPointArn = (await completedBackup(t, { BackupVaultName: 'lag', ResourceArn: BUCKET, Lifecycle: { DeleteAfterDays: 7 } })).RecoveryPointArn;
    await restoreAccess('recovery');
    await t.advance(READY_SECONDS);
    await requester().create({ Name: 'reader', RecoveryPointArn });
    await t.advance(8 * 86_400);
    const held = await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'lag', RecoveryPointArn }));
    assert.equal(held.Status, 'EXPIRED');
    assert.match(held.StatusMessage!, /cannot be deleted by its lifecycle while it has backup access points: reader \(AVAILABLE\)/);
    // The requester deletes its restore access vault: the same revocation.
    await t.clientFor(REQUESTER).send(new DeleteBackupVaultCommand({ BackupVaultName: 'recovery' }));
    assert.equal((await requester().describe(arnOf('reader'))).json.Status, 'DISASSOCIATING');
    await t.advance(DISASSOCIATING_SECONDS);
    assert.equal((await errorOf(() => t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'lag', RecoveryPointArn })))).name, 'ResourceNotFoundException');
  });

  it("leaves the owner's own access points and those reached through another vault alone", async () => {
    const RecoveryPointArn = await lagPoint();
    const first = await restoreAccess('first');
    await restoreAccess('second');
    await t.advance(READY_SECONDS);
    await requester().create({ Name: 'via-first', RecoveryPointArn });
    await owner().create({ Name: 'own', RecoveryPointArn });
    await t.advance(CREATING_SECONDS);
    await t.client.send(new RevokeRestoreAccessBackupVaultCommand({ BackupVaultName: 'lag', RestoreAccessBackupVaultArn: first }));
    // The requester still reaches the point through its second vault: a new access point works.
    assert.equal((await requester().create({ Name: 'via-second', RecoveryPointArn })).status, 201);
    await t.advance(DISASSOCIATING_SECONDS);
    assert.equal((await requester().describe(arnOf('via-first'))).json.Status, 'DISASSOCIATED');
    assert.equal((await requester().describe(arnOf('via-second'))).json.Status, 'AVAILABLE');
    assert.equal((await owner().describe(arnOf('own', ACCOUNT))).json.Status, 'AVAILABLE');
  });
});
