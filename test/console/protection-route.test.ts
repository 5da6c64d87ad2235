/**
 * GET /_holdfast/console/protection and /scopes, through HTTP over state made with the SDK: each
 * point's refusals are the ones DeleteRecoveryPoint answers (legal hold, Vault Lock, composite
 * parent), and the scopes are every account and Region holding data.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateBackupVaultCommand, CreateLegalHoldCommand, DeleteRecoveryPointCommand, PutBackupVaultLockConfigurationCommand } from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { completedBackups } from '../helpers/backups.js';
import { completedStack, stackInventory } from '../composite/fixtures.js';

const VOLUME = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`;
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
const DB = `arn:aws:rds:us-east-1:${ACCOUNT}:db:prod-db`;
const OTHER = '222222222222';

describe('console admin routes: protection and scopes', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const protection = async (...arns: string[]) => {
    const q = new URLSearchParams([['account', ACCOUNT], ...arns.map((a) => ['arn', a] as [string, string])]);
    return t.admin('GET', `/console/protection?${q}`);
  };
  const deleteMessage = async (vault: string, arn: string) =>
    (await errorOf(() => t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: arn })))).message;

  it('answers, for each point, every reason DeleteRecoveryPoint refuses it: a legal hold, Vault Lock, none', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'locked' }));
    await t.client.send(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: 'locked', MinRetentionDays: 1 }));
    const [free, held, locked] = await completedBackups(t, [
      { ResourceArn: VOLUME },
      { ResourceArn: TABLE },
      { ResourceArn: DB, BackupVaultName: 'locked' },
    ]);
    await t.client.send(new CreateLegalHoldCommand({ Title: 'case', Description: 'd', RecoveryPointSelection: { ResourceIdentifiers: [TABLE, DB] } }));
    await t.advance(1);

    const res = await protection(free.RecoveryPointArn, held.RecoveryPointArn, locked.RecoveryPointArn);
    assert.equal(res.status, 200);
    const [f, h, l] = res.json.points;
    assert.deepEqual(f, { recoveryPointArn: free.RecoveryPointArn, exists: true, deletable: true, reasons: [] });
    assert.equal(h.deletable, false);
    assert.deepEqual(h.reasons.map((r: { kind: string }) => r.kind), ['legal-hold']);
    assert.equal(h.reasons[0].message, await deleteMessage('v1', held.RecoveryPointArn));
    // Both guards refuse the locked, held point: the vault's first (composition order), as DeleteRecoveryPoint answers.
    assert.deepEqual(l.reasons.map((r: { kind: string }) => r.kind), ['vault-lock', 'legal-hold']);
    assert.equal(l.reasons[0].message, await deleteMessage('locked', locked.RecoveryPointArn));
    assert.match(l.reasons[0].message, /protected by Vault Lock/);
  });

  it('names the composite rules: a nested point must leave its parent, a parent is blocked by its held nested point', async () => {
    await stackInventory(t);
    const { parent, nested } = await completedStack(t);
    const table = nested.OrdersTable!;
    await t.client.send(new CreateLegalHoldCommand({ Title: 'case', Description: 'd', RecoveryPointSelection: { ResourceIdentifiers: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`] } }));
    await t.advance(1);
    const volume = nested.DataVolume!;
    const [p, v, tb] = (await protection(parent, volume, table)).json.points;
    assert.deepEqual(v.reasons, [{ kind: 'composite-parent', message: await deleteMessage('v1', volume), id: parent }]);
    assert.deepEqual(tb.reasons.map((r: { kind: string }) => r.kind), ['legal-hold', 'composite-parent']);
    assert.equal(p.deletable, false);
    assert.deepEqual(p.reasons.map((r: { kind: string; id: string }) => [r.kind, r.id]), [['legal-hold', table]]);
    assert.equal(p.reasons[0].message, await deleteMessage('v1', parent));
  });

  it('answers exists: false for a point of another scope or none, and 400 with a message for bad input', async () => {
    const [b] = await completedBackups(t, [{ ResourceArn: VOLUME }]);
    const other = await t.admin('GET', `/console/protection?account=${OTHER}&arn=${encodeURIComponent(b.RecoveryPointArn)}`);
    assert.deepEqual(other.json.points, [{ recoveryPointArn: b.RecoveryPointArn, exists: false, deletable: false, reasons: [] }]);
    assert.equal((await protection('arn:aws:backup:us-east-1:111111111111:recovery-point:nope')).json.points[0].exists, false);

    for (const [query, pattern] of [
      [`account=${ACCOUNT}`, /at least one recovery point ARN/],
      [`account=123&arn=x`, /12-digit/],
      [`region=mars&arn=x`, /AWS Region/],
      [`account=${ACCOUNT}&account=${OTHER}&arn=x`, /once/],
      [Array.from({ length: 101 }, (_, i) => `arn=a${i}`).join('&'), /At most 100/],
    ] as const) {
      const res = await t.admin('GET', `/console/protection?${query}`);
      assert.equal(res.status, 400, query);
      assert.match(res.json.message, pattern);
    }
  });

  it('lists every account and Region holding data, with vault, point and job counts', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v2' }));
    await t.clientFor(OTHER, 'eu-west-1').send(new CreateBackupVaultCommand({ BackupVaultName: 'eu' }));
    await completedBackups(t, [{ ResourceArn: VOLUME }, { ResourceArn: TABLE, BackupVaultName: 'v2' }]);
    const res = await t.admin('GET', '/console/scopes');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.scopes, [
      { accountId: ACCOUNT, region: 'us-east-1', vaults: 2, recoveryPoints: 2, jobs: 2, jobsCapped: false },
      { accountId: OTHER, region: 'eu-west-1', vaults: 1, recoveryPoints: 0, jobs: 0, jobsCapped: false },
    ]);
  });
});
