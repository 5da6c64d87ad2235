/**
 * Serializes a handler's output to the rest-json body the SDKs expect: only the model's members,
 * timestamps as epoch seconds (numbers, with milliseconds), blobs as base64.
 */
import type { Shape, StructureShape } from './model.js';

export function serializeOutput(shape: StructureShape | undefined, output: unknown): string {
  if (!shape || output === undefined || output === null) return '{}';
  return JSON.stringify(toJson(shape, output));
}

function toJson(shape: Shape, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.kind) {
    case 'timestamp':
      return value instanceof Date ? value.getTime() / 1000 : value;
    case 'blob':
      return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
    case 'list':
      return Array.isArray(value) ? value.map((v) => toJson(shape.member, v)) : value;
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toJson(shape.value, v);
      return out;
    }
    case 'structure': {
      const out: Record<string, unknown> = {};
      const source = value as Record<string, unknown>;
      for (const member of shape.members.values()) {
        const v = toJson(member.shape, source[member.name]);
        if (v !== undefined) out[member.name] = v;
      }
      return out;
    }
    default:
      return value;
  }
}
