/**
 * The vendored botocore service model of AWS Backup (models/botocore-backup-2018-11-15.json; its
 * origin is in models/README.md). This module is the one place that reads it. The SDK's operation
 * schemas carry no constraint traits, so the protocol layer takes lengths and patterns from here.
 */
import raw from './models/botocore-backup-2018-11-15.json' with { type: 'json' };

export interface BotocoreMember {
  shape: string;
  location?: string;
  locationName?: string;
  documentation?: string;
}

export interface BotocoreShape {
  type: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  member?: BotocoreMember;
  key?: BotocoreMember;
  value?: BotocoreMember;
  members?: Record<string, BotocoreMember>;
}

const shapes = (raw as unknown as { shapes: Record<string, BotocoreShape> }).shapes;

/** The shape of that name, or undefined when the model has none. */
export function botocoreShape(name: string): BotocoreShape | undefined {
  return Object.hasOwn(shapes, name) ? shapes[name] : undefined;
}

/** The member of a structure shape (the model's shape names are the SDK's). */
export function botocoreMember(structure: string, member: string): BotocoreMember | undefined {
  const members = botocoreShape(structure)?.members;
  return members && Object.hasOwn(members, member) ? members[member] : undefined;
}
