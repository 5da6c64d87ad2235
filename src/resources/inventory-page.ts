/**
 * One page of the inventory for GET /_holdfast/resources?limit=...&after=...&contains=...&injected=true
 * (the console's Inventory view). Keyset paging over the docs table's `seq` (the order entries were
 * first stored in, indexed on both backends: docs_order), so a page costs what it reads, whatever
 * the size of the inventory.
 *
 * The filters are evaluated on the rows read, not by an index (the inventory is a document
 * collection: no column holds the type or the injection): a filtered request reads at most
 * SCAN_BUDGET entries, answers the matches among them and a nextToken where it stopped, so a page
 * may hold fewer than `limit` entries (even none) and still have a nextToken: keep following it.
 */
import { AdminError } from '../server/admin.js';
import { injectedFailures, type InjectedFailure } from './injected-failures.js';
import type { Inventory, InventoryEntry } from './inventory.js';
import { describeResourceArn } from './resource-types.js';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;
/** Most entries one filtered request reads. */
export const SCAN_BUDGET = 5000;

/** The parameters that ask for a page (without any of them the route answers the whole inventory). */
export const PAGE_PARAMETERS = ['limit', 'after', 'contains', 'injected'] as const;

export interface InventoryPageItem extends InventoryEntry {
  /** The resource type: the entry's resourceType, else the one its ARN implies. */
  type: string;
  injected: InjectedFailure[];
}

export interface InventoryPage {
  resources: InventoryPageItem[];
  /** Where the next page starts; absent once the inventory has been read to its end. */
  nextToken?: string;
  /** How many entries this request read. */
  scanned: number;
}

interface PageQuery {
  limit: number;
  afterSeq: number;
  contains?: string;
  injectedOnly: boolean;
}

const encodeToken = (seq: number): string => Buffer.from(`inventory:${seq}`).toString('base64url');

function decodeToken(token: string): number {
  const m = /^inventory:(\d{1,15})$/.exec(Buffer.from(token, 'base64url').toString());
  if (!m) throw new AdminError(400, `after '${token}' is not a nextToken this route answered; start again without it.`);
  return Number(m[1]);
}

export const wantsPage = (query: URLSearchParams): boolean => PAGE_PARAMETERS.some((p) => query.has(p));

export function parsePageQuery(query: URLSearchParams): PageQuery {
  const rawLimit = query.get('limit');
  const limit = rawLimit === null ? DEFAULT_PAGE : Number(rawLimit);
  if (!/^\d+$/.test(rawLimit ?? '1') || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new AdminError(400, `limit must be a whole number from 1 to ${MAX_PAGE}.`);
  }
  const after = query.get('after');
  const injected = query.get('injected');
  if (injected !== null && injected !== 'true' && injected !== 'false') throw new AdminError(400, 'injected must be true or false.');
  const contains = query.get('contains')?.trim().toLowerCase();
  return { limit, afterSeq: after ? decodeToken(after) : 0, contains: contains || undefined, injectedOnly: injected === 'true' };
}

function item(entry: InventoryEntry): InventoryPageItem {
  return { ...entry, type: entry.resourceType ?? describeResourceArn(entry.arn)?.type ?? '', injected: injectedFailures(entry) };
}

/** Text filter: a case-insensitive substring of the ARN or of the resource type. */
const matches = (q: PageQuery, it: InventoryPageItem): boolean =>
  (!q.injectedOnly || it.injected.length > 0) && (!q.contains || it.arn.toLowerCase().includes(q.contains) || it.type.toLowerCase().includes(q.contains));

export async function inventoryPage(inventory: Inventory, q: PageQuery): Promise<InventoryPage> {
  const filtered = q.injectedOnly || q.contains !== undefined;
  const out: InventoryPageItem[] = [];
  let scanned = 0;
  let at = q.afterSeq;
  for (;;) {
    // Unfiltered: one row more than the page tells whether another page follows.
    const want = filtered ? Math.min(Math.max(q.limit, 500), SCAN_BUDGET - scanned) : q.limit + 1;
    const rows = await inventory.rows(at, want);
    scanned += rows.length;
    for (const row of rows) {
      if (out.length === q.limit) return { resources: out, nextToken: encodeToken(at), scanned };
      at = row.seq;
      const it = item(row.doc);
      if (matches(q, it)) out.push(it);
    }
    if (rows.length < want) return { resources: out, scanned };
    if (out.length === q.limit || scanned >= SCAN_BUDGET) return { resources: out, nextToken: encodeToken(at), scanned };
  }
}
