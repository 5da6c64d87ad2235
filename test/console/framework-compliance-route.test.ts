/**
 * GET /_holdfast/console/framework-compliance through HTTP: each control's compliance now, from
 * the audit domain's own evaluators, flipping when the state is fixed through the SDK.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateFrameworkCommand, PutBackupVaultAccessPolicyCommand } from '@aws-sdk/client-backup';
import { ACCOUNT } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';

describe('console admin routes: framework compliance', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const compliance = (name: string) => t.admin('GET', `/console/framework-compliance?account=${ACCOUNT}&frameworkName=${name}`);

  it("answers each control's status and resource counts, as a control compliance report would now", async () => {
    await t.client.send(
      new CreateFrameworkCommand({
        FrameworkName: 'guard',
        FrameworkControls: [{ ControlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED' }, { ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN' }],
      }),
    );
    let res = await compliance('guard');
    assert.equal(res.status, 200);
    assert.equal(res.json.frameworkName, 'guard');
    assert.deepEqual(res.json.controls[0], { controlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED', status: 'NON_COMPLIANT', resourcesCompliant: 0, resourcesNonCompliant: 1 });
    // No resource in the inventory: nothing to evaluate.
    assert.equal(res.json.controls[1].status, 'INSUFFICIENT_DATA');

    const deny = { Effect: 'Deny', Principal: '*', Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:PutBackupVaultAccessPolicy'], Resource: '*' };
    await t.client.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'v1', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [deny] }) }));
    res = await compliance('guard');
    assert.equal(res.json.controls[0].status, 'COMPLIANT');
  });

  it('answers 404 for a framework that does not exist and 400 without a name', async () => {
    const missing = await compliance('nope');
    assert.equal(missing.status, 404);
    assert.match(missing.json.message, /Framework nope does not exist/);
    const bad = await t.admin('GET', '/console/framework-compliance');
    assert.equal(bad.status, 400);
    assert.match(bad.json.message, /frameworkName/);
  });
});
