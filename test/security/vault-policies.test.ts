/**
 * Vault access policies on every vault-scoped call (strict mode, listed principals, real SDK):
 * a Deny of DeleteRecoveryPoint to all but a break-glass role, a role's sessions, cross-account
 * callers who need an Allow, and a cross-account copy.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BackupClient,
  CreateBackupVaultCommand,
  DeleteBackupVaultAccessPolicyCommand,
  DeleteRecoveryPointCommand,
  DescribeCopyJobCommand,
  DescribeRecoveryPointCommand,
  ListTagsCommand,
  PutBackupVaultAccessPolicyCommand,
  StartCopyJobCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import { parseCredentials } from '../../src/server/credentials.js';
import { completedBackup } from '../helpers/backups.js';
import { errorOf, startTestServer, type TestServer } from '../helpers/server.js';
import type { Key } from './signing.js';

const A = '111111111111';
const B = '222222222222';
const key = (id: string): Key => ({ accessKeyId: `AKIA${id.padEnd(16, '0')}`, secretAccessKey: `${id}-secret` });
const KEYS = { admin: key('ADMIN'), breakGlass: key('BREAKGLASS'), alice: key('ALICE'), copier: key('COPIER') };
const BREAK_GLASS = `arn:aws:iam::${A}:role/BreakGlass`;
const credentials = parseCredentials({
  credentials: [
    { ...KEYS.admin, accountId: A, principalArn: `arn:aws:iam::${A}:role/Admin` },
    { ...KEYS.breakGlass, accountId: A, principalArn: BREAK_GLASS },
    { ...KEYS.alice, accountId: A, principalArn: `arn:aws:sts::${A}:assumed-role/Admin/alice` },
    { ...KEYS.copier, accountId: B, principalArn: `arn:aws:iam::${B}:role/Copier` },
  ],
});
const ROLE = `arn:aws:iam::${A}:role/AWSBackupDefaultServiceRole`;
const policy = (...Statement: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement });

describe('vault access policies, enforced on the call', () => {
  let t: TestServer;
  const c: Record<keyof typeof KEYS, BackupClient> = {} as never;
  let point: string;

  before(async () => {
    t = await startTestServer({ credentials, strict: true });
    for (const [name, k] of Object.entries(KEYS)) c[name as keyof typeof KEYS] = new BackupClient({ endpoint: t.url, region: 'us-east-1', credentials: k, maxAttempts: 1 });
    await c.admin.send(new CreateBackupVaultCommand({ BackupVaultName: 'vault' }));
    point = (await completedBackup(t, { BackupVaultName: 'vault', ResourceArn: `arn:aws:ec2:us-east-1:${A}:volume/vol-1`, IamRoleArn: ROLE }, { client: c.admin })).RecoveryPointArn;
  });
  after(async () => {
    for (const client of Object.values(c)) client.destroy();
    await t.close();
  });

  it('denies DeleteRecoveryPoint to every principal but the break-glass role', async () => {
    await c.admin.send(
      new PutBackupVaultAccessPolicyCommand({
        BackupVaultName: 'vault',
        Policy: policy({ Effect: 'Deny', Principal: '*', Action: 'backup:DeleteRecoveryPoint', Resource: '*', Condition: { ArnNotEquals: { 'aws:PrincipalArn': BREAK_GLASS } } }),
      }),
    );
    for (const [who, client, arn] of [['admin', c.admin, `arn:aws:iam::${A}:role/Admin`], ['a session of Admin', c.alice, `arn:aws:sts::${A}:assumed-role/Admin/alice`]] as const) {
      const e = await errorOf(() => client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'vault', RecoveryPointArn: point })));
      assert.equal(e.name, 'AccessDeniedException', who);
      assert.equal(e.$metadata?.httpStatusCode, 403);
      assert.equal(e.message, `User: ${arn} is not authorized to perform: backup:DeleteRecoveryPoint on resource: ${point} with an explicit deny in a resource-based policy`);
    }
    // Nothing else is denied, and the point is still there.
    assert.equal((await c.admin.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'vault', RecoveryPointArn: point }))).Status, 'COMPLETED');
    await c.breakGlass.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'vault', RecoveryPointArn: point }));
  });

  it('names a role\'s sessions with the role, and guards the policy itself (the EFS automatic vault\'s pattern)', async () => {
    await c.admin.send(new CreateBackupVaultCommand({ BackupVaultName: 'guarded' }));
    await c.admin.send(
      new PutBackupVaultAccessPolicyCommand({
        BackupVaultName: 'guarded',
        Policy: policy({ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${A}:role/Admin` }, Action: ['backup:DeleteBackupVault*', 'backup:StartRestoreJob', 'backup:List*'], Resource: '*' }),
      }),
    );
    const e = await errorOf(() => c.alice.send(new DeleteBackupVaultAccessPolicyCommand({ BackupVaultName: 'guarded' })));
    assert.equal(e.name, 'AccessDeniedException');
    assert.match(e.message, new RegExp(`on resource: arn:aws:backup:us-east-1:${A}:backup-vault:guarded with an explicit deny`));
    const tags = await errorOf(() => c.admin.send(new ListTagsCommand({ ResourceArn: `arn:aws:backup:us-east-1:${A}:backup-vault:guarded` })));
    assert.equal(tags.name, 'AccessDeniedException');
    await c.breakGlass.send(new DeleteBackupVaultAccessPolicyCommand({ BackupVaultName: 'guarded' }));
  });

  it('refuses StartRestoreJob of a point whose vault denies it (the input names only the point)', async () => {
    await c.admin.send(new CreateBackupVaultCommand({ BackupVaultName: 'restore' }));
    const { RecoveryPointArn } = await completedBackup(t, { BackupVaultName: 'restore', ResourceArn: `arn:aws:ec2:us-east-1:${A}:volume/vol-2`, IamRoleArn: ROLE }, { client: c.admin });
    await c.admin.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'restore', Policy: policy({ Effect: 'Deny', Principal: '*', Action: 'backup:StartRestoreJob', Resource: RecoveryPointArn }) }));
    const e = await errorOf(() => c.breakGlass.send(new StartRestoreJobCommand({ RecoveryPointArn, IamRoleArn: ROLE, Metadata: { AvailabilityZone: 'us-east-1a' } })));
    assert.equal(e.name, 'AccessDeniedException');
  });

  it('lets another account read a recovery point only with an Allow', async () => {
    await c.admin.send(new CreateBackupVaultCommand({ BackupVaultName: 'shared' }));
    const { RecoveryPointArn } = await completedBackup(t, { BackupVaultName: 'shared', ResourceArn: `arn:aws:ec2:us-east-1:${A}:volume/vol-3`, IamRoleArn: ROLE }, { client: c.admin });
    const describe = () => c.copier.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'shared', RecoveryPointArn, BackupVaultAccountId: A }));
    const e = await errorOf(describe);
    assert.equal(e.name, 'AccessDeniedException');
    assert.equal(
      e.message,
      `User: arn:aws:iam::${B}:role/Copier is not authorized to perform: backup:DescribeRecoveryPoint on resource: ${RecoveryPointArn} because no resource-based policy allows the backup:DescribeRecoveryPoint action`,
    );
    await c.admin.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'shared', Policy: policy({ Effect: 'Allow', Principal: { AWS: B }, Action: 'backup:DescribeRecoveryPoint', Resource: '*' }) }));
    assert.equal((await describe()).RecoveryPointArn, RecoveryPointArn);
  });

  it('copies into another account\'s vault under strict mode only where its policy allows', async () => {
    await c.copier.send(new CreateBackupVaultCommand({ BackupVaultName: 'dest' }));
    await c.copier.send(new CreateBackupVaultCommand({ BackupVaultName: 'closed' }));
    await c.copier.send(
      new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'dest', Policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'backup:CopyIntoBackupVault', Resource: '*' }) }),
    );
    await c.admin.send(new CreateBackupVaultCommand({ BackupVaultName: 'src' }));
    const { RecoveryPointArn } = await completedBackup(t, { BackupVaultName: 'src', ResourceArn: `arn:aws:ec2:us-east-1:${A}:volume/vol-4`, IamRoleArn: ROLE }, { client: c.admin });
    const copy = async (vault: string) => {
      const { CopyJobId } = await c.admin.send(
        new StartCopyJobCommand({ RecoveryPointArn, SourceBackupVaultName: 'src', DestinationBackupVaultArn: `arn:aws:backup:us-east-1:${B}:backup-vault:${vault}`, IamRoleArn: ROLE }),
      );
      await t.advance(600);
      return (await c.admin.send(new DescribeCopyJobCommand({ CopyJobId }))).CopyJob!;
    };
    assert.equal((await copy('dest')).State, 'COMPLETED');
    const refused = await copy('closed');
    assert.deepEqual([refused.State, refused.MessageCategory], ['FAILED', 'AccessDenied']);
  });
});
