import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AssociateBackupVaultMpaApprovalTeamCommand,
  CreateBackupVaultCommand,
  DescribeBackupVaultCommand,
  DisassociateBackupVaultMpaApprovalTeamCommand,
} from '@aws-sdk/client-backup';
import { errorOf, startTestServer, type TestServer } from '../helpers/server.js';
import { createAirGappedVault } from '../helpers/air-gapped.js';

const TEAM_A = 'arn:aws:mpa:us-east-1:999999999999:approval-team/teamA1';
const TEAM_B = 'arn:aws:mpa:us-east-1:999999999999:approval-team/teamB2';

describe('MPA approval teams on logically air-gapped vaults', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());
  beforeEach(async () => {
    await t.admin('POST', '/reset');
    await createAirGappedVault(t, { BackupVaultName: 'lag' });
  });

  const describeVault = (name = 'lag') => t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: name }));

  it('associates a first team at once, and shows it in DescribeBackupVault', async () => {
    const now = new Date(t.hf.clock.nowMs());
    const out = await t.client.send(new AssociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: 'lag', MpaApprovalTeamArn: TEAM_A, RequesterComment: 'first' }));
    assert.equal(out.$metadata.httpStatusCode, 204);
    const d = await describeVault();
    assert.equal(d.MpaApprovalTeamArn, TEAM_A);
    // A first association needs no approval session.
    assert.deepEqual(d.LatestMpaApprovalTeamUpdate, { Status: 'APPROVED', InitiationDate: now });
    assert.equal(d.MpaSessionArn, undefined);
  });

  it('replaces a team and disassociates it, each approved at once through a session of the current team', async () => {
    await t.client.send(new AssociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: 'lag', MpaApprovalTeamArn: TEAM_A }));
    await t.advance(60);
    const replacedAt = new Date(t.hf.clock.nowMs());
    await t.client.send(new AssociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: 'lag', MpaApprovalTeamArn: TEAM_B }));
    let d = await describeVault();
    assert.equal(d.MpaApprovalTeamArn, TEAM_B);
    const u = d.LatestMpaApprovalTeamUpdate!;
    assert.equal(u.Status, 'APPROVED');
    assert.deepEqual(u.InitiationDate, replacedAt);
    assert.match(u.MpaSessionArn ?? '', /^arn:aws:mpa:us-east-1:999999999999:session\/teamA1\/[0-9a-f-]{36}$/);
    assert.match(u.StatusMessage ?? '', /Holdfast has no Multi-party approval service/);

    // The literal query route (POST .../mpaApprovalTeam?delete) through the SDK answers 204.
    const out = await t.client.send(new DisassociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: 'lag', RequesterComment: 'done' }));
    assert.equal(out.$metadata.httpStatusCode, 204);
    d = await describeVault();
    assert.equal(d.MpaApprovalTeamArn, undefined);
    assert.match(d.LatestMpaApprovalTeamUpdate?.MpaSessionArn ?? '', /session\/teamB2\//);
    assert.equal(d.LatestMpaApprovalTeamUpdate?.Status, 'APPROVED');

    const again = await errorOf(() => t.client.send(new DisassociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: 'lag' })));
    assert.equal(again.name, 'InvalidRequestException');
    assert.match(again.message, /has no MPA approval team to disassociate/);
  });

  it('only accepts logically air-gapped vaults, existing vaults and approval team ARNs', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'std' }));
    const std = await errorOf(() => t.client.send(new AssociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: 'std', MpaApprovalTeamArn: TEAM_A })));
    assert.equal(std.name, 'InvalidRequestException');
    assert.match(std.message, /std is a BACKUP_VAULT/);
    const stdOff = await errorOf(() => t.client.send(new DisassociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: 'std' })));
    assert.equal(stdOff.name, 'InvalidRequestException');
    const missing = await errorOf(() => t.client.send(new AssociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: 'nope', MpaApprovalTeamArn: TEAM_A })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    const missingOff = await errorOf(() => t.client.send(new DisassociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: 'nope' })));
    assert.equal(missingOff.name, 'ResourceNotFoundException');
    for (const arn of ['team', 'arn:aws:mpa:us-east-1:999999999999:session/x/y', 'arn:aws:iam::999999999999:role/team']) {
      const e = await errorOf(() => t.client.send(new AssociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: 'lag', MpaApprovalTeamArn: arn })));
      assert.equal(e.name, 'InvalidParameterValueException', arn);
      assert.match(e.message, /not an MPA approval team ARN/);
    }
    const none = await errorOf(() => t.client.send(new AssociateBackupVaultMpaApprovalTeamCommand({ BackupVaultName: 'lag', MpaApprovalTeamArn: undefined })));
    assert.equal(none.name, 'MissingParameterValueException');
    assert.equal((await describeVault()).MpaApprovalTeamArn, undefined);
  });

  it('routes POST .../mpaApprovalTeam only with the literal delete key', async () => {
    // Without ?delete the path and method name no operation; the SDK always sends the key.
    const res = await fetch(`${t.url}/backup-vaults/lag/mpaApprovalTeam`, {
      method: 'POST',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/backup/aws4_request, SignedHeaders=host, Signature=x' },
    });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-amzn-errortype'), 'UnknownOperationException');
    assert.equal((await describeVault()).VaultType, 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT');
  });
});
