import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  DescribeGlobalSettingsCommand,
  DescribeRegionSettingsCommand,
  GetSupportedResourceTypesCommand,
  UpdateGlobalSettingsCommand,
  UpdateRegionSettingsCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf, startTestServer, type TestServer } from '../helpers/server.js';

const TYPES = [
  'Aurora', 'CloudFormation', 'DocumentDB', 'DynamoDB', 'EBS', 'EC2', 'EFS', 'EKS', 'FSx', 'Neptune', 'RDS', 'Redshift', 'S3',
  'SAP HANA on Amazon EC2', 'Storage Gateway', 'Timestream', 'VirtualMachine',
];

describe('settings', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());
  beforeEach(async () => void (await t.admin('POST', '/reset')));

  it('lists the supported resource types', async () => {
    const out = await t.client.send(new GetSupportedResourceTypesCommand({}));
    assert.deepEqual(out.ResourceTypes, TYPES);
  });

  it('describes default region settings: every type opted in (DSQL and Redshift Serverless too); CloudFormation, DSQL, DynamoDB and EFS fully managed', async () => {
    const out = await t.client.send(new DescribeRegionSettingsCommand({}));
    assert.deepEqual(Object.keys(out.ResourceTypeOptInPreference ?? {}).sort(), [...TYPES, 'DSQL', 'Redshift Serverless'].sort());
    assert.ok(Object.values(out.ResourceTypeOptInPreference ?? {}).every((v) => v === true));
    assert.deepEqual(out.ResourceTypeManagementPreference, { CloudFormation: true, DSQL: true, DynamoDB: true, EFS: true });
  });

  it('updates region settings per account and region, merging with what was set', async () => {
    await t.client.send(new UpdateRegionSettingsCommand({ ResourceTypeOptInPreference: { S3: false, 'SAP HANA on Amazon EC2': false } }));
    await t.client.send(new UpdateRegionSettingsCommand({ ResourceTypeOptInPreference: { EBS: false }, ResourceTypeManagementPreference: { DynamoDB: false } }));
    const out = await t.client.send(new DescribeRegionSettingsCommand({}));
    assert.equal(out.ResourceTypeOptInPreference?.S3, false);
    assert.equal(out.ResourceTypeOptInPreference?.['SAP HANA on Amazon EC2'], false);
    assert.equal(out.ResourceTypeOptInPreference?.EBS, false);
    assert.equal(out.ResourceTypeOptInPreference?.RDS, true);
    assert.deepEqual(out.ResourceTypeManagementPreference, { CloudFormation: true, DSQL: true, DynamoDB: false, EFS: true });
    // Another region of the same account, and another account, keep the defaults.
    for (const client of [t.clientFor(ACCOUNT, 'eu-west-1'), t.clientFor('222222222222')]) {
      const other = await client.send(new DescribeRegionSettingsCommand({}));
      assert.equal(other.ResourceTypeOptInPreference?.S3, true);
      assert.equal(other.ResourceTypeManagementPreference?.DynamoDB, true);
    }
  });

  it('refuses unknown resource types and empty updates', async () => {
    let e = await errorOf(() => t.client.send(new UpdateRegionSettingsCommand({ ResourceTypeOptInPreference: { Mainframe: true } })));
    assert.equal(e.name, 'InvalidParameterValueException');
    assert.match(e.message, /Unsupported resource type 'Mainframe'/);
    e = await errorOf(() => t.client.send(new UpdateRegionSettingsCommand({ ResourceTypeManagementPreference: { EBS: true } })));
    assert.equal(e.name, 'InvalidParameterValueException');
    assert.match(e.message, /'EBS' .* does not support full AWS Backup management/);
    e = await errorOf(() => t.client.send(new UpdateRegionSettingsCommand({})));
    assert.equal(e.name, 'MissingParameterValueException');
    const out = await t.client.send(new DescribeRegionSettingsCommand({}));
    assert.equal(out.ResourceTypeManagementPreference?.EBS, undefined);
  });

  it('describes and updates global settings per account', async () => {
    let out = await t.client.send(new DescribeGlobalSettingsCommand({}));
    assert.deepEqual(out.GlobalSettings, { isCrossAccountBackupEnabled: 'false', isMpaEnabled: 'false', isDelegatedAdministratorEnabled: 'false' });
    assert.equal(out.LastUpdateTime, undefined);
    await t.advance(60);
    const at = new Date(t.hf.clock.nowMs());
    await t.client.send(new UpdateGlobalSettingsCommand({ GlobalSettings: { isCrossAccountBackupEnabled: 'true' } }));
    out = await t.client.send(new DescribeGlobalSettingsCommand({}));
    assert.equal(out.GlobalSettings?.isCrossAccountBackupEnabled, 'true');
    assert.equal(out.GlobalSettings?.isMpaEnabled, 'false');
    assert.deepEqual(out.LastUpdateTime, at);
    // Kept per account, for every region of it.
    const west = await t.clientFor(ACCOUNT, 'us-west-2').send(new DescribeGlobalSettingsCommand({}));
    assert.equal(west.GlobalSettings?.isCrossAccountBackupEnabled, 'true');
    const other = await t.clientFor('222222222222').send(new DescribeGlobalSettingsCommand({}));
    assert.equal(other.GlobalSettings?.isCrossAccountBackupEnabled, 'false');
  });

  it('checks global setting names and values', async () => {
    let e = await errorOf(() => t.client.send(new UpdateGlobalSettingsCommand({ GlobalSettings: { isTimeTravelEnabled: 'true' } })));
    assert.equal(e.name, 'InvalidParameterValueException');
    assert.match(e.message, /Unknown global setting 'isTimeTravelEnabled'/);
    e = await errorOf(() => t.client.send(new UpdateGlobalSettingsCommand({ GlobalSettings: { isCrossAccountBackupEnabled: 'yes' } })));
    assert.equal(e.name, 'InvalidParameterValueException');
    assert.match(e.message, /must be "true" or "false"/);
    e = await errorOf(() => t.client.send(new UpdateGlobalSettingsCommand({})));
    assert.equal(e.name, 'MissingParameterValueException');
  });
});
