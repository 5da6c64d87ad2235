/**
 * The model's constraints on query strings and URI paths (src/protocol/constraints.ts): every
 * query member and path label that the botocore model constrains (length, pattern, enum) refuses
 * a value that breaks it with InvalidParameterValueException naming the member, before any
 * lookup; values at the edge (exactly the maximum length, the documented wildcards) answer 200.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as sdk from '@aws-sdk/client-backup';
import {
  DescribeBackupVaultCommand,
  DescribeFrameworkCommand,
  DescribeRecoveryPointCommand,
  ListBackupJobsCommand,
  ListBackupJobSummariesCommand,
  ListCopyJobsCommand,
  ListCopyJobSummariesCommand,
  ListReportJobsCommand,
  ListRestoreJobsCommand,
  ListRestoreJobSummariesCommand,
  ListScanJobsCommand,
  ListScanJobSummariesCommand,
} from '@aws-sdk/client-backup';
import { awsBackup, awsClients } from '../helpers/aws-clients.js';
import { errorOf, startTestServer, type TestServer } from '../helpers/server.js';

interface BotoMember {
  shape: string;
  location?: string;
  locationName?: string;
}
interface BotoShape {
  type: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  members?: Record<string, BotoMember>;
}
interface BotoModel {
  operations: Record<string, { http: { method: string; requestUri: string }; input?: { shape: string } }>;
  shapes: Record<string, BotoShape>;
}

const model = JSON.parse(readFileSync(new URL('../../src/protocol/models/botocore-backup-2018-11-15.json', import.meta.url), 'utf8')) as BotoModel;

/** Members whose shape is a bare string but whose documentation gives a pattern or the values. */
const DOCUMENTED: Record<string, Pick<BotoShape, 'pattern' | 'enum'>> = {
  'ListScanJobs.ByAccountId': { pattern: '^[0-9]{12}$' },
  'ListScanJobs.ByBackupVaultName': { pattern: '^[a-zA-Z0-9\\-\\_\\.]{2,50}$' },
  'ListReportJobs.ByStatus': { enum: ['CREATED', 'RUNNING', 'COMPLETED', 'FAILED', 'COMPLETED_WITH_ISSUES'] },
};

interface Case {
  operation: string;
  member: string;
  location: 'querystring' | 'uri';
  value: string;
  why: string;
}

/** One value breaking each constraint of each constrained query member and path label. */
function cases(): Case[] {
  const out: Case[] = [];
  for (const [operation, op] of Object.entries(model.operations)) {
    if (!(`${operation}Command` in sdk) || !op.input) continue; // the six the JS SDK lacks: botocore-operations.test.ts
    for (const [member, m] of Object.entries(model.shapes[op.input.shape]!.members ?? {})) {
      if (m.location !== 'querystring' && m.location !== 'uri') continue;
      const shape = { ...model.shapes[m.shape]!, ...DOCUMENTED[`${operation}.${member}`] };
      const add = (value: string, why: string): number => out.push({ operation, member, location: m.location as Case['location'], value, why });
      if (shape.enum) add('NOT_A_VALUE', 'not in the enum');
      if (shape.pattern !== undefined || shape.max !== undefined) add('a'.repeat((shape.max ?? 300) + 1), 'too long');
      if (shape.pattern !== undefined) {
        add('bad value!', 'breaks the pattern');
        if (m.location === 'querystring') add('', 'empty');
      }
    }
  }
  return out;
}

function requestFor(c: Case): { method: string; path: string } {
  const op = model.operations[c.operation]!;
  const members = model.shapes[op.input!.shape]!.members!;
  const [template, literal] = op.http.requestUri.split('?');
  const path = template!.replace(/\{([^}+]+)\+?\}/g, (_, label: string) => {
    const name = Object.entries(members).find(([, m]) => m.location === 'uri' && m.locationName === label)![0];
    return encodeURIComponent(name === c.member && c.location === 'uri' ? c.value : 'name_1');
  });
  const query = [literal, c.location === 'querystring' ? `${members[c.member]!.locationName}=${encodeURIComponent(c.value)}` : undefined].filter(Boolean);
  return { method: op.http.method, path: query.length ? `${path}?${query.join('&')}` : path };
}

describe('query-string and URI-path constraints', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());

  it('refuses every value that breaks a constrained query member or path label, naming the member', async () => {
    const all = cases();
    const operations = new Set(all.filter((c) => c.location === 'querystring' && c.operation.startsWith('List')).map((c) => c.operation));
    // Every list operation with a constrained filter is walked (the walk is not empty by accident).
    for (const op of ['ListBackupJobs', 'ListCopyJobs', 'ListRestoreJobs', 'ListReportJobs', 'ListScanJobs', 'ListIndexedRecoveryPoints', 'ListBackupJobSummaries', 'ListScanJobSummaries', 'ListRecoveryPointsByBackupVault', 'ListBackupVaults', 'ListRestoreJobsByProtectedResource']) {
      assert.ok(operations.has(op), op);
    }
    assert.ok(all.filter((c) => c.location === 'uri').length >= 60, 'path labels walked');
    for (const c of all) {
      const { method, path } = requestFor(c);
      const res = await fetch(t.url + path, { method, body: method === 'GET' || method === 'DELETE' ? undefined : '{}' });
      const text = await res.text();
      const what = `${c.operation} ${c.member} ${c.why}: ${method} ${path.slice(0, 120)} -> ${res.status} ${text.slice(0, 300)}`;
      assert.equal(res.status, 400, what);
      assert.equal(res.headers.get('x-amzn-errortype'), 'InvalidParameterValueException', what);
      const message = (JSON.parse(text) as { Message: string }).Message;
      assert.ok(message.startsWith(`Invalid value '`) && message.includes(` for ${c.member}`), what);
    }
  });

  it('refuses the filters that used to list nothing (through the SDK)', async () => {
    const long = await errorOf(() => t.client.send(new ListBackupJobsCommand({ ByResourceType: 'a'.repeat(51) })));
    assert.equal(long.name, 'InvalidParameterValueException');
    assert.match(long.message, /^Invalid value 'a{51}' for ByResourceType \(query parameter resourceType\): must match the pattern/);
    const plan = await errorOf(() => t.client.send(new ListReportJobsCommand({ ByReportPlanName: `R${'a'.repeat(256)}` })));
    assert.equal(plan.name, 'InvalidParameterValueException');
    assert.match(plan.message, /for ByReportPlanName \(query parameter ReportPlanName\): must be from 1 to 256 characters long; got 257\.$/);
    const account = await errorOf(() => t.client.send(new ListCopyJobsCommand({ ByAccountId: 'bad value!' })));
    assert.equal(account.name, 'InvalidParameterValueException');
    assert.equal(account.message, "Invalid value 'bad value!' for ByAccountId (query parameter accountId): must match the pattern ^[0-9]{12}$.");
    const state = await errorOf(() => t.client.send(new ListBackupJobsCommand({ ByState: 'DONE' as never })));
    assert.match(state.message, /^Invalid value 'DONE' for ByState \(query parameter state\): must be one of ABORTED, ABORTING, COMPLETED, /);
    const status = await errorOf(() => t.client.send(new ListReportJobsCommand({ ByStatus: 'DONE' })));
    assert.match(status.message, /for ByStatus \(query parameter Status\): must be one of CREATED, RUNNING, COMPLETED, FAILED, COMPLETED_WITH_ISSUES\.$/);
  });

  it('takes values at the edge, and the wildcards only where the model documents them', async () => {
    const backupJobs = (input: sdk.ListBackupJobsCommandInput) => t.client.send(new ListBackupJobsCommand(input));
    assert.deepEqual((await backupJobs({ ByResourceType: 'a'.repeat(50) })).BackupJobs, []);
    // The documented resource types with a space (the model's pattern has none; constraints.ts).
    assert.deepEqual((await backupJobs({ ByResourceType: 'SAP HANA on Amazon EC2' })).BackupJobs, []);
    assert.deepEqual((await backupJobs({ ByResourceType: 'Storage Gateway', ByBackupVaultName: 'v'.repeat(50) })).BackupJobs, []);
    assert.deepEqual((await backupJobs({ ByAccountId: '*' })).BackupJobs, []);
    assert.deepEqual((await t.client.send(new ListReportJobsCommand({ ByReportPlanName: `R${'a'.repeat(255)}`, ByStatus: 'COMPLETED_WITH_ISSUES' }))).ReportJobs, []);
    assert.deepEqual((await t.client.send(new ListCopyJobsCommand({ ByAccountId: '222222222222' }))).CopyJobs, []);
    assert.deepEqual((await t.client.send(new ListScanJobsCommand({ ByAccountId: '*', ByBackupVaultName: 'v.'.repeat(25) }))).ScanJobs, []);
    for (const AccountId of ['ANY', 'AGGREGATE_ALL', '222222222222']) {
      await t.client.send(new ListBackupJobSummariesCommand({ AccountId, ResourceType: 'ANY' }));
      await t.client.send(new ListCopyJobSummariesCommand({ AccountId }));
      await t.client.send(new ListRestoreJobSummariesCommand({ AccountId }));
      await t.client.send(new ListScanJobSummariesCommand({ AccountId }));
    }
    // `*` is documented for ListBackupJobs and ListScanJobs only, ANY for the summaries only.
    for (const refused of [
      () => t.client.send(new ListCopyJobsCommand({ ByAccountId: '*' })),
      () => t.client.send(new ListRestoreJobsCommand({ ByAccountId: '*' })),
      () => backupJobs({ ByAccountId: 'ANY' }),
      () => t.client.send(new ListBackupJobSummariesCommand({ AccountId: '*' })),
    ]) {
      assert.equal((await errorOf(refused)).name, 'InvalidParameterValueException');
    }
  });

  it('checks names in the URI path before looking them up, where the model constrains them', async () => {
    const arn = 'arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0';
    const edge = await errorOf(() => t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v'.repeat(50), RecoveryPointArn: arn })));
    assert.equal(edge.name, 'ResourceNotFoundException');
    const over = await errorOf(() => t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v'.repeat(51), RecoveryPointArn: arn })));
    assert.equal(over.name, 'InvalidParameterValueException');
    assert.match(over.message, /for BackupVaultName: must match the pattern \^\[a-zA-Z0-9\\-\\_\]\{2,50\}\$\.$/);
    assert.equal((await errorOf(() => t.client.send(new DescribeFrameworkCommand({ FrameworkName: `F${'f'.repeat(255)}` })))).name, 'ResourceNotFoundException');
    const framework = await errorOf(() => t.client.send(new DescribeFrameworkCommand({ FrameworkName: '1framework' })));
    assert.equal(framework.name, 'InvalidParameterValueException');
    assert.match(framework.message, /for FrameworkName: must match the pattern \[a-zA-Z\]\[_a-zA-Z0-9\]\*\.$/);
    // DescribeBackupVault's name is a bare string in the model: AWS looks it up, and so does Holdfast.
    assert.equal((await errorOf(() => t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'bad name!' })))).name, 'ResourceNotFoundException');
  });

  const cli = awsClients[0]!;
  it(`${cli.label}: refuses a bad ByAccountId`, { skip: cli.skip }, async () => {
    const { aws } = awsBackup(cli.bin!, t.url, '111111111111', 'us-east-1');
    const r = await aws('list-copy-jobs', '--by-account-id', 'bad value!');
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /An error occurred \(InvalidParameterValueException\) when calling the ListCopyJobs operation: Invalid value 'bad value!' for ByAccountId \(query parameter accountId\): must match the pattern \^\[0-9\]\{12\}\$\./,
    );
  });
});
