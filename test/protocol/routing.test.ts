/**
 * Every operation of the pinned SDK, and the six only the vendored botocore model has, is routed, in the path forms of both SDKs (the JS SDK's
 * templates from the compiled model, botocore's from test/fixtures/botocore-routes.json, which
 * was taken from botocore's service model), with and without a trailing slash, and with ARN
 * labels percent-encoded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadOperations, type OperationModel } from '../../src/protocol/model.js';
import { Router } from '../../src/protocol/router.js';
import botocore from '../fixtures/botocore-routes.json' with { type: 'json' };
import { startProtocolServer, type ProtocolServer } from './harness.js';

const botocoreRoutes = botocore as Record<string, { method: string; uri: string; successCode: number }>;
const operations = loadOperations();

/** A label value that needs percent-encoding: ARNs carry ':' and '/', other ids a space and '+'. */
function labelValue(label: string): string {
  if (/arn$/i.test(label)) return `arn:aws:ec2:us-east-1::snapshot/snap-0123${label.length}`;
  return `id ${label}+1`;
}

interface Form {
  name: string;
  path: string;
  labels: Record<string, string>;
}

/** The request paths for one operation: JS SDK and botocore templates, each with and without a trailing slash. */
function forms(op: OperationModel): Form[] {
  const labels: Record<string, string> = {};
  const values: string[] = [];
  for (const s of op.segments) {
    if (!s.startsWith('{')) continue;
    const name = s.slice(1, -1).replace(/\+$/, '');
    labels[name] = labelValue(name);
    values.push(labels[name]);
  }
  const fill = (template: string): string => {
    let i = 0;
    const [path = '', query] = template.split('?');
    const filled = path.replace(/\{[^}]+\}/g, () => encodeURIComponent(values[i++]!));
    assert.equal(i, values.length, `${op.name}: label count of ${template}`);
    return query ? `${filled}?${query}` : filled;
  };
  const query = op.queryLiterals.length ? `?${op.queryLiterals.join('&')}` : '';
  const js = fill(`/${op.segments.join('/')}${query}`);
  const boto = fill(botocoreRoutes[op.name]!.uri);
  const slashed = (p: string): string => {
    const [path = '', q] = p.split('?');
    const other = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
    return q ? `${other}?${q}` : other;
  };
  return [
    { name: 'js', path: js, labels },
    { name: 'js, other slash', path: slashed(js), labels },
    { name: 'botocore', path: boto, labels },
    { name: 'botocore, other slash', path: slashed(boto), labels },
  ];
}

describe('routing: every operation of the model', () => {
  it('knows the 115 operations: the 109 of @aws-sdk/client-backup 3.1092.0 and the 6 only botocore has, with botocore\'s methods and success codes', () => {
    assert.equal(operations.length, 115);
    assert.equal(operations.filter((o) => o.source === 'sdk').length, 109);
    assert.deepEqual(operations.map((o) => o.name).sort(), Object.keys(botocoreRoutes).sort());
    for (const op of operations) {
      const b = botocoreRoutes[op.name]!;
      assert.equal(op.method, b.method, `${op.name} method`);
      assert.equal(op.successCode, b.successCode, `${op.name} success code`);
    }
  });

  it('matches each operation to its own template in both SDKs\' path forms, decoding labels per segment', () => {
    const router = new Router(operations);
    let checked = 0;
    for (const op of operations) {
      for (const form of forms(op)) {
        const [path = '', query = ''] = form.path.split('?');
        const match = router.match(op.method, path, new Set(query ? query.split('&') : []));
        assert.equal(match?.operation.name, op.name, `${op.method} ${form.path} (${form.name}) should be ${op.name}`);
        assert.deepEqual(match.labels, form.labels, `${op.name} labels (${form.name})`);
        checked++;
      }
    }
    assert.equal(checked, 115 * 4);
  });

  it('takes the route, success code and query names from the compiled model', () => {
    const byName = new Map<string, OperationModel>(operations.map((o) => [o.name, o]));
    const cancel = byName.get('CancelLegalHold')!;
    assert.deepEqual([cancel.method, `/${cancel.segments.join('/')}`, cancel.successCode], ['DELETE', '/legal-holds/{LegalHoldId}', 201]);
    const fromParent = byName.get('DisassociateRecoveryPointFromParent')!;
    assert.deepEqual(
      [fromParent.method, `/${fromParent.segments.join('/')}`, fromParent.successCode],
      ['DELETE', '/backup-vaults/{BackupVaultName}/recovery-points/{RecoveryPointArn}/parentAssociation', 204],
    );
    const mpa = byName.get('DisassociateBackupVaultMpaApprovalTeam')!;
    assert.deepEqual(mpa.queryLiterals, ['delete']);
    const queryNames = (name: string): Record<string, string> =>
      Object.fromEntries([...byName.get(name)!.input.members.values()].filter((m) => m.location === 'query').map((m) => [m.name, m.locationName]));
    assert.deepEqual(queryNames('ListReportPlans'), { MaxResults: 'MaxResults', NextToken: 'NextToken' });
    assert.deepEqual(queryNames('ListFrameworks'), { MaxResults: 'MaxResults', NextToken: 'NextToken' });
    assert.equal(queryNames('ListReportJobs').ByCreationAfter, 'CreationAfter');
    assert.equal(queryNames('ListBackupJobs').ByCreatedAfter, 'createdAfter');
    assert.equal(queryNames('ListBackupJobs').MaxResults, 'maxResults');
    assert.equal(queryNames('ListBackupVaults').ByVaultType, 'vaultType');
  });

  it('prefers a literal segment over a label, and tells methods on one path apart', () => {
    const router = new Router(operations);
    const name = (method: string, path: string, q: string[] = []): string | undefined => router.match(method, path, new Set(q))?.operation.name;
    assert.equal(name('GET', '/backup-jobs/j1'), 'DescribeBackupJob');
    assert.equal(name('POST', '/backup-jobs/j1'), 'StopBackupJob');
    assert.equal(name('PUT', '/backup-jobs'), 'StartBackupJob');
    assert.equal(name('GET', '/backup-jobs'), 'ListBackupJobs');
    assert.equal(name('POST', '/tags/arn%3Aaws%3Abackup%3Aus-east-1%3A111111111111%3Abackup-vault%3Av1'), 'TagResource');
    assert.equal(name('POST', '/untag/arn%3Aaws%3Abackup%3Aus-east-1%3A111111111111%3Abackup-vault%3Av1'), 'UntagResource');
    assert.equal(name('POST', '/backup-vaults/v1/mpaApprovalTeam', ['delete']), 'DisassociateBackupVaultMpaApprovalTeam');
    assert.equal(name('POST', '/backup-vaults/v1/mpaApprovalTeam'), undefined);
    assert.equal(name('GET', '/backup-vaults//'), undefined, 'an empty label never matches');
  });
});

describe('routing over HTTP with no handlers', () => {
  let s: ProtocolServer;
  before(async () => (s = await startProtocolServer({})));
  after(async () => s.close());

  it('answers 501 NotImplementedException naming the operation, for all 115 in every path form', async () => {
    for (const op of operations) {
      for (const form of forms(op)) {
        const r = await s.raw(op.method, form.path);
        assert.equal(r.status, 501, `${op.method} ${form.path} (${form.name})`);
        assert.equal(r.headers.get('x-amzn-errortype'), 'NotImplementedException');
        assert.equal(r.json.Code, 'NotImplementedException');
        assert.equal(r.json.Message, `Holdfast does not implement the ${op.name} operation yet.`);
      }
    }
  });
});
