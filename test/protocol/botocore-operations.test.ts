/**
 * The operations the protocol layer compiles from the vendored botocore model (the six backup
 * access point operations @aws-sdk/client-backup 3.1092.0 lacks), driven over the wire through
 * the real codec in front of stub handlers: routes, required members, label patterns, query
 * integers, enums and timestamps on the way out. And the vendored model is the one
 * models/README.md records.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { BOTOCORE_RELEASE } from '../../src/protocol/botocore-model.js';
import { botocoreOnlyOperations } from '../../src/protocol/botocore-operations.js';
import { loadOperations } from '../../src/protocol/model.js';
import type { Handlers } from '../../src/services/registry.js';
import { label, signedClient, type SignedClient } from '../helpers/signed.js';
import { startProtocolServer, type ProtocolServer } from './harness.js';

const AP = 'arn:aws:backup:us-east-1:111111111111:accesspoint/reader';
const POINT = 'arn:aws:backup:us-east-1:111111111111:recovery-point:0b1c2d3e-0000-4000-8000-000000000001';

describe('the vendored botocore model', () => {
  it('is the release models/README.md records, byte for byte', () => {
    const file = readFileSync(new URL('../../src/protocol/models/botocore-backup-2018-11-15.json', import.meta.url));
    const readme = readFileSync(new URL('../../src/protocol/models/README.md', import.meta.url), 'utf8');
    assert.ok(readme.includes(`\`${createHash('sha256').update(file).digest('hex')}\``), 'models/README.md records another sha256');
    assert.ok(readme.includes(`**${BOTOCORE_RELEASE}**`), 'models/README.md records another release');
  });

  it('gives the protocol layer the six operations the SDK lacks, with their routes', () => {
    const fromModel = loadOperations().filter((o) => o.source === 'botocore');
    assert.deepEqual(
      fromModel.map((o) => `${o.name} ${o.method} /${o.segments.join('/')} ${o.successCode}`),
      [
        'CreateBackupAccessPoint PUT /backup-access-point/create 201',
        'DeleteBackupAccessPoint DELETE /backup-access-point/delete/{AccessPointArn} 204',
        'DescribeBackupAccessPoint GET /backup-access-point/{AccessPointArn} 200',
        'ListBackupAccessPoints GET /backup-access-point 200',
        'ListBackupAccessPointsByRecoveryPoint POST /backup-access-point/recovery-point/{RecoveryPointArn} 200',
        'ListBackupAccessPointsByResource POST /backup-access-point/resource/{ResourceArn} 200',
      ],
    );
    assert.equal(loadOperations().length, 115);
    // The day the SDK has them, none is compiled from botocore any more.
    assert.deepEqual(botocoreOnlyOperations(new Set(loadOperations().map((o) => o.name))), []);
  });
});

describe('operations compiled from the botocore model, over the wire', () => {
  let server: ProtocolServer;
  let api: SignedClient;
  const seen: { op: string; input: unknown }[] = [];
  const member = {
    AccessPointArn: AP,
    AccessPointMetadata: { S3AccessPointAlias: 'reader-0123456789-ext-s3alias' },
    BackupVaultName: 'v1',
    CreationTime: new Date('2026-01-02T03:04:05.678Z'),
    Name: 'reader',
    RecoveryPointArn: POINT,
    ResourceArn: 'arn:aws:s3:::bucket',
    ResourceType: 'S3',
    Status: 'AVAILABLE' as const,
    Internal: 'never on the wire',
  };
  const handlers: Handlers = {
    CreateBackupAccessPoint: async (input) => (seen.push({ op: 'Create', input }), { AccessPointArn: AP, Status: 'CREATING' }),
    DescribeBackupAccessPoint: async (input) => (seen.push({ op: 'Describe', input }), member),
    DeleteBackupAccessPoint: async (input) => (seen.push({ op: 'Delete', input }), {}),
    ListBackupAccessPoints: async (input) => (seen.push({ op: 'List', input }), { BackupAccessPoints: [member], NextToken: 'n' }),
    ListBackupAccessPointsByRecoveryPoint: async (input) => (seen.push({ op: 'ByPoint', input }), { BackupAccessPoints: [] }),
  };

  before(async () => {
    server = await startProtocolServer(handlers);
    api = signedClient(server.url, '111111111111');
  });
  after(async () => server.close());

  it('routes each operation and builds its input from labels, query and body', async () => {
    seen.length = 0;
    assert.equal((await api.call('PUT', '/backup-access-point/create', { body: { Name: 'reader', RecoveryPointArn: POINT, Tags: { a: 'b' } } })).status, 201);
    assert.equal((await api.call('DELETE', `/backup-access-point/delete/${label(AP)}`)).status, 204);
    assert.equal((await api.call('POST', `/backup-access-point/recovery-point/${label(POINT)}`, { query: { MaxResults: '7', NextToken: 't' } })).status, 200);
    assert.deepEqual(seen, [
      { op: 'Create', input: { Name: 'reader', RecoveryPointArn: POINT, Tags: { a: 'b' } } },
      { op: 'Delete', input: { AccessPointArn: AP } },
      { op: 'ByPoint', input: { RecoveryPointArn: POINT, MaxResults: 7, NextToken: 't' } },
    ]);
    // Not implemented by the stubs: routed all the same, and answered 501 by name.
    const byResource = await api.call('POST', `/backup-access-point/resource/${label('arn:aws:s3:::bucket')}`);
    assert.equal(byResource.status, 501);
    assert.match(byResource.json.Message, /does not implement the ListBackupAccessPointsByResource operation/);
  });

  it('writes only the model\'s members, timestamps as epoch seconds', async () => {
    const described = await api.call('GET', `/backup-access-point/${label(AP)}`);
    assert.equal(described.status, 200);
    const { Internal: _dropped, ...wire } = member;
    assert.deepEqual(described.json, { ...wire, CreationTime: 1767323045.678 });
    const listed = await api.call('GET', '/backup-access-point');
    assert.deepEqual(listed.json, { BackupAccessPoints: [{ ...wire, CreationTime: 1767323045.678 }], NextToken: 'n' });
  });

  it('refuses what breaks the model before any handler runs', async () => {
    seen.length = 0;
    const missing = await api.call('PUT', '/backup-access-point/create', { body: { Name: 'reader' } });
    assert.equal(missing.errorType, 'MissingParameterValueException');
    assert.match(missing.json.Message, /Missing required parameter: RecoveryPointArn\./);
    const badLabel = await api.call('GET', `/backup-access-point/${label('arn:aws:backup:us-east-1:111111111111:accesspoint/x-s3alias')}`);
    assert.equal(badLabel.errorType, 'InvalidParameterValueException');
    assert.match(badLabel.json.Message, /for AccessPointArn: must match the pattern \(arn:aws\[a-z-\]\*:backup:/);
    const badQuery = await api.call('GET', '/backup-access-point', { query: { MaxResults: '1.5' } });
    assert.equal(badQuery.errorType, 'InvalidParameterValueException');
    assert.match(badQuery.json.Message, /Invalid value '1\.5' for MaxResults: expected an integer/);
    const badMap = await api.call('PUT', '/backup-access-point/create', { body: { Name: 'reader', RecoveryPointArn: POINT, AccessPointMetadata: { AccessPointInTime: 5 } } });
    assert.equal(badMap.errorType, 'InvalidParameterValueException');
    assert.match(badMap.json.Message, /Invalid type for AccessPointMetadata\.AccessPointInTime: expected a string, got number/);
    assert.deepEqual(seen, []);
  });
});
