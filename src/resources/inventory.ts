/**
 * The resource inventory: what Holdfast "backs up". Entries are upserted through
 * PUT /_holdfast/resources or `--resources FILE`; an ARN that is not in the inventory is still
 * backed up with default size and duration unless `--strict-resources` is on.
 */
import { readFile } from 'node:fs/promises';
import type { DocCollection, DocRow, Scope, Store } from '../store/types.js';
import { AdminError, parseAdminJson, type AdminRoute } from '../server/admin.js';
import { inventoryPage, parsePageQuery, wantsPage } from './inventory-page.js';
import { checkResourceArn, describeResourceArn, INDEXABLE_TYPES, RESOURCE_TYPES, type ResourceInfo } from './resource-types.js';

export interface StackMember {
  logicalId: string;
  arn: string;
}

export interface InventoryEntry {
  arn: string;
  tags?: Record<string, string>;
  sizeBytes?: number;
  /** COMPLETED (default) or FAILED. */
  backupOutcome?: 'COMPLETED' | 'FAILED';
  /** The MessageCategory a COMPLETED (with issues) or FAILED job reports. */
  messageCategory?: string;
  failureMessage?: string;
  backupDurationSeconds?: number;
  /** Holdfast extension: how long a job waits in CREATED before it starts (to test the start window). */
  startDelaySeconds?: number;
  /** Holdfast extension: overrides the type the ARN implies (e.g. DocumentDB or Neptune for an rds cluster ARN). */
  resourceType?: string;
  /** Holdfast extension: false for a source that is not encrypted (its backups are not, where encryption follows the source). */
  encrypted?: boolean;
  /** For CloudFormation stacks: the resources of the stack. */
  stackMembers?: StackMember[];
  /**
   * Holdfast extension (Holdfast has no malware engine): what a malware scan of this resource's
   * recovery points finds. NO_THREATS_FOUND (default) or THREATS_FOUND.
   */
  scanResult?: 'NO_THREATS_FOUND' | 'THREATS_FOUND';
  /** How such a scan job ends: COMPLETED (default), COMPLETED_WITH_ISSUES or FAILED (result UNKNOWN). */
  scanOutcome?: 'COMPLETED' | 'COMPLETED_WITH_ISSUES' | 'FAILED';
  /** How long such a scan runs (default 300 seconds). */
  scanDurationSeconds?: number;
  /**
   * Holdfast extension, S3 and EKS only: objects fail to restore. A restore job of this resource's
   * recovery points ends COMPLETED with this status message (as AWS reports an S3 restore that left
   * objects out) and notifies S3_RESTORE_OBJECT_FAILED or EKS_RESTORE_OBJECT_FAILED.
   */
  restoreFailureMessage?: string;
  /** Holdfast extension, EKS only: objects the restore skips (it never overwrites); notifies EKS_RESTORE_OBJECT_SKIPPED. */
  restoreSkippedMessage?: string;
  /** Holdfast extension, EBS and S3 only: how the backup indexes of this resource's recovery points end: ACTIVE (default) or FAILED. */
  indexOutcome?: 'ACTIVE' | 'FAILED';
  /** The IndexStatusMessage of such a FAILED index. */
  indexFailureMessage?: string;
}

export const DEFAULT_SIZE_BYTES = 10 * 1024 * 1024 * 1024;

export const INVENTORY_KIND = 'inventory-resource';

/**
 * Where an entry is stored: under its ARN's own account and Region (the ARN's 5th and 4th fields;
 * '' and '' for S3 bucket ARNs, which name neither), so that reading one scope's entries is an
 * indexed range (docs_order) and reading one ARN a single indexed read (docs_key). Migrations
 * sqlite 027 / postgres 029 moved the entries stored before under one global key
 * ('*', '*') by the same rule, in SQL.
 */
export function inventoryScope(arn: string): Scope {
  const parts = arn.split(':');
  return { accountId: parts[4] ?? '', region: parts[3] ?? '' };
}

/** The entries no account or Region owns (S3 buckets): every scope sees them. */
const SCOPELESS: Scope = { accountId: '', region: '' };

const OUTCOMES = new Set(['COMPLETED', 'FAILED']);
const SCAN_RESULTS = new Set(['NO_THREATS_FOUND', 'THREATS_FOUND']);
const SCAN_OUTCOMES = new Set(['COMPLETED', 'COMPLETED_WITH_ISSUES', 'FAILED']);
const INDEX_OUTCOMES = new Set(['ACTIVE', 'FAILED']);
/** Which resource types each object-level and index option applies to (the stricter reading: refused elsewhere). */
const TYPES_OF: Record<string, { types: Set<string>; what: string }> = {
  restoreFailureMessage: { types: new Set(['S3', 'EKS']), what: 'S3 buckets and EKS clusters (object-level restores)' },
  restoreSkippedMessage: { types: new Set(['EKS']), what: 'EKS clusters' },
  indexOutcome: { types: INDEXABLE_TYPES, what: `the resource types AWS Backup indexes (${[...INDEXABLE_TYPES].join(', ')})` },
  indexFailureMessage: { types: INDEXABLE_TYPES, what: `the resource types AWS Backup indexes (${[...INDEXABLE_TYPES].join(', ')})` },
};

function fail(message: string): never {
  throw new AdminError(400, message);
}

const isNonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Checks one entry from a user and answers it in its stored form. */
export function validateEntry(raw: unknown, where: string): InventoryEntry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(`${where} must be a JSON object.`);
  const e = raw as Record<string, unknown>;
  if (typeof e.arn !== 'string' || e.arn === '') fail(`${where}.arn must be a non-empty string.`);
  const check = checkResourceArn(e.arn);
  if (check.verdict !== 'supported') fail(`${where}.arn '${e.arn}' ${check.problem}.`);
  const info = check.info;
  const known = new Set(['arn', 'tags', 'sizeBytes', 'backupOutcome', 'messageCategory', 'failureMessage', 'backupDurationSeconds', 'startDelaySeconds', 'resourceType', 'stackMembers', 'encrypted', 'scanResult', 'scanOutcome', 'scanDurationSeconds', ...Object.keys(TYPES_OF)]);
  for (const key of Object.keys(e)) if (!known.has(key)) fail(`${where} has an unknown field '${key}'.`);
  if (e.tags !== undefined) {
    if (typeof e.tags !== 'object' || e.tags === null || Array.isArray(e.tags) || Object.values(e.tags).some((v) => typeof v !== 'string')) {
      fail(`${where}.tags must be an object of string values.`);
    }
  }
  for (const key of ['sizeBytes', 'backupDurationSeconds', 'startDelaySeconds', 'scanDurationSeconds'] as const) {
    if (e[key] !== undefined && !isNonNegative(e[key])) fail(`${where}.${key} must be a number of at least 0.`);
  }
  if (e.encrypted !== undefined && typeof e.encrypted !== 'boolean') fail(`${where}.encrypted must be true or false.`);
  if (e.backupOutcome !== undefined && !OUTCOMES.has(e.backupOutcome as string)) fail(`${where}.backupOutcome must be COMPLETED or FAILED.`);
  if (e.scanResult !== undefined && !SCAN_RESULTS.has(e.scanResult as string)) fail(`${where}.scanResult must be NO_THREATS_FOUND or THREATS_FOUND.`);
  if (e.scanOutcome !== undefined && !SCAN_OUTCOMES.has(e.scanOutcome as string)) fail(`${where}.scanOutcome must be COMPLETED, COMPLETED_WITH_ISSUES or FAILED.`);
  if (e.indexOutcome !== undefined && !INDEX_OUTCOMES.has(e.indexOutcome as string)) fail(`${where}.indexOutcome must be ACTIVE or FAILED.`);
  for (const key of ['messageCategory', 'failureMessage', 'restoreFailureMessage', 'restoreSkippedMessage', 'indexFailureMessage'] as const) {
    if (e[key] !== undefined && typeof e[key] !== 'string') fail(`${where}.${key} must be a string.`);
  }
  if (e.resourceType !== undefined && !RESOURCE_TYPES.includes(e.resourceType as string)) {
    fail(`${where}.resourceType must be one of ${RESOURCE_TYPES.join(', ')}.`);
  }
  const type = (e.resourceType as string | undefined) ?? info.type;
  for (const [key, { types, what }] of Object.entries(TYPES_OF)) {
    if (e[key] !== undefined && !types.has(type)) fail(`${where}.${key} is only for ${what}; '${e.arn}' is of type ${type}.`);
  }
  if (e.stackMembers !== undefined) {
    if (info.type !== 'CloudFormation') fail(`${where}.stackMembers is only for CloudFormation stacks.`);
    if (!Array.isArray(e.stackMembers)) fail(`${where}.stackMembers must be a list.`);
    validateStackMembers(e.stackMembers, info, `${where}.stackMembers`);
  }
  return e as unknown as InventoryEntry;
}

/** CloudFormation: "The logical ID must be alphanumeric (A-Za-z0-9) and unique within the template." */
const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;

/**
 * The members of a stack entry. A member whose ARN breaks a rule is refused, naming its logicalId;
 * a well-formed ARN of a type AWS Backup does not back up (an IAM role, a Lambda function) is
 * accepted and skipped by the stack's backups, as AWS skips it (composite/stack-backup.ts).
 * Stricter reading: a supported member lives in the stack's own account and Region.
 */
function validateStackMembers(members: unknown[], stack: ResourceInfo, where: string): void {
  const seen = new Map<string, number>();
  const arns = new Map<string, number>();
  members.forEach((m: unknown, i) => {
    const member = m as Record<string, unknown> | null;
    if (typeof member !== 'object' || member === null || typeof member.logicalId !== 'string' || typeof member.arn !== 'string') {
      fail(`${where}[${i}] must be {"logicalId": string, "arn": string}.`);
    }
    const at = `${where}[${i}] (logicalId '${member.logicalId}')`;
    for (const key of Object.keys(member)) if (key !== 'logicalId' && key !== 'arn') fail(`${at} has an unknown field '${key}'.`);
    if (!LOGICAL_ID.test(member.logicalId)) fail(`${at}: logicalId breaks a rule: CloudFormation logical IDs are 1 to 255 letters and digits (A-Za-z0-9).`);
    const first = seen.get(member.logicalId);
    if (first !== undefined) fail(`${at}: logicalId repeats ${where}[${first}]; logical IDs are unique within a stack.`);
    seen.set(member.logicalId, i);
    const twin = arns.get(member.arn);
    if (twin !== undefined) fail(`${at}: arn '${member.arn}' is also ${where}[${twin}]'s; a resource is one member of its stack.`);
    arns.set(member.arn, i);
    const check = checkResourceArn(member.arn);
    if (check.verdict === 'invalid') fail(`${at}: arn '${member.arn}' ${check.problem}.`);
    if (check.verdict !== 'supported') return;
    const { region, accountId } = check.info;
    if ((region !== '' && region !== stack.region) || (accountId !== '' && accountId !== stack.accountId)) {
      fail(`${at}: arn '${member.arn}' is in ${accountId}/${region}, but a stack's resources are in the stack's own account and Region (${stack.accountId}/${stack.region}).`);
    }
  });
}

export class Inventory {
  private readonly docs: DocCollection<InventoryEntry>;

  constructor(private readonly store: Store) {
    this.docs = store.docs<InventoryEntry>(INVENTORY_KIND);
  }

  async get(arn: string): Promise<InventoryEntry | undefined> {
    return this.docs.get(inventoryScope(arn), arn);
  }

  /** In one transaction (the caller's when it is inside one): on PostgreSQL, one commit rather than one per entry. */
  async upsert(entries: InventoryEntry[]): Promise<void> {
    await this.store.atomically(async () => {
      for (const entry of entries) await this.docs.put(inventoryScope(entry.arn), entry.arn, entry);
    });
  }

  async remove(arn: string): Promise<boolean> {
    return this.docs.delete(inventoryScope(arn), arn);
  }

  /** Every entry of every account and Region, in the order they were first stored. */
  async list(): Promise<InventoryEntry[]> {
    return (await this.docs.listAll()).map((r) => r.doc);
  }

  /**
   * The entries of one account and Region plus the scope-less ones (S3 buckets), in the order
   * they were first stored: two indexed ranges, nothing of other scopes is read.
   */
  async listScope(scope: Scope): Promise<InventoryEntry[]> {
    const own = await this.docs.list(scope);
    if (scope.accountId === SCOPELESS.accountId && scope.region === SCOPELESS.region) return own.map((r) => r.doc);
    const shared = await this.docs.list(SCOPELESS);
    return [...own, ...shared].sort((a, b) => a.seq - b.seq).map((r) => r.doc);
  }

  /** Up to `limit` entries of every scope stored after keyset position `afterSeq`, in the order they were first stored (docs_kind_order). */
  async rows(afterSeq: number, limit: number): Promise<DocRow<InventoryEntry>[]> {
    return this.docs.listAll({ afterSeq, limit });
  }

  /** The type, account, region and name of a resource: from the ARN, with the inventory's type override. */
  async info(arn: string): Promise<(ResourceInfo & { entry?: InventoryEntry }) | undefined> {
    return (await this.infos([arn]))[0];
  }

  /** info() of each ARN, in order, with one read of the inventory per scope they name (a stack's members). */
  async infos(arns: string[]): Promise<((ResourceInfo & { entry?: InventoryEntry }) | undefined)[]> {
    const described = arns.map((arn) => describeResourceArn(arn));
    const byScope = new Map<string, { scope: Scope; arns: string[] }>();
    for (const [i, arn] of arns.entries()) {
      if (!described[i]) continue;
      const scope = inventoryScope(arn);
      const key = `${scope.accountId}:${scope.region}`;
      const group = byScope.get(key) ?? byScope.set(key, { scope, arns: [] }).get(key)!;
      group.arns.push(arn);
    }
    const entries = new Map<string, InventoryEntry | undefined>();
    for (const { scope, arns: group } of byScope.values()) {
      const found = await this.docs.getMany(scope, group);
      group.forEach((arn, i) => entries.set(arn, found[i]));
    }
    return described.map((info, i) => {
      if (!info) return undefined;
      const entry = entries.get(arns[i]!);
      return { ...info, type: entry?.resourceType ?? info.type, entry };
    });
  }
}

/** Parses an inventory document: `{"resources": [...]}` or a bare list. */
export function parseInventory(value: unknown, where: string): InventoryEntry[] {
  const list = Array.isArray(value) ? value : (value as { resources?: unknown } | null)?.resources;
  if (!Array.isArray(list)) fail(`${where} must be {"resources": [...]}.`);
  return list.map((e, i) => validateEntry(e, `${where}.resources[${i}]`));
}

export async function readInventoryFile(path: string): Promise<InventoryEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`--resources: cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return parseInventory(JSON.parse(text), path);
  } catch (e) {
    throw new Error(`--resources: ${(e as Error).message}`);
  }
}

export function inventoryAdminRoutes(inventory: Inventory): AdminRoute[] {
  return [
    {
      method: 'PUT',
      path: '/resources',
      handle: async (req) => {
        const entries = parseInventory(parseAdminJson(req.body), 'body');
        await inventory.upsert(entries);
        return { status: 200, json: { upserted: entries.length } };
      },
    },
    {
      method: 'GET',
      path: '/resources',
      // Without a paging parameter: the whole inventory, as always (hf.resources.list(), the pytest plugin).
      handle: async (req) =>
        wantsPage(req.query)
          ? { status: 200, json: await inventoryPage(inventory, parsePageQuery(req.query)) }
          : { status: 200, json: { resources: await inventory.list() } },
    },
    {
      method: 'DELETE',
      path: '/resources/',
      prefix: true,
      handle: async (req) => {
        let arn: string;
        try {
          arn = decodeURIComponent(req.path.slice('/resources/'.length).replace(/\/$/, ''));
        } catch {
          throw new AdminError(400, 'The resource ARN in the path is not valid percent-encoding.');
        }
        if (!(await inventory.remove(arn))) throw new AdminError(404, `No resource ${arn} in the inventory.`);
        return { status: 200, json: { deleted: arn } };
      },
    },
  ];
}
