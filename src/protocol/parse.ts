/**
 * Turns an HTTP request (labels, raw query string, JSON body) into the operation's typed input,
 * checking every member against the model on the way: required members, JSON types, enums,
 * timestamp formats, and the lengths and patterns of URI-path and query-string members
 * (constraints.ts). What fails here never reaches a handler.
 */
import { checkString } from './constraints.js';
import { invalidParameter, missingParameter, ServiceError } from './errors.js';
import type { OperationModel, Shape, StructureShape } from './model.js';

export type Query = ReadonlyMap<string, string[]>;

const NO_QUERY: Query = new Map();

/** Splits a raw query string; a broken percent-encoding is a 400 the client can act on. The result is read-only. */
export function parseQuery(raw: string): Query {
  if (!raw) return NO_QUERY;
  const query = new Map<string, string[]>();
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decodeQueryPart(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeQueryPart(part.slice(eq + 1));
    const list = query.get(key);
    if (list) list.push(value);
    else query.set(key, [value]);
  }
  return query;
}

function decodeQueryPart(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw invalidParameter(`The query string part '${s}' is not valid percent-encoding.`);
  }
}

/** Parses a JSON body; an empty body is an empty object. */
export function parseBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new ServiceError('SerializationException', `The request body is not valid JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ServiceError('SerializationException', 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

export function buildInput(
  op: OperationModel,
  labels: Record<string, string>,
  query: Query,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const member of op.input.members.values()) {
    if (member.location === 'label') {
      const v = labels[member.locationName];
      if (v !== undefined) input[member.name] = fromText(member.shape, [v], member.path);
    } else if (member.location === 'query') {
      const values = query.get(member.locationName);
      if (values !== undefined) input[member.name] = fromText(member.shape, values, member.path);
    } else if (body[member.name] !== undefined && body[member.name] !== null) {
      input[member.name] = fromJson(member.shape, body[member.name], member.name);
    }
  }
  checkRequired(op.input, input, '');
  return input;
}

function checkRequired(shape: StructureShape, value: Record<string, unknown>, prefix: string): void {
  for (const name of shape.required) {
    const v = value[name];
    if (v === undefined || v === null) throw missingParameter(`Missing required parameter: ${prefix}${name}.`);
  }
}

/** Label and query values are text; convert them to the member's type. */
function fromText(shape: Shape, values: string[], path: string): unknown {
  if (shape.kind === 'list') return values.map((v) => fromText(shape.member, [v], path));
  const text = values[values.length - 1] ?? '';
  switch (shape.kind) {
    case 'string':
      if (shape.rule) checkString(shape.rule, text, path);
      return text;
    case 'number':
      if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
        throw invalidParameter(`Invalid value '${text}' for ${path}: expected an integer.`);
      }
      return Number(text);
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw invalidParameter(`Invalid value '${text}' for ${path}: expected true or false.`);
      return text === 'true';
    case 'timestamp':
      return parseIsoTimestamp(text, path);
    default:
      throw invalidParameter(`Unsupported value for ${path}.`);
  }
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

function parseIsoTimestamp(text: string, path: string): Date {
  const d = ISO_8601.test(text) ? new Date(text) : undefined;
  // Date rolls 2026-02-30 over into March; a calendar field out of range is refused instead.
  const [, y, mo, day, h, mi, sec] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(text) ?? [];
  const fieldsValid =
    Number(mo) >= 1 && Number(mo) <= 12 && Number(day) >= 1 && Number(day) <= new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate() &&
    Number(h) <= 23 && Number(mi) <= 59 && Number(sec) <= 59;
  if (!d || Number.isNaN(d.getTime()) || !fieldsValid) {
    throw invalidParameter(`Invalid value '${text}' for ${path}: expected an ISO-8601 timestamp such as 2026-01-02T03:04:05Z.`);
  }
  return d;
}

const describe = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

function fromJson(shape: Shape, value: unknown, path: string): unknown {
  switch (shape.kind) {
    case 'string':
      if (typeof value !== 'string') throw invalidParameter(`Invalid type for ${path}: expected a string, got ${describe(value)}.`);
      if (shape.rule) checkString(shape.rule, value, path);
      return value;
    case 'number':
      // AWS Backup's model has integer and long members only (no float or double), so a
      // fraction or a value beyond 2^53 is refused rather than rounded.
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        const got = typeof value === 'number' ? String(value) : describe(value);
        throw invalidParameter(`Invalid value for ${path}: expected an integer, got ${got}.`);
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw invalidParameter(`Invalid type for ${path}: expected a boolean, got ${describe(value)}.`);
      return value;
    case 'timestamp':
      if (typeof value === 'number' && Number.isFinite(value)) {
        const d = new Date(Math.round(value * 1000));
        if (Number.isNaN(d.getTime())) throw invalidParameter(`Invalid value for ${path}: ${value} is not a representable epoch-seconds timestamp.`);
        return d;
      }
      if (typeof value === 'string') return parseIsoTimestamp(value, path);
      throw invalidParameter(`Invalid type for ${path}: expected epoch seconds, got ${describe(value)}.`);
    case 'blob':
      if (typeof value !== 'string') throw invalidParameter(`Invalid type for ${path}: expected base64 text.`);
      return Buffer.from(value, 'base64');
    case 'document':
      return value;
    case 'list':
      if (!Array.isArray(value)) throw invalidParameter(`Invalid type for ${path}: expected a list, got ${describe(value)}.`);
      return value.map((v, i) => fromJson(shape.member, v, `${path}[${i}]`));
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalidParameter(`Invalid type for ${path}: expected a map, got ${describe(value)}.`);
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = fromJson(shape.value, v, `${path}.${k}`);
      return out;
    }
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalidParameter(`Invalid type for ${path}: expected an object, got ${describe(value)}.`);
      }
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const member of shape.members.values()) {
        const v = source[member.name];
        if (v !== undefined && v !== null) out[member.name] = fromJson(member.shape, v, `${path}.${member.name}`);
      }
      checkRequired(shape, out, `${path}.`);
      return out;
    }
  }
}
