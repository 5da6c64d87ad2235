/**
 * The vendored botocore model and the pinned SDK must describe every operation they both have the
 * same way: HTTP method, URI template (labels named by member, no trailing slash), success code,
 * the input members with their locations and which are required, and the output members. The
 * protocol layer routes the SDK's operations by the SDK's schemas, the others by the botocore
 * model: a disagreement means one of them is stale (update the vendored model, see
 * src/protocol/models/README.md) and the two halves of the API would drift apart.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as sdk from '@aws-sdk/client-backup';
import { NormalizedSchema } from '@smithy/core/schema';
import { memberNamedUri, vendoredModel, type BotocoreModel } from '../../src/protocol/botocore-model.js';

type Schema = Parameters<typeof NormalizedSchema.of>[0];

interface Described {
  route: string;
  input: Record<string, string>;
  required: string[];
  output: string[];
}

const exported = sdk as unknown as Record<string, unknown>;
const sdkSchemas = Object.keys(exported)
  .filter((k) => k.endsWith('$') && Array.isArray(exported[k]) && (exported[k] as unknown[])[0] === 9)
  .map((k) => [k.slice(0, -1), exported[k] as unknown[]] as const);

function fromSdk(schema: readonly unknown[]): Described {
  const [method, uri, code] = (schema[3] as { http: [string, string, number] }).http;
  const input = NormalizedSchema.of((schema[4] as () => Schema)());
  const members: Record<string, string> = {};
  const required: string[] = [];
  if (input.isStructSchema()) {
    const requiredCount = ((input.getSchema() as unknown as unknown[])[6] as number | undefined) ?? 0;
    let i = 0;
    for (const [name, member] of input.structIterator()) {
      const traits = member.getMergedTraits() as Record<string, unknown>;
      members[name] = traits.httpLabel
        ? 'uri'
        : typeof traits.httpQuery === 'string'
          ? `querystring ${traits.httpQuery}`
          : typeof traits.httpHeader === 'string'
            ? `header ${traits.httpHeader}`
            : 'body';
      if (i++ < requiredCount) required.push(name);
    }
  }
  const output = NormalizedSchema.of((schema[5] as () => Schema)());
  const outputs = output.isStructSchema() ? [...output.structIterator()].map(([name]) => name) : [];
  const [path = '', query] = uri.split('?');
  const trimmed = path.length > 1 ? path.replace(/\/$/, '') : path;
  return { route: `${method} ${query === undefined ? trimmed : `${trimmed}?${query}`} ${code}`, input: members, required: required.sort(), output: outputs.sort() };
}

function fromBotocore(model: BotocoreModel, name: string): Described | undefined {
  const op = model.operations[name];
  if (!op) return undefined;
  const input = op.input ? model.shapes[op.input.shape]! : undefined;
  const members: Record<string, string> = {};
  for (const [member, m] of Object.entries(input?.members ?? {})) {
    members[member] = m.location === undefined ? 'body' : m.location === 'uri' ? 'uri' : `${m.location} ${m.locationName ?? member}`;
  }
  const output = op.output ? Object.keys(model.shapes[op.output.shape]!.members ?? {}) : [];
  return {
    route: `${op.http.method} ${memberNamedUri(model, op)} ${op.http.responseCode ?? 200}`,
    input: members,
    required: [...(input?.required ?? [])].sort(),
    output: output.sort(),
  };
}

/** One line per operation on which the botocore model and the SDK disagree. */
function disagreements(model: BotocoreModel): string[] {
  const out: string[] = [];
  for (const [name, schema] of sdkSchemas) {
    const b = fromBotocore(model, name);
    if (!b) {
      out.push(`${name}: in the SDK, not in the botocore model`);
      continue;
    }
    const s = fromSdk(schema);
    if (s.route !== b.route) out.push(`${name}: route ${s.route} (SDK) vs ${b.route} (botocore)`);
    const sortedEntries = (r: Record<string, string>): string => JSON.stringify(Object.entries(r).sort());
    if (sortedEntries(s.input) !== sortedEntries(b.input)) out.push(`${name}: input members ${sortedEntries(s.input)} (SDK) vs ${sortedEntries(b.input)} (botocore)`);
    if (s.required.join() !== b.required.join()) out.push(`${name}: required [${s.required}] (SDK) vs [${b.required}] (botocore)`);
    if (s.output.join() !== b.output.join()) out.push(`${name}: output members [${s.output}] (SDK) vs [${b.output}] (botocore)`);
  }
  return out;
}

describe('the vendored botocore model and the pinned SDK', () => {
  it('agree on every operation both have: method, URI, success code, members and their locations', () => {
    assert.equal(sdkSchemas.length, 109);
    assert.deepEqual(disagreements(vendoredModel), []);
  });

  it('would be caught disagreeing (a changed route, location, required member or output member)', () => {
    const model: BotocoreModel = structuredClone(vendoredModel);
    model.operations.DescribeBackupVault!.http.requestUri = '/backup-vaults/{backupVaultName}/describe';
    model.shapes.ListBackupJobsInput!.members!.ByState!.locationName = 'byState';
    model.shapes.CreateBackupVaultInput!.required = ['BackupVaultName', 'EncryptionKeyArn'];
    delete model.shapes.DescribeBackupJobOutput!.members!.BytesTransferred;
    delete model.operations.GetLegalHold;
    const found = disagreements(model);
    assert.equal(found.length, 5, found.join('\n'));
    assert.match(found.join('\n'), /DescribeBackupVault: route GET \/backup-vaults\/\{BackupVaultName\} 200 \(SDK\) vs GET \/backup-vaults\/\{BackupVaultName\}\/describe 200/);
    assert.match(found.join('\n'), /ListBackupJobs: input members .*"ByState","querystring state".*\(SDK\) vs .*"ByState","querystring byState"/);
    assert.match(found.join('\n'), /CreateBackupVault: required/);
    assert.match(found.join('\n'), /DescribeBackupJob: output members/);
    assert.match(found.join('\n'), /GetLegalHold: in the SDK, not in the botocore model/);
  });
});
