/**
 * The rest-json wire format as both SDKs speak it, driven through @aws-sdk/client-backup and,
 * for what the JS SDK never sends (botocore's forms, hand-made requests), through raw fetch.
 * Stub handlers record the input they receive, so operations whose domain is not built yet can
 * be checked too.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CancelLegalHoldCommand,
  CreateLegalHoldCommand,
  DisassociateRecoveryPointFromParentCommand,
  ListBackupJobsCommand,
  ListFrameworksCommand,
  ListReportPlansCommand,
  ListTagsCommand,
} from '@aws-sdk/client-backup';
import type { Handlers } from '../../src/services/registry.js';
import { startProtocolServer, type ProtocolServer } from './harness.js';

const ARN = 'arn:aws:backup:us-east-1:111111111111:recovery-point:a/b+c d';
let seen: Record<string, unknown>[] = [];
const record = (input: unknown): void => void seen.push(input as Record<string, unknown>);
const last = (): Record<string, any> => seen[seen.length - 1]!;

const handlers: Handlers = {
  CancelLegalHold: async (input) => (record(input), {}),
  DisassociateRecoveryPointFromParent: async (input) => (record(input), {}),
  ListTags: async (input) => (record(input), { Tags: { k: 'v' } }),
  ListReportPlans: async (input) => (record(input), { ReportPlans: [] }),
  ListFrameworks: async (input) => (record(input), { Frameworks: [], NextToken: 'next' }),
  ListBackupJobs: async (input) => (record(input), { BackupJobs: [] }),
  CreateLegalHold: async (input) => {
    record(input);
    return {
      Title: input.Title,
      LegalHoldId: 'h1',
      CreationDate: new Date('2026-01-02T03:04:05.678Z'),
      RecoveryPointSelection: input.RecoveryPointSelection,
    };
  },
};

describe('wire format', () => {
  let s: ProtocolServer;
  before(async () => (s = await startProtocolServer(handlers)));
  after(async () => s.close());
  beforeEach(() => void (seen = []));

  it('answers the model\'s success codes: CancelLegalHold 201, DisassociateRecoveryPointFromParent 204, with empty bodies', async () => {
    const cancel = await s.client.send(new CancelLegalHoldCommand({ LegalHoldId: 'h1', CancelDescription: 'done', RetainRecordInDays: 7 }));
    assert.equal(cancel.$metadata.httpStatusCode, 201);
    assert.deepEqual(last(), { LegalHoldId: 'h1', CancelDescription: 'done', RetainRecordInDays: 7 });
    const raw = await s.raw('DELETE', '/legal-holds/h1?cancelDescription=done');
    assert.equal(raw.status, 201);
    assert.equal(raw.text, '');
    const parent = await s.client.send(new DisassociateRecoveryPointFromParentCommand({ BackupVaultName: 'v1', RecoveryPointArn: ARN }));
    assert.equal(parent.$metadata.httpStatusCode, 204);
    assert.deepEqual(last(), { BackupVaultName: 'v1', RecoveryPointArn: ARN });
    const raw204 = await s.raw('DELETE', `/backup-vaults/v1/recovery-points/${encodeURIComponent(ARN)}/parentAssociation/`);
    assert.equal(raw204.status, 204);
    assert.equal(raw204.text, '');
  });

  it('decodes percent-encoded ARN labels per segment, from the SDK and from botocore\'s trailing-slash form', async () => {
    const out = await s.client.send(new ListTagsCommand({ ResourceArn: ARN }));
    assert.deepEqual(out.Tags, { k: 'v' });
    assert.equal(last().ResourceArn, ARN);
    const raw = await s.raw('GET', `/tags/${encodeURIComponent(ARN)}/`);
    assert.equal(raw.status, 200);
    assert.equal(last().ResourceArn, ARN);
    // A '+' in a path stays a '+'; only the query string treats it as a space.
    await s.raw('GET', '/tags/a+b%2Fc');
    assert.equal(last().ResourceArn, 'a+b/c');
  });

  it('reads query names from the model: MaxResults/NextToken for ListReportPlans and ListFrameworks, maxResults for ListBackupJobs', async () => {
    await s.client.send(new ListReportPlansCommand({ MaxResults: 5, NextToken: 'tok' }));
    assert.deepEqual(last(), { MaxResults: 5, NextToken: 'tok' });
    await s.raw('GET', '/audit/report-plans?MaxResults=7&NextToken=t%2B1');
    assert.deepEqual(last(), { MaxResults: 7, NextToken: 't+1' });
    await s.raw('GET', '/audit/report-plans?maxResults=7');
    assert.deepEqual(last(), {}, 'the camelCase name is not ListReportPlans\' parameter');
    const frameworks = await s.client.send(new ListFrameworksCommand({ MaxResults: 2, NextToken: 'a b' }));
    assert.equal(frameworks.NextToken, 'next');
    assert.deepEqual(last(), { MaxResults: 2, NextToken: 'a b' });
    await s.raw('GET', '/audit/frameworks/?MaxResults=9&NextToken=x');
    assert.deepEqual(last(), { MaxResults: 9, NextToken: 'x' });
    await s.client.send(new ListBackupJobsCommand({ MaxResults: 3, ByState: 'COMPLETED', ByResourceType: 'EBS' }));
    assert.deepEqual(last(), { MaxResults: 3, ByState: 'COMPLETED', ByResourceType: 'EBS' });
  });

  it('accepts query timestamps in ISO-8601 with and without fractional seconds', async () => {
    const whole = new Date('2026-01-02T03:04:05Z');
    const fraction = new Date('2026-01-02T03:04:05.123Z');
    await s.client.send(new ListBackupJobsCommand({ ByCreatedAfter: whole, ByCreatedBefore: fraction }));
    assert.deepEqual(last(), { ByCreatedAfter: whole, ByCreatedBefore: fraction });
    // botocore's forms: whole seconds, or microseconds.
    await s.raw('GET', '/backup-jobs/?createdAfter=2026-01-02T03%3A04%3A05Z&createdBefore=2026-01-02T03:04:05.123000Z');
    assert.deepEqual(last(), { ByCreatedAfter: whole, ByCreatedBefore: fraction });
    for (const bad of ['yesterday', '1767323045', '2026-01-02', '2026-13-45T03:04:05Z', '2026-02-30T00:00:00Z']) {
      const r = await s.raw('GET', `/backup-jobs?createdAfter=${bad}`);
      assert.equal(r.status, 400, bad);
      assert.equal(r.json.Code, 'InvalidParameterValueException');
      assert.match(r.json.Message, /createdAfter/);
    }
  });

  it('takes body timestamps as epoch seconds (JS fractions, botocore integers) and answers numbers', async () => {
    const from = new Date('2026-01-01T00:00:00.250Z');
    const to = new Date('2026-02-01T00:00:00Z');
    const out = await s.client.send(
      new CreateLegalHoldCommand({ Title: 't', Description: 'd', RecoveryPointSelection: { DateRange: { FromDate: from, ToDate: to } } }),
    );
    assert.deepEqual(last().RecoveryPointSelection.DateRange, { FromDate: from, ToDate: to });
    assert.deepEqual(out.CreationDate, new Date('2026-01-02T03:04:05.678Z'));
    assert.deepEqual(out.RecoveryPointSelection?.DateRange, { FromDate: from, ToDate: to });
    const raw = await s.raw(
      'POST',
      '/legal-holds/',
      JSON.stringify({ Title: 't', Description: 'd', RecoveryPointSelection: { DateRange: { FromDate: 1767225600, ToDate: 1769904000.5 } } }),
    );
    assert.equal(raw.status, 200);
    assert.deepEqual(last().RecoveryPointSelection.DateRange, { FromDate: new Date(1767225600_000), ToDate: new Date(1769904000_500) });
    assert.equal(raw.json.CreationDate, 1767323045.678);
    assert.equal(raw.json.RecoveryPointSelection.DateRange.ToDate, 1769904000.5);
    assert.equal(raw.json.LegalHoldId, 'h1');
    assert.equal('Description' in raw.json, false, 'members the handler did not return are absent');
  });

  it('refuses a missing required member with MissingParameterValueException, also inside a structure', async () => {
    const noTitle = await s.raw('POST', '/legal-holds', JSON.stringify({ Description: 'd' }));
    assert.equal(noTitle.status, 400);
    assert.equal(noTitle.headers.get('x-amzn-errortype'), 'MissingParameterValueException');
    assert.match(noTitle.json.Message, /Title/);
    const nested = await s.raw('POST', '/legal-holds', JSON.stringify({ Title: 't', Description: 'd', RecoveryPointSelection: { DateRange: { FromDate: 1 } } }));
    assert.equal(nested.json.Code, 'MissingParameterValueException');
    assert.match(nested.json.Message, /RecoveryPointSelection\.DateRange\.ToDate/);
    const query = await s.raw('DELETE', '/legal-holds/h1');
    assert.equal(query.json.Code, 'MissingParameterValueException');
    assert.match(query.json.Message, /CancelDescription/);
    const viaSdk = await s.client.send(new CreateLegalHoldCommand({ Description: 'd' } as never)).catch((e: Error) => e);
    assert.equal((viaSdk as Error).name, 'MissingParameterValueException');
    assert.equal(seen.length, 0, 'no handler ran');
  });
});
