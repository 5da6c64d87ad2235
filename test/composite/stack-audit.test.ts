/** Audit Manager's recovery point controls evaluate a stack's composite, its template point and its members' points, each on its own. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UpdateRecoveryPointLifecycleCommand } from '@aws-sdk/client-backup';
import { suiteServer } from '../helpers/suite.js';
import { probeControl } from '../audit/harness.js';
import { completedStack, stackInventory } from './fixtures.js';

describe('audit controls over a stack backup', () => {
  const t = suiteServer({
    dataDir: true,
    vaults: ['v1'],
    each: async (t) => {
      await t.admin('PUT', '/buckets/reports');
      await stackInventory(t);
    },
  });
  const read = (bucket: string, key: string) => readFile(join(t.dataDir, 's3', bucket, ...key.split('/')), 'utf8');

  it('BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK counts the template point with the others', async () => {
    const { parent, template, nested } = await completedStack(t, { Lifecycle: { DeleteAfterDays: 7 } });
    const all = [parent, template, ...Object.values(nested)];
    const p = await probeControl(t, t.client, { ControlName: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', ControlInputParameters: [{ ParameterName: 'requiredRetentionDays', ParameterValue: '30' }] }, read);
    assert.deepEqual(await p.evaluate(), { status: 'NON_COMPLIANT', compliant: 0, nonCompliant: 5, resources: Object.fromEntries(all.map((arn) => [arn, 'NON_COMPLIANT'])) });
    await t.client.send(new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn: parent, Lifecycle: { DeleteAfterDays: 30 } }));
    assert.deepEqual(await p.evaluate(), { status: 'COMPLIANT', compliant: 5, nonCompliant: 0, resources: Object.fromEntries(all.map((arn) => [arn, 'COMPLIANT'])) });
  });
});
