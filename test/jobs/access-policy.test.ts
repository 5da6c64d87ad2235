/** Vault access policies for cross-account copies: statements, Deny over Allow, and IAM conditions. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DescribeCopyJobCommand, PutBackupVaultAccessPolicyCommand, StartCopyJobCommand } from '@aws-sdk/client-backup';
import { policyAllowsCopy, type CopyRequester } from '../../src/services/common/resource-policy.js';
import { completedBackup } from '../helpers/backups.js';
import { ACCOUNT } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { ROLE, vault, VOLUME } from './fixtures.js';

const VAULT = 'arn:aws:backup:us-east-1:222222222222:backup-vault:shared';
const ORG = 'o-a1b2c3d4e5';
const member: CopyRequester = { account: ACCOUNT, orgId: ORG, orgPaths: [`${ORG}/r-ab12/ou-ab12-cd34ef56/`] };
const outsider: CopyRequester = { account: '333333333333' };
const statement = (extra: Record<string, unknown>, effect = 'Allow') => ({ Effect: effect, Principal: '*', Action: 'backup:CopyIntoBackupVault', Resource: '*', ...extra });
const allows = (requester: CopyRequester, ...statements: object[]) => policyAllowsCopy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), requester, VAULT);

describe('vault access policy for copies', () => {
  it('allows by principal, action and resource; an explicit Deny wins; nothing allowed by default', () => {
    assert.equal(allows(member, statement({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })), true);
    assert.equal(allows(member, statement({ Principal: { AWS: '444444444444' } })), false);
    assert.equal(allows(member, statement({ Action: 'backup:Start*' })), false);
    assert.equal(allows(member, statement({ Action: 'backup:*' })), true);
    assert.equal(allows(member, statement({ Resource: 'arn:aws:backup:us-east-1:222222222222:backup-vault:other' })), false);
    assert.equal(allows(member, statement({}), statement({}, 'Deny')), false);
    assert.equal(allows(member), false);
    assert.equal(policyAllowsCopy('not json', member, VAULT), false);
  });

  it('evaluates the organization condition keys', () => {
    const byOrg = statement({ Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } });
    assert.equal(allows(member, byOrg), true);
    assert.equal(allows(outsider, byOrg), false, 'an account outside the organization has no aws:PrincipalOrgID');
    assert.equal(allows({ ...member, orgId: 'o-zzzzzzzzzz' }, byOrg), false);
    // Keys are case-insensitive; several keys and operators must all hold.
    assert.equal(allows(member, statement({ Condition: { StringEquals: { 'AWS:principalorgid': ORG, 'aws:PrincipalAccount': [ACCOUNT, '444444444444'] } } })), true);
    assert.equal(allows(member, statement({ Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG }, StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT } } })), false);
    // Multi-valued aws:PrincipalOrgPaths with ForAnyValue:StringLike, the documented OU pattern.
    const byOu = statement({ Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${ORG}/*/ou-ab12-cd34ef56/*`] } } });
    assert.equal(allows(member, byOu), true);
    assert.equal(allows({ ...member, orgPaths: [`${ORG}/r-ab12/`] }, byOu), false);
    assert.equal(allows(outsider, byOu), false);
  });

  it('treats absent keys as IAM does (false, but true for negated operators, IfExists, ForAllValues and Null)', () => {
    assert.equal(allows(outsider, statement({ Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } } })), true);
    assert.equal(allows(outsider, statement({ Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': ORG } } })), true);
    assert.equal(allows(outsider, statement({ Condition: { 'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': [`${ORG}/*`] } } })), true);
    assert.equal(allows(outsider, statement({ Condition: { Null: { 'aws:PrincipalOrgID': 'true' } } })), true);
    assert.equal(allows(member, statement({ Condition: { Null: { 'aws:PrincipalOrgID': 'true' } } })), false);
    // A Deny for everyone outside the organization.
    const denyOutside = statement({ Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } } }, 'Deny');
    assert.equal(allows(outsider, statement({}), denyOutside), false);
    assert.equal(allows(member, statement({}), denyOutside), true);
  });

  it('does not count an Allow it cannot evaluate, and applies such a Deny (the stricter reading)', () => {
    const unknown = { Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } };
    assert.equal(allows(member, statement(unknown)), false);
    assert.equal(allows(member, statement({}), statement(unknown, 'Deny')), false);
  });
});

describe('cross-account copies under an organization policy (SDK)', () => {
  const OTHER = '222222222222';
  const t = suiteServer({ vaults: ['v1'] });

  it('copies for a member of the declared organization and refuses another account', async () => {
    assert.equal((await t.admin('PUT', '/organization', { id: ORG, managementAccountId: OTHER, accounts: [ACCOUNT] })).status, 200);
    const other = t.clientFor(OTHER);
    await vault(other, 'shared');
    await other.send(
      new PutBackupVaultAccessPolicyCommand({
        BackupVaultName: 'shared',
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement({ Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } })] }),
      }),
    );
    const copyFrom = async (client = t.client, account = ACCOUNT) => {
      await vault(client, 'src').catch(() => undefined);
      const { RecoveryPointArn } = await completedBackup(t, { BackupVaultName: 'src', ResourceArn: VOLUME.replace(ACCOUNT, account), IamRoleArn: ROLE.replace(ACCOUNT, account) }, { client });
      const { CopyJobId } = await client.send(
        new StartCopyJobCommand({ RecoveryPointArn, SourceBackupVaultName: 'src', DestinationBackupVaultArn: `arn:aws:backup:us-east-1:${OTHER}:backup-vault:shared`, IamRoleArn: ROLE.replace(ACCOUNT, account) }),
      );
      await t.advance(600);
      return (await client.send(new DescribeCopyJobCommand({ CopyJobId }))).CopyJob!;
    };
    assert.equal((await copyFrom()).State, 'COMPLETED');
    const refused = await copyFrom(t.clientFor('333333333333'), '333333333333');
    assert.equal(refused.State, 'FAILED');
    assert.equal(refused.MessageCategory, 'AccessDenied');
  });
});
