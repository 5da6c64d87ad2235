/** What CreateBackupPlan, UpdateBackupPlan and GetBackupPlanFromJSON accept of ScanActions and ScanSettings. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  GetBackupPlanCommand,
  GetBackupPlanFromJSONCommand,
  UpdateBackupPlanCommand,
  type BackupPlanInput,
  type ScanAction,
  type ScanSetting,
} from '@aws-sdk/client-backup';
import { errorOf, startTestServer, type TestServer } from '../helpers/server.js';
import { SCANNER_ROLE, vault } from './fixtures.js';

const FULL: ScanAction = { MalwareScanner: 'GUARDDUTY', ScanMode: 'FULL_SCAN' };
const SETTING: ScanSetting = { MalwareScanner: 'GUARDDUTY', ResourceTypes: ['EBS', 'S3'], ScannerRoleArn: SCANNER_ROLE };
let n = 0;
const doc = (actions: ScanAction[] | undefined, settings: ScanSetting[] | undefined): BackupPlanInput => ({
  BackupPlanName: `plan-${++n}`,
  Rules: [{ RuleName: 'daily', TargetBackupVaultName: 'v1', ScanActions: actions }],
  ScanSettings: settings,
});

describe('ScanActions and ScanSettings in a backup plan', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    await vault(t.client);
  });
  after(async () => t.close());

  const refused = async (plan: BackupPlanInput) => errorOf(() => t.client.send(new CreateBackupPlanCommand({ BackupPlan: plan })));

  it('stores them and answers them in GetBackupPlan, with ALL as a resource type', async () => {
    const created = await t.client.send(new CreateBackupPlanCommand({ BackupPlan: doc([FULL], [SETTING]) }));
    const got = await t.client.send(new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId }));
    assert.deepEqual(got.BackupPlan?.Rules?.[0]?.ScanActions, [FULL]);
    assert.deepEqual(got.BackupPlan?.ScanSettings, [SETTING]);
    const all = { ...SETTING, ResourceTypes: ['ALL'] };
    const updated = await t.client.send(
      new UpdateBackupPlanCommand({ BackupPlanId: created.BackupPlanId, BackupPlan: doc([{ MalwareScanner: 'GUARDDUTY', ScanMode: 'INCREMENTAL_SCAN' }], [all]) }),
    );
    assert.deepEqual(updated.ScanSettings, [all]);
    const again = await t.client.send(new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId }));
    assert.deepEqual(again.BackupPlan?.Rules?.[0]?.ScanActions, [{ MalwareScanner: 'GUARDDUTY', ScanMode: 'INCREMENTAL_SCAN' }]);
    // ScanSettings without any rule that scans are kept (they scan nothing).
    await t.client.send(new CreateBackupPlanCommand({ BackupPlan: doc(undefined, [SETTING]) }));
  });

  it('refuses a rule whose scanner has no ScanSetting in the plan', async () => {
    const e = await refused(doc([FULL], undefined));
    assert.equal(e.name, 'InvalidParameterValueException');
    assert.match(e.message, /^Error in rule daily : ScanActions uses MalwareScanner GUARDDUTY, but the plan has no ScanSettings for it/);
    const created = await t.client.send(new CreateBackupPlanCommand({ BackupPlan: doc(undefined, undefined) }));
    const u = await errorOf(() => t.client.send(new UpdateBackupPlanCommand({ BackupPlanId: created.BackupPlanId, BackupPlan: doc([FULL], []) })));
    assert.equal(u.name, 'InvalidParameterValueException');
    assert.match(u.message, /no ScanSettings for it/);
  });

  it('refuses resource types malware scanning does not support', async () => {
    const e = await refused(doc([FULL], [{ ...SETTING, ResourceTypes: ['EBS', 'RDS'] }]));
    assert.equal(e.name, 'InvalidParameterValueException');
    assert.equal(e.message, "Invalid resource type 'RDS' in the ScanSetting for GUARDDUTY: malware scanning supports EBS, EC2, S3, ALL.");
    const none = await refused(doc([FULL], [{ ...SETTING, ResourceTypes: [] }]));
    assert.match(none.message, /^The ScanSetting for GUARDDUTY needs ResourceTypes/);
  });

  it('refuses a ScanSetting without a scanner role, or with something else than a role ARN', async () => {
    const missing = await refused(doc([FULL], [{ MalwareScanner: 'GUARDDUTY', ResourceTypes: ['EBS'] }]));
    assert.equal(missing.name, 'InvalidParameterValueException');
    assert.match(missing.message, /^The ScanSetting for GUARDDUTY needs a ScannerRoleArn/);
    const bad = await refused(doc([FULL], [{ ...SETTING, ScannerRoleArn: 'arn:aws:iam::111111111111:user/bob' }]));
    assert.equal(bad.name, 'InvalidParameterValueException');
    assert.match(bad.message, /^Invalid ScannerRoleArn 'arn:aws:iam::111111111111:user\/bob'/);
  });

  it('refuses a ScanAction without a scanner or a mode, and one scanner twice', async () => {
    const noMode = await refused(doc([{ MalwareScanner: 'GUARDDUTY' }], [SETTING]));
    assert.equal(noMode.name, 'InvalidParameterValueException');
    assert.equal(noMode.message, 'Error in rule daily : The ScanAction for GUARDDUTY needs a ScanMode (FULL_SCAN or INCREMENTAL_SCAN).');
    const noScanner = await refused(doc([{ ScanMode: 'FULL_SCAN' }], [SETTING]));
    assert.match(noScanner.message, /^Error in rule daily : A ScanAction needs a MalwareScanner/);
    const twice = await refused(doc([FULL, { MalwareScanner: 'GUARDDUTY', ScanMode: 'INCREMENTAL_SCAN' }], [SETTING]));
    assert.match(twice.message, /ScanActions names MalwareScanner GUARDDUTY more than once/);
    const twoSettings = await refused(doc([FULL], [SETTING, SETTING]));
    assert.match(twoSettings.message, /^ScanSettings names MalwareScanner GUARDDUTY more than once/);
  });

  it('refuses unknown scanners and modes, also in GetBackupPlanFromJSON', async () => {
    const e = await refused(doc([{ MalwareScanner: 'GUARDDUTY', ScanMode: 'QUICK_SCAN' as 'FULL_SCAN' }], [SETTING]));
    assert.equal(e.name, 'InvalidParameterValueException');
    assert.match(e.message, /QUICK_SCAN/);
    const json = JSON.stringify({ ...doc([FULL], [{ ...SETTING, MalwareScanner: 'CLAMAV' as 'GUARDDUTY' }]) });
    const j = await errorOf(() => t.client.send(new GetBackupPlanFromJSONCommand({ BackupPlanTemplateJson: json })));
    assert.equal(j.name, 'InvalidParameterValueException');
    assert.match(j.message, /CLAMAV/);
    const good = await t.client.send(new GetBackupPlanFromJSONCommand({ BackupPlanTemplateJson: JSON.stringify(doc([FULL], [SETTING])) }));
    assert.deepEqual(good.BackupPlan?.ScanSettings, [SETTING]);
    assert.deepEqual(good.BackupPlan?.Rules?.[0]?.ScanActions, [FULL]);
  });
});
