/**
 * The vendored botocore service model of AWS Backup (models/botocore-backup-2018-11-15.json; its
 * origin is in models/README.md). This module is the one place that reads it. The SDK's operation
 * schemas carry no constraint traits, so the protocol layer takes lengths and patterns from here,
 * and the operations the pinned SDK lacks (botocore-operations.ts).
 */
import raw from './models/botocore-backup-2018-11-15.json' with { type: 'json' };

/** The botocore release the vendored model was taken from (models/README.md records its hash). */
export const BOTOCORE_RELEASE = '1.43.107';

export interface BotocoreMember {
  shape: string;
  location?: string;
  locationName?: string;
  documentation?: string;
  idempotencyToken?: boolean;
}

export interface BotocoreShape {
  type: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  required?: string[];
  member?: BotocoreMember;
  key?: BotocoreMember;
  value?: BotocoreMember;
  members?: Record<string, BotocoreMember>;
}

export interface BotocoreOperation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
}

export interface BotocoreModel {
  operations: Record<string, BotocoreOperation>;
  shapes: Record<string, BotocoreShape>;
}

/** The vendored model as read (tests compare other models with the same functions). */
export const vendoredModel = raw as unknown as BotocoreModel;

const shapes = vendoredModel.shapes;

/** The shape of that name, or undefined when the model has none. */
export function botocoreShape(name: string): BotocoreShape | undefined {
  return Object.hasOwn(shapes, name) ? shapes[name] : undefined;
}

/** The member of a structure shape (the model's shape names are the SDK's). */
export function botocoreMember(structure: string, member: string): BotocoreMember | undefined {
  const members = botocoreShape(structure)?.members;
  return members && Object.hasOwn(members, member) ? members[member] : undefined;
}

/**
 * An operation's URI template with its labels named by member, as the SDK's schemas write them
 * (botocore names a label by its locationName: `{backupVaultName}` for member BackupVaultName),
 * without a trailing slash (botocore writes `/backup/plans/`, the SDK `/backup/plans`; the
 * router ignores it).
 */
export function memberNamedUri(model: BotocoreModel, op: BotocoreOperation): string {
  const members = op.input ? (model.shapes[op.input.shape]?.members ?? {}) : {};
  const byLocation = new Map<string, string>();
  for (const [name, m] of Object.entries(members)) if (m.location === 'uri') byLocation.set(m.locationName ?? name, name);
  const [path = '', query] = op.http.requestUri.split('?');
  const named = path.replace(/\{([^}+]+)(\+?)\}/g, (_, label: string, greedy: string) => `{${byLocation.get(label) ?? label}${greedy}}`);
  const trimmed = named.length > 1 ? named.replace(/\/$/, '') : named;
  return query === undefined ? trimmed : `${trimmed}?${query}`;
}
