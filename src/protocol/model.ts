/**
 * Reads the operation schemas exported by the pinned @aws-sdk/client-backup and compiles them
 * into plain descriptors: route (method, path template, literal query keys, success code) and
 * the shape of every input and output member with its HTTP binding. Nothing here is typed by
 * hand: a new SDK version brings its operations with it. Operations of the vendored botocore
 * model that the SDK lacks are compiled from that model (botocore-operations.ts).
 */
import * as sdk from '@aws-sdk/client-backup';
import { NormalizedSchema } from '@smithy/core/schema';
import { botocoreMember, botocoreShape } from './botocore-model.js';
import { botocoreOnlyOperations } from './botocore-operations.js';
import { documentedRule, stringRule, type StringRule } from './constraints.js';
import { memberEnums, type OperationTypes } from './generated/model-types.js';

export type OperationName = keyof OperationTypes;

export type Shape =
  | { kind: 'string'; enumName?: string; enumValues?: ReadonlySet<string>; rule?: StringRule }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'timestamp' }
  | { kind: 'blob' }
  | { kind: 'document' }
  | { kind: 'list'; member: Shape }
  | { kind: 'map'; value: Shape }
  | StructureShape;

export interface StructureShape {
  kind: 'structure';
  name: string;
  members: Map<string, Member>;
  required: string[];
}

export interface Member {
  name: string;
  shape: Shape;
  location: 'body' | 'label' | 'query';
  /** The label or query key on the wire. */
  locationName: string;
  /** How error messages name it: the SDK's member name, and the query key when that differs. */
  path: string;
  idempotencyToken: boolean;
}

export interface OperationModel {
  name: OperationName;
  /** Whose model it was compiled from: the pinned SDK's schemas, or the vendored botocore model. */
  source: 'sdk' | 'botocore';
  method: string;
  /** Path segments of the URI template; a label is written `{Name}`. */
  segments: string[];
  /** Literal query keys that the URI template requires (`?delete`). */
  queryLiterals: string[];
  successCode: number;
  readonly input: StructureShape;
  readonly output: StructureShape | undefined;
}

type Schema = Parameters<typeof NormalizedSchema.of>[0];
const enumObjects = sdk as unknown as Record<string, Record<string, string> | undefined>;
const structureCache = new Map<string, StructureShape>();

/**
 * `botocore`: for a URI-path or query-string member, the name of its shape in the botocore model,
 * whose lengths and patterns the protocol layer checks (constraints.ts); undefined in a body.
 */
function compileShape(ns: NormalizedSchema, parent: string, memberName: string, botocore?: string): Shape {
  if (ns.isStructSchema()) return compileStructure(ns);
  if (ns.isListSchema()) {
    const item = botocore === undefined ? undefined : botocoreShape(botocore)?.member?.shape;
    return { kind: 'list', member: compileShape(ns.getValueSchema(), parent, memberName, item) };
  }
  if (ns.isMapSchema()) return { kind: 'map', value: compileShape(ns.getValueSchema(), parent, memberName) };
  if (ns.isTimestampSchema()) return { kind: 'timestamp' };
  if (ns.isBlobSchema()) return { kind: 'blob' };
  if (ns.isBooleanSchema()) return { kind: 'boolean' };
  if (ns.isNumericSchema() || ns.isBigIntegerSchema() || ns.isBigDecimalSchema()) return { kind: 'number' };
  if (ns.isDocumentSchema()) return { kind: 'document' };
  const enumName = memberEnums[parent]?.[memberName];
  const values = enumName ? enumObjects[enumName] : undefined;
  const enumValues = enumName && values ? new Set(Object.values(values)) : undefined;
  const rule = stringRule(enumValues, botocore, documentedRule(parent, memberName));
  return enumValues ? { kind: 'string', enumName, enumValues, rule } : { kind: 'string', rule };
}

function compileStructure(ns: NormalizedSchema): StructureShape {
  const raw = ns.getSchema() as unknown as unknown[];
  const name = String(raw[2]);
  const cached = structureCache.get(name);
  if (cached) return cached;
  const shape: StructureShape = { kind: 'structure', name, members: new Map(), required: [] };
  structureCache.set(name, shape);
  const requiredCount = typeof raw[6] === 'number' ? raw[6] : 0;
  let index = 0;
  for (const [memberName, member] of ns.structIterator()) {
    const traits = member.getMergedTraits() as Record<string, unknown>;
    const query = traits.httpQuery;
    const location = traits.httpLabel ? 'label' : typeof query === 'string' ? 'query' : 'body';
    const locationName = typeof query === 'string' ? query : memberName;
    shape.members.set(memberName, {
      name: memberName,
      shape: compileShape(member, name, memberName, location === 'body' ? undefined : botocoreMember(name, memberName)?.shape),
      location,
      locationName,
      path: location === 'query' && locationName !== memberName ? `${memberName} (query parameter ${locationName})` : memberName,
      idempotencyToken: Boolean(traits.idempotencyToken),
    });
    if (index++ < requiredCount) shape.required.push(memberName);
  }
  return shape;
}

/**
 * The route is read at once; the input and output shapes are compiled the first time they are
 * read: compiling all of them took most of a server's start-up, and a test server sees few operations.
 */
function compileOperation(name: OperationName, schema: unknown[]): OperationModel {
  const [method, uri, code] = (schema[3] as { http: [string, string, number] }).http;
  const [path = '', query = ''] = uri.split('?');
  let input: StructureShape | undefined;
  let output: { shape: StructureShape | undefined } | undefined;
  return {
    name,
    source: 'sdk',
    method,
    segments: path.split('/').filter((s) => s !== ''),
    queryLiterals: query ? query.split('&').map((q) => q.split('=')[0] ?? q) : [],
    successCode: code,
    get input() {
      if (input) return input;
      const ns = NormalizedSchema.of((schema[4] as () => Schema)());
      input = ns.isStructSchema() ? compileStructure(ns) : { kind: 'structure', name: `${name}Input`, members: new Map(), required: [] };
      return input;
    },
    get output() {
      if (output) return output.shape;
      const ns = NormalizedSchema.of((schema[5] as () => Schema)());
      output = { shape: ns.isStructSchema() ? compileStructure(ns) : undefined };
      return output.shape;
    },
  };
}

let operations: OperationModel[] | undefined;

/**
 * Every operation exported by the SDK (the `Xyz$` operation schemas), and those of the vendored
 * botocore model that the SDK does not export, compiled once.
 */
export function loadOperations(): OperationModel[] {
  if (operations) return operations;
  const exported = sdk as unknown as Record<string, unknown>;
  const fromSdk = Object.keys(exported)
    .filter((k) => k.endsWith('$') && Array.isArray(exported[k]) && (exported[k] as unknown[])[0] === 9)
    .map((k) => compileOperation(k.slice(0, -1) as OperationName, exported[k] as unknown[]));
  const fromBotocore = botocoreOnlyOperations(new Set(fromSdk.map((o) => o.name)));
  operations = [...fromSdk, ...fromBotocore].sort((a, b) => a.name.localeCompare(b.name));
  return operations;
}
