/**
 * Bad input to the access point operations gets AWS's exception names (from the model) and a
 * message a person can act on: names, recovery points, metadata, policies, ARNs, tokens.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completedBackup } from '../helpers/backups.js';
import { suiteServer } from '../helpers/suite.js';
import { accessPointApi, assertError } from './api.js';

const BUCKET = 'arn:aws:s3:::validation-bucket';

describe('backup access point validation', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const api = () => accessPointApi(t.url);

  it('refuses names that break the S3 access point naming rules', async () => {
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: BUCKET });
    const cases: [unknown, string, RegExp][] = [
      ['ab', 'InvalidParameterValueException', /Invalid access point name 'ab': it must be 3 to 50 characters long; got 2/],
      ['a'.repeat(51), 'InvalidParameterValueException', /3 to 50 characters long; got 51/],
      ['My-Access', 'InvalidParameterValueException', /use only lowercase letters, digits and hyphens \(Amazon S3 access point naming rules\)/],
      ['my_access', 'InvalidParameterValueException', /use only lowercase letters, digits and hyphens/],
      ['-leading', 'InvalidParameterValueException', /must begin and end with a lowercase letter or a digit/],
      ['reader-s3alias', 'InvalidParameterValueException', /suffixes -s3alias and -ext-s3alias are reserved/],
      ['reader-ext-s3alias', 'InvalidParameterValueException', /reserved for access point aliases/],
      [42, 'InvalidParameterValueException', /Invalid type for Name: expected a string, got number/],
    ];
    for (const [Name, error, message] of cases) assertError(await api().create({ Name, RecoveryPointArn }), error, message);
    assertError(await api().create({ RecoveryPointArn }), 'MissingParameterValueException', /Missing required parameter: Name\./);
    assertError(await api().create({ Name: 'reader' }), 'MissingParameterValueException', /Missing required parameter: RecoveryPointArn\./);
  });

  it('needs an existing S3 recovery point of the caller', async () => {
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: BUCKET });
    const volume = (await completedBackup(t, { ResourceArn: 'arn:aws:ec2:us-east-1:111111111111:volume/vol-0123456789abcdef0' })).RecoveryPointArn;
    assertError(await api().create({ Name: 'reader', RecoveryPointArn: 'not-an-arn' }), 'InvalidParameterValueException', /RecoveryPointArn 'not-an-arn' is not an ARN/);
    assertError(await api().create({ Name: 'reader', RecoveryPointArn: RecoveryPointArn.replace(/.{4}$/, '0000') }), 'ResourceNotFoundException', /Recovery point .* was not found/);
    assertError(await accessPointApi(t.url, '222222222222').create({ Name: 'reader', RecoveryPointArn }), 'ResourceNotFoundException', /was not found/);
    assertError(await api().create({ Name: 'reader', RecoveryPointArn: volume }), 'InvalidParameterValueException', /backs up a resource of type EBS; backup access points are supported for Amazon S3 recovery points only/);
  });

  it('checks AccessPointMetadata, AccessPointPolicy and the types of the body', async () => {
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: BUCKET });
    const create = (extra: Record<string, unknown>) => api().create({ Name: 'reader', RecoveryPointArn, ...extra });
    assertError(await create({ AccessPointMetadata: { AccessPointInTime: '2026-01-01T00:00:00Z' } }), 'InvalidParameterValueException', /is a snapshot, not a continuous backup: do not include AccessPointInTime/);
    assertError(await create({ AccessPointMetadata: { S3AccessPointAlias: 'mine' } }), 'InvalidParameterValueException', /AccessPointMetadata accepts only the key AccessPointInTime; remove S3AccessPointAlias/);
    assertError(await create({ AccessPointMetadata: { AccessPointInTime: 7 } }), 'InvalidParameterValueException', /Invalid type for AccessPointMetadata\.AccessPointInTime: expected a string/);
    assertError(await create({ AccessPointPolicy: '{not json' }), 'InvalidParameterValueException', /AccessPointPolicy is not valid JSON/);
    assertError(await create({ AccessPointPolicy: '[]' }), 'InvalidParameterValueException', /AccessPointPolicy must be a JSON policy document: an object with a Statement/);
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [], Sid: 'x'.repeat(20 * 1024) });
    assertError(await create({ AccessPointPolicy: big }), 'InvalidParameterValueException', /AccessPointPolicy must be 1 byte to 20 KB \(20480 bytes\), the Amazon S3 limit of an access point policy; got 20\d{3} bytes/);
    // The policy of the S3 access point: statements S3 would take, about this access point only.
    const ap = 'arn:aws:s3:us-east-1:111111111111:accesspoint/reader';
    const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
    const allow = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/DataAnalyst' }, Action: 's3:GetObject', Resource: `${ap}/object/*` };
    assertError(await create({ AccessPointPolicy: '{"Statement":[]}' }), 'InvalidParameterValueException', /AccessPointPolicy has no statement/);
    assertError(await create({ AccessPointPolicy: policy({ ...allow, Effect: 'Maybe' }) }), 'InvalidParameterValueException', /statement 1 has Effect "Maybe"; use "Allow" or "Deny"/);
    assertError(await create({ AccessPointPolicy: policy({ ...allow, Principal: undefined }) }), 'InvalidParameterValueException', /statement 1 names no Principal/);
    assertError(await create({ AccessPointPolicy: policy({ ...allow, Action: ['s3:GetObject', 'backup:DeleteRecoveryPoint'] }) }), 'InvalidParameterValueException', /statement 1 has actions that are not Amazon S3 actions: backup:DeleteRecoveryPoint/);
    assertError(await create({ AccessPointPolicy: policy({ ...allow, Resource: 'arn:aws:s3:::other-bucket/*' }) }), 'InvalidParameterValueException', /statement 1 names resources other than this access point \(arn:aws:s3:us-east-1:111111111111:accesspoint\/reader or .*\): arn:aws:s3:::other-bucket\/\*/);
    assertError(await create({ AccessPointPolicy: policy({ ...allow, Resource: undefined }) }), 'InvalidParameterValueException', /statement 1 needs a Resource \(or NotResource\)/);
    assertError(await create({ Tags: ['a'] }), 'InvalidParameterValueException', /Invalid type for Tags: expected a map, got array/);
    assert.equal((await api().list()).json.BackupAccessPoints.length, 0);
    assert.equal((await create({ AccessPointPolicy: policy({ ...allow, Effect: 'Deny', Principal: '*', NotAction: 's3:Get*', Resource: ap }) })).status, 201);
  });

  it('checks the ARN labels against the model and finds only the caller\'s access points', async () => {
    assertError(await api().describe('arn:aws:backup:us-east-1:111111111111:accesspoint/Bad_Name'), 'InvalidParameterValueException', /Invalid value '.*Bad_Name' for AccessPointArn: must match the pattern/);
    assertError(await api().remove('arn:aws:backup:us-east-1:111111111111:backup-vault:v1'), 'InvalidParameterValueException', /for AccessPointArn: must match the pattern/);
    assertError(await api().describe('arn:aws:backup:us-east-1:111111111111:accesspoint/nothing'), 'ResourceNotFoundException', /Backup access point arn:aws:backup:us-east-1:111111111111:accesspoint\/nothing was not found/);
    assertError(await api().byResource('not-an-arn'), 'InvalidParameterValueException', /Invalid value 'not-an-arn' for ResourceArn: must match the pattern/);
    assertError(await api().byRecoveryPoint('nope'), 'InvalidParameterValueException', /Invalid value 'nope' for RecoveryPointArn/);
    assertError(await api().list({ MaxResults: 'ten' }), 'InvalidParameterValueException', /Invalid value 'ten' for MaxResults: expected an integer/);
    assertError(await api().list({ NextToken: 'forged' }), 'InvalidParameterValueException', /The NextToken is not valid for this request/);
    // A method the route does not take.
    const wrongMethod = await api().raw.call('PATCH', '/backup-access-point/create');
    assert.equal(wrongMethod.status, 404);
    assert.equal(wrongMethod.errorType, 'UnknownOperationException');
  });
});
