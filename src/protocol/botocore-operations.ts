/**
 * The operations of the vendored botocore model that the pinned @aws-sdk/client-backup does not
 * have (today the six backup access point operations), compiled into the same descriptors as
 * the SDK's (model.ts): route, input and output shapes with their HTTP bindings, required
 * members, enums, and the lengths and patterns of URI-path and query-string members. Nothing is
 * typed by hand: the day the SDK brings one of them, model.ts takes the SDK's schema instead and
 * this module compiles one operation fewer.
 */
import { memberNamedUri, vendoredModel, type BotocoreModel, type BotocoreOperation } from './botocore-model.js';
import { documentedRule, stringRule } from './constraints.js';
import type { Member, OperationModel, OperationName, Shape, StructureShape } from './model.js';

const LOCATIONS: Record<string, Member['location'] | undefined> = { uri: 'label', querystring: 'query' };

class ShapeCompiler {
  private readonly structures = new Map<string, StructureShape>();

  constructor(private readonly model: BotocoreModel) {}

  /** `constrained`: a URI-path or query-string member, whose lengths and patterns are checked. */
  shape(name: string, parent: string, member: string, constrained: boolean): Shape {
    const s = this.model.shapes[name];
    if (!s) throw new Error(`botocore model: shape ${name} (member ${parent}.${member}) is missing`);
    switch (s.type) {
      case 'structure':
        return this.structure(name);
      case 'list':
        return { kind: 'list', member: this.shape(s.member!.shape, parent, member, constrained) };
      case 'map':
        return { kind: 'map', value: this.shape(s.value!.shape, parent, member, false) };
      case 'integer':
      case 'long':
        return { kind: 'number' };
      case 'boolean':
        return { kind: 'boolean' };
      case 'timestamp':
        return { kind: 'timestamp' };
      case 'blob':
        return { kind: 'blob' };
      case 'string': {
        const enumValues = s.enum ? new Set(s.enum) : undefined;
        const rule = constrained ? stringRule(enumValues, name, documentedRule(parent, member)) : stringRule(enumValues);
        return enumValues ? { kind: 'string', enumName: name, enumValues, rule } : { kind: 'string', rule };
      }
      default:
        throw new Error(`botocore model: shape ${name} has type ${s.type}, which Holdfast's codec does not read`);
    }
  }

  structure(name: string): StructureShape {
    const cached = this.structures.get(name);
    if (cached) return cached;
    const s = this.model.shapes[name]!;
    const shape: StructureShape = { kind: 'structure', name, members: new Map(), required: [...(s.required ?? [])] };
    this.structures.set(name, shape);
    for (const [memberName, m] of Object.entries(s.members ?? {})) {
      const location = m.location === undefined ? 'body' : LOCATIONS[m.location];
      if (!location) throw new Error(`botocore model: ${name}.${memberName} is bound to ${m.location}, which Holdfast's codec does not read`);
      // Labels are matched by member name (memberNamedUri renames botocore's), query keys by locationName.
      const locationName = location === 'query' ? (m.locationName ?? memberName) : memberName;
      shape.members.set(memberName, {
        name: memberName,
        shape: this.shape(m.shape, name, memberName, location !== 'body'),
        location,
        locationName,
        path: location === 'query' && locationName !== memberName ? `${memberName} (query parameter ${locationName})` : memberName,
        idempotencyToken: Boolean(m.idempotencyToken),
      });
    }
    return shape;
  }
}

function compileOperation(compiler: ShapeCompiler, model: BotocoreModel, op: BotocoreOperation): OperationModel {
  const [path = '', query = ''] = memberNamedUri(model, op).split('?');
  let input: StructureShape | undefined;
  let output: { shape: StructureShape | undefined } | undefined;
  return {
    name: op.name as OperationName,
    source: 'botocore',
    method: op.http.method,
    segments: path.split('/').filter((s) => s !== ''),
    queryLiterals: query ? query.split('&').map((q) => q.split('=')[0] ?? q) : [],
    successCode: op.http.responseCode ?? 200,
    get input() {
      input ??= op.input ? compiler.structure(op.input.shape) : { kind: 'structure', name: `${op.name}Input`, members: new Map(), required: [] };
      return input;
    },
    get output() {
      output ??= { shape: op.output ? compiler.structure(op.output.shape) : undefined };
      return output.shape;
    },
  };
}

/** The model's operations whose names are not in `known` (the SDK's), compiled (shapes on first use). */
export function botocoreOnlyOperations(known: ReadonlySet<string>, model: BotocoreModel = vendoredModel): OperationModel[] {
  const compiler = new ShapeCompiler(model);
  return Object.values(model.operations)
    .filter((op) => !known.has(op.name))
    .map((op) => compileOperation(compiler, model, op));
}
