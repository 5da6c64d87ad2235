import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { describeResourceArn } from '../../src/resources/resource-types.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('resource ARNs', () => {
  it('names the resource type, account, region and name', () => {
    const cases: [string, string, string, string, string][] = [
      ['arn:aws:ec2:us-east-1:111111111111:volume/vol-0abc', 'EBS', '111111111111', 'us-east-1', 'vol-0abc'],
      ['arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc', 'EC2', '111111111111', 'eu-west-1', 'i-0abc'],
      ['arn:aws:rds:us-east-1:111111111111:db:prod', 'RDS', '111111111111', 'us-east-1', 'prod'],
      ['arn:aws:rds:us-east-1:111111111111:cluster:aur', 'Aurora', '111111111111', 'us-east-1', 'aur'],
      ['arn:aws:dynamodb:us-east-1:111111111111:table/orders', 'DynamoDB', '111111111111', 'us-east-1', 'orders'],
      ['arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-12345678', 'EFS', '111111111111', 'us-east-1', 'fs-12345678'],
      ['arn:aws:fsx:us-east-1:111111111111:file-system/fs-0123456789abcdef0', 'FSx', '111111111111', 'us-east-1', 'fs-0123456789abcdef0'],
      ['arn:aws:s3:::my-bucket', 'S3', '', '', 'my-bucket'],
      ['arn:aws:cloudformation:us-east-1:111111111111:stack/app/1a2b3c4d-0000-1111-2222-333344445555', 'CloudFormation', '111111111111', 'us-east-1', 'app'],
      ['arn:aws:storagegateway:us-east-1:111111111111:gateway/sgw-12A3456B/volume/vol-1122AABB', 'Storage Gateway', '111111111111', 'us-east-1', 'vol-1122AABB'],
      ['arn:aws:backup-gateway:us-east-1:111111111111:vm/vm-0123456789abcdef0', 'VirtualMachine', '111111111111', 'us-east-1', 'vm-0123456789abcdef0'],
      ['arn:aws:redshift:us-east-1:111111111111:cluster:analytics', 'Redshift', '111111111111', 'us-east-1', 'analytics'],
      ['arn:aws:docdb:us-east-1:111111111111:cluster:docs', 'DocumentDB', '111111111111', 'us-east-1', 'docs'],
      ['arn:aws:neptune-db:us-east-1:111111111111:cluster:graph', 'Neptune', '111111111111', 'us-east-1', 'graph'],
      ['arn:aws:timestream:us-east-1:111111111111:database/metrics/table/cpu', 'Timestream', '111111111111', 'us-east-1', 'cpu'],
      ['arn:aws:ssm-sap:us-east-1:111111111111:HANA/app1/DB/HDB', 'SAP HANA on Amazon EC2', '111111111111', 'us-east-1', 'app1'],
    ];
    for (const [arn, type, accountId, region, name] of cases) assert.deepEqual(describeResourceArn(arn), { type, accountId, region, name }, arn);
    for (const bad of ['arn:aws:sqs:us-east-1:111111111111:queue', 'not-an-arn', 'arn:aws:ec2:us-east-1:1111:volume/vol-1', 'arn:aws:s3:us-east-1::bucket']) {
      assert.equal(describeResourceArn(bad), undefined, bad);
    }
  });
});

describe('resource inventory admin API', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());
  beforeEach(async () => void (await t.admin('POST', '/reset')));

  it('upserts, lists and deletes entries', async () => {
    const stack = 'arn:aws:cloudformation:us-east-1:111111111111:stack/app/1a2b3c4d-0000-1111-2222-333344445555';
    const put = await t.admin('PUT', '/resources', {
      resources: [
        { arn: 'arn:aws:ec2:us-east-1:111111111111:volume/vol-1', sizeBytes: 100, backupDurationSeconds: 60, tags: { env: 'prod' } },
        { arn: stack, stackMembers: [{ logicalId: 'Table', arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/t' }] },
      ],
    });
    assert.equal(put.status, 200);
    await t.admin('PUT', '/resources', { resources: [{ arn: 'arn:aws:ec2:us-east-1:111111111111:volume/vol-1', sizeBytes: 200, backupOutcome: 'FAILED' }] });
    const list = await t.admin('GET', '/resources');
    assert.equal(list.json.resources.length, 2);
    const vol = list.json.resources.find((r: any) => r.arn.endsWith('vol-1'));
    assert.equal(vol.sizeBytes, 200);
    assert.equal(vol.backupOutcome, 'FAILED');
    assert.deepEqual(list.json.resources.find((r: any) => r.arn === stack).stackMembers, [{ logicalId: 'Table', arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/t' }]);
    const del = await t.admin('DELETE', `/resources/${encodeURIComponent(stack)}`);
    assert.equal(del.status, 200);
    assert.equal((await t.admin('GET', '/resources')).json.resources.length, 1);
    assert.equal((await t.admin('DELETE', `/resources/${encodeURIComponent(stack)}`)).status, 404);
  });

  it('refuses bad entries with a message', async () => {
    const bad = await t.admin('PUT', '/resources', { resources: [{ arn: 'arn:aws:sqs:us-east-1:111111111111:q' }] });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /not an ARN of a resource type AWS Backup supports/);
    const outcome = await t.admin('PUT', '/resources', { resources: [{ arn: 'arn:aws:s3:::bkt1', backupOutcome: 'MAYBE' }] });
    assert.match(outcome.json.error, /backupOutcome must be COMPLETED or FAILED/);
    const members = await t.admin('PUT', '/resources', { resources: [{ arn: 'arn:aws:s3:::bkt1', stackMembers: [] }] });
    assert.match(members.json.error, /only for CloudFormation stacks/);
  });

  it('loads --resources FILE at start-up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'holdfast-inv-'));
    const file = join(dir, 'resources.json');
    writeFileSync(file, JSON.stringify({ resources: [{ arn: 'arn:aws:s3:::from-file', sizeBytes: 5 }] }));
    const s = await startTestServer({ resourcesFile: file });
    try {
      const list = await s.admin('GET', '/resources');
      assert.deepEqual(list.json.resources, [{ arn: 'arn:aws:s3:::from-file', sizeBytes: 5 }]);
    } finally {
      await s.close();
    }
  });
});
