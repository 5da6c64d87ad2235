import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CreateBackupVaultCommand, StartBackupJobCommand } from '@aws-sdk/client-backup';
import { describeResourceArn } from '../../src/resources/resource-types.js';
import { ROLE } from '../helpers/backups.js';
import { errorOf, startTestServer, type TestServer } from '../helpers/server.js';

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
        { arn: stack, stackMembers: [{ logicalId: 'Table', arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/things' }] },
      ],
    });
    assert.equal(put.status, 200);
    await t.admin('PUT', '/resources', { resources: [{ arn: 'arn:aws:ec2:us-east-1:111111111111:volume/vol-1', sizeBytes: 200, backupOutcome: 'FAILED' }] });
    const list = await t.admin('GET', '/resources');
    assert.equal(list.json.resources.length, 2);
    const vol = list.json.resources.find((r: any) => r.arn.endsWith('vol-1'));
    assert.equal(vol.sizeBytes, 200);
    assert.equal(vol.backupOutcome, 'FAILED');
    assert.deepEqual(list.json.resources.find((r: any) => r.arn === stack).stackMembers, [{ logicalId: 'Table', arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/things' }]);
    const del = await t.admin('DELETE', `/resources/${encodeURIComponent(stack)}`);
    assert.equal(del.status, 200);
    assert.equal((await t.admin('GET', '/resources')).json.resources.length, 1);
    assert.equal((await t.admin('DELETE', `/resources/${encodeURIComponent(stack)}`)).status, 404);
  });

  it('refuses bad entries with a message', async () => {
    const bad = await t.admin('PUT', '/resources', { resources: [{ arn: 'arn:aws:sqs:us-east-1:111111111111:q' }] });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /^body\.resources\[0\]\.arn 'arn:aws:sqs:us-east-1:111111111111:q' is not an ARN of a resource type AWS Backup supports: it backs up no sqs resources \(it backs up ec2, rds, /);
    const outcome = await t.admin('PUT', '/resources', { resources: [{ arn: 'arn:aws:s3:::bkt1', backupOutcome: 'MAYBE' }] });
    assert.match(outcome.json.error, /backupOutcome must be COMPLETED or FAILED/);
    const members = await t.admin('PUT', '/resources', { resources: [{ arn: 'arn:aws:s3:::bkt1', stackMembers: [] }] });
    assert.match(members.json.error, /only for CloudFormation stacks/);
  });

  it('names the rule an entry\'s ARN breaks, or why AWS Backup does not back it up', async () => {
    const put = async (arn: string): Promise<string> => {
      const res = await t.admin('PUT', '/resources', { resources: [{ arn }] });
      assert.equal(res.status, 400, arn);
      return res.json.error;
    };
    const cases: [string, string][] = [
      ['arn:aws:dynamodb:us-east-1:111111111111:table/t', "breaks a rule: DynamoDB table names are 3 to 255 characters of a-z, A-Z, 0-9, _, - and . (got 't')"],
      ['arn:aws:dynamodb:us-east-1:111111111111:table/a b c', "breaks a rule: DynamoDB table names are 3 to 255 characters of a-z, A-Z, 0-9, _, - and . (got 'a b c')"],
      ['arn:aws:ec2:us-east-1:111111111111:volume/disk-1', "breaks a rule: EBS volume IDs are vol- followed by letters and digits (got 'disk-1')"],
      [`arn:aws:rds:us-east-1:111111111111:db:${'d'.repeat(64)}`, 'breaks a rule: RDS DB instance identifiers are 1 to 63 letters, digits and hyphens, starting with a letter'],
      ['arn:aws:s3:::Bucket', "breaks a rule: S3 bucket names are 3 to 63 characters of a-z, 0-9, . and -, starting and ending with a letter or digit (got 'Bucket')"],
      ['arn:aws:s3:us-east-1::bucket', "breaks a rule: S3 bucket ARNs have no Region and no account: arn:aws:s3:::BUCKET (got Region 'us-east-1', account '')"],
      ['arn:aws:cloudformation:us-east-1:111111111111:stack/9lives/1', "breaks a rule: CloudFormation stack ARNs end in stack/NAME/ID, NAME being 1 to 128 letters, digits and hyphens that start with a letter (got '9lives/1')"],
      ['arn:aws:ec2:us-east-1:1111:volume/vol-1', "breaks a rule: EBS ARNs name a 12-digit account ID (got '1111')"],
      ['arn:aws:ec2:useast1:111111111111:volume/vol-1', "breaks a rule: EBS ARNs name a Region such as us-east-1 (got 'useast1')"],
      ['arn:aws:ec2:us-east-1:111111111111:security-group/sg-1', 'is not an ARN of a resource type AWS Backup supports: of ec2 resources it backs up volume/... and instance/... only'],
      ['arn:aws:iam::111111111111:role/app', 'is not an ARN of a resource type AWS Backup supports: it backs up no iam resources'],
      ['vol-1', 'breaks a rule: ARNs have the form arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE'],
      ['arn:azure:ec2:us-east-1:111111111111:volume/vol-1', "breaks a rule: the partition is aws, aws-cn, aws-us-gov or another aws-* partition (got 'azure')"],
    ];
    for (const [arn, problem] of cases) assert.ok((await put(arn)).startsWith(`body.resources[0].arn '${arn}' ${problem}`), `${arn}: ${await put(arn)}`);
  });

  it('refuses a stack member whose ARN breaks a rule, naming its logicalId; accepts one AWS Backup skips', async () => {
    const stack = 'arn:aws:cloudformation:us-east-1:111111111111:stack/app/1a2b3c4d-0000-1111-2222-333344445555';
    const put = (stackMembers: unknown[]) => t.admin('PUT', '/resources', { resources: [{ arn: stack, stackMembers }] });
    const table = (name: string) => `arn:aws:dynamodb:us-east-1:111111111111:table/${name}`;
    const cases: [unknown[], string][] = [
      [
        [{ logicalId: 'Orders', arn: table('orders') }, { logicalId: 'Table', arn: table('t') }],
        `body.resources[0].stackMembers[1] (logicalId 'Table'): arn '${table('t')}' breaks a rule: DynamoDB table names are 3 to 255 characters of a-z, A-Z, 0-9, _, - and . (got 't').`,
      ],
      [
        [{ logicalId: 'Data-Volume', arn: 'arn:aws:ec2:us-east-1:111111111111:volume/vol-1' }],
        "body.resources[0].stackMembers[0] (logicalId 'Data-Volume'): logicalId breaks a rule: CloudFormation logical IDs are 1 to 255 letters and digits (A-Za-z0-9).",
      ],
      [
        [{ logicalId: 'A', arn: table('one') }, { logicalId: 'A', arn: table('two') }],
        "body.resources[0].stackMembers[1] (logicalId 'A'): logicalId repeats body.resources[0].stackMembers[0]; logical IDs are unique within a stack.",
      ],
      [
        [{ logicalId: 'A', arn: table('one') }, { logicalId: 'B', arn: table('one') }],
        `body.resources[0].stackMembers[1] (logicalId 'B'): arn '${table('one')}' is also body.resources[0].stackMembers[0]'s; a resource is one member of its stack.`,
      ],
      [
        [{ logicalId: 'West', arn: 'arn:aws:dynamodb:us-west-2:111111111111:table/orders' }],
        "body.resources[0].stackMembers[0] (logicalId 'West'): arn 'arn:aws:dynamodb:us-west-2:111111111111:table/orders' is in 111111111111/us-west-2, but a stack's resources are in the stack's own account and Region (111111111111/us-east-1).",
      ],
      [[{ logicalId: 'A', arn: table('one'), type: 'AWS::DynamoDB::Table' }], "body.resources[0].stackMembers[0] (logicalId 'A') has an unknown field 'type'."],
    ];
    for (const [members, message] of cases) {
      const res = await put(members);
      assert.equal(res.status, 400);
      assert.equal(res.json.error, message);
    }
    assert.deepEqual((await t.admin('GET', '/resources')).json.resources, [], 'nothing was stored');
    // Well-formed ARNs of types AWS Backup does not back up are members it skips, as AWS does.
    const skipped = [
      { logicalId: 'Role', arn: 'arn:aws:iam::111111111111:role/app' },
      { logicalId: 'Fn', arn: 'arn:aws:lambda:us-east-1:111111111111:function:api' },
      { logicalId: 'Sg', arn: 'arn:aws:ec2:us-east-1:111111111111:security-group/sg-1' },
      { logicalId: 'Bucket', arn: 'arn:aws:s3:::app-bucket' },
    ];
    assert.equal((await put(skipped)).status, 200);
  });

  it('answers StartBackupJob\'s bad ResourceArn with the rule it breaks', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    const start = (ResourceArn: string) => t.client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn, IamRoleArn: ROLE }));
    const short = await errorOf(() => start('arn:aws:dynamodb:us-east-1:111111111111:table/t'));
    assert.equal(short.name, 'InvalidParameterValueException');
    assert.equal(short.message, "Invalid ResourceArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/t' breaks a rule: DynamoDB table names are 3 to 255 characters of a-z, A-Z, 0-9, _, - and . (got 't').");
    const role = await errorOf(() => start('arn:aws:iam::111111111111:role/app'));
    assert.match(role.message, /^Invalid ResourceArn: 'arn:aws:iam::111111111111:role\/app' is not an ARN of a resource type AWS Backup supports: it backs up no iam resources/);
  });

  it('loads --resources FILE at start-up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'holdfast-inv-'));
    const file = join(dir, 'resources.json');
    writeFileSync(file, JSON.stringify({ resources: [{ arn: 'arn:aws:s3:::from-file', sizeBytes: 5 }] }));
    const s = await startTestServer({ resourcesFile: file });
    try {
      const list = await s.admin('GET', '/resources');
      assert.deepEqual(list.json.resources, [{ arn: 'arn:aws:s3:::from-file', sizeBytes: 5 }]);
      // A reset puts the server back as it started: the file's entries again, nothing added since.
      await s.admin('PUT', '/resources', { resources: [{ arn: 'arn:aws:s3:::added-later' }] });
      await s.admin('DELETE', `/resources/${encodeURIComponent('arn:aws:s3:::from-file')}`);
      await s.admin('POST', '/reset');
      assert.deepEqual((await s.admin('GET', '/resources')).json.resources, [{ arn: 'arn:aws:s3:::from-file', sizeBytes: 5 }]);
    } finally {
      await s.close();
    }
  });
});
