/**
 * Serializes a handler's output to the rest-json body the SDKs expect: only the model's members,
 * timestamps as epoch seconds (numbers, with milliseconds), blobs as base64.
 *
 * Each shape is compiled once into a small writer function (structures into a flat list of
 * members that need converting, the rest copied as they are): this runs on every response.
 */
import type { Shape, StructureShape } from './model.js';

type Writer = (value: unknown) => unknown;

const compiled = new WeakMap<Shape, Writer>();

/** Strings, numbers, booleans and documents go out as they are. */
const passThrough = (shape: Shape): boolean =>
  shape.kind === 'string' || shape.kind === 'number' || shape.kind === 'boolean' || shape.kind === 'document';

function writerFor(shape: Shape): Writer {
  let writer = compiled.get(shape);
  if (writer) return writer;
  switch (shape.kind) {
    case 'timestamp':
      writer = (v) => (v instanceof Date ? v.getTime() / 1000 : v);
      break;
    case 'blob':
      writer = (v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v);
      break;
    case 'list': {
      const member = shape.member;
      writer = passThrough(member)
        ? (v) => v
        : (v) => {
            if (!Array.isArray(v)) return v;
            const write = writerFor(member);
            return v.map((x) => (x === undefined || x === null ? undefined : write(x)));
          };
      break;
    }
    case 'map': {
      const value = shape.value;
      writer = passThrough(value)
        ? (v) => v
        : (v) => {
            const write = writerFor(value);
            const out: Record<string, unknown> = {};
            for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = x === undefined || x === null ? undefined : write(x);
            return out;
          };
      break;
    }
    case 'structure':
      writer = structureWriter(shape);
      break;
    default:
      writer = (v) => v;
  }
  compiled.set(shape, writer);
  return writer;
}

function structureWriter(shape: StructureShape): Writer {
  const names: string[] = [];
  const converts: (Shape | undefined)[] = [];
  for (const member of shape.members.values()) {
    names.push(member.name);
    converts.push(passThrough(member.shape) ? undefined : member.shape);
  }
  const count = names.length;
  return (value) => {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const name = names[i]!;
      const v = source[name];
      if (v === undefined || v === null) continue;
      const convert = converts[i];
      out[name] = convert === undefined ? v : writerFor(convert)(v);
    }
    return out;
  };
}

export function serializeOutput(shape: StructureShape | undefined, output: unknown): string {
  if (!shape || output === undefined || output === null) return '{}';
  return JSON.stringify(writerFor(shape)(output));
}
