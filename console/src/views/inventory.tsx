/**
 * Inventory: what Holdfast backs up (GET /_holdfast/resources in pages, global: each ARN names its
 * own account and Region), with each entry's failure injection in plain sight, in the server's
 * words (src/resources/injected-failures.ts): a backup that fails and why, a start delay, a malware
 * scan's result and outcome, restores that leave objects out or skip them, indexes that fail. The
 * filters (an ARN or type substring, injected failures only) are the server's; the table draws only the rows in view and fetches more as it scrolls.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { Empty, ErrorNote, Loading } from '../components/status.js';
import { VirtualTable, type Column } from '../components/virtual-table.js';
import type { AdminClient } from '../lib/admin.js';
import { useConsole } from '../lib/context.js';
import { useLoad } from '../lib/use-load.js';
import type { ConsoleView } from './index.js';

/** An inventory entry as a page of GET /_holdfast/resources answers it (src/resources/inventory-page.ts). */
interface Entry {
  arn: string;
  type: string;
  tags?: Record<string, string>;
  backupDurationSeconds?: number;
  injected: { kind: string; message: string }[];
}

interface Page {
  resources: Entry[];
  nextToken?: string;
  scanned: number;
}

/** Entries the view asks for at a time. */
const PAGE = 100;
/** Requests one fetch makes at most while a filter leaves its pages short (each reads at most 5,000 entries). */
const MAX_REQUESTS = 10;

/** Pages from `after` on until PAGE entries (or the end, or MAX_REQUESTS requests). */
async function fetchRows(admin: AdminClient, filters: { contains?: string; injected: boolean }, after?: string): Promise<Page> {
  const out: Page = { resources: [], scanned: 0, nextToken: after };
  for (let i = 0; i < MAX_REQUESTS && out.resources.length < PAGE; i++) {
    const page = await admin.get<Page>('/resources', {
      limit: PAGE - out.resources.length,
      after: out.nextToken,
      contains: filters.contains,
      injected: filters.injected ? 'true' : undefined,
    });
    out.resources.push(...page.resources);
    out.scanned += page.scanned;
    out.nextToken = page.nextToken;
    if (!page.nextToken) break;
  }
  return out;
}

const columns: Column<Entry>[] = [
  { title: 'Resource', width: '2fr', cell: (e) => <span title={e.arn}>{e.arn}</span> },
  { title: 'Type', width: '8rem', cell: (e) => e.type },
  { title: 'Tags', width: '1fr', cell: (e) => Object.entries(e.tags ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') },
  { title: 'Duration', width: '6rem', cell: (e) => (e.backupDurationSeconds === undefined ? '' : `${e.backupDurationSeconds} s`) },
  {
    title: 'Injected',
    width: '2fr',
    cell: (e) =>
      e.injected.length ? (
        <span class={e.injected.some((f) => f.kind === 'backup-fails') ? 'state-FAILED' : undefined}>{e.injected.map((f) => f.message).join('; ')}</span>
      ) : (
        <span class="hint">none</span>
      ),
  },
];

function Inventory() {
  const { admin, params, setParams } = useConsole();
  const contains = params.get('contains') ?? undefined;
  const injected = params.get('injected') === 'true';
  const [text, setText] = useState(contains ?? '');
  useEffect(() => {
    const wanted = text.trim() || undefined;
    if (wanted === contains) return undefined;
    const timer = setTimeout(() => setParams({ contains: wanted }), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const filters = { contains, injected };
  const first = useLoad(() => fetchRows(admin, filters), [admin, contains, injected]);
  const [rows, setRows] = useState<Entry[]>();
  const [next, setNext] = useState<string>();
  const [scanned, setScanned] = useState(0);
  const fetching = useRef(false);
  useEffect(() => {
    setRows(first.data?.resources);
    setNext(first.data?.nextToken);
    setScanned(first.data?.scanned ?? 0);
  }, [first.data]);
  const more = useCallback(() => {
    if (!next || fetching.current) return;
    fetching.current = true;
    fetchRows(admin, filters, next).then(
      (p) => {
        fetching.current = false;
        setRows((cur) => [...(cur ?? []), ...p.resources]);
        setNext(p.nextToken);
        setScanned((n) => n + p.scanned);
      },
      () => {
        fetching.current = false;
      },
    );
  }, [next, admin, contains, injected]);
  const filtered = contains !== undefined || injected;
  return (
    <div>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Filter
          <input type="search" value={text} placeholder="ARN or type contains..." onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        </label>
        <label class="check">
          <input type="checkbox" checked={injected} onChange={(e) => setParams({ injected: (e.target as HTMLInputElement).checked ? 'true' : undefined })} />
          Injected failures only
        </label>
        {rows && (
          <span class="hint" data-testid="inventory-count">
            {rows.length} resource{rows.length === 1 ? '' : 's'}{filtered ? ` matching, of ${scanned} read` : ''}
            {next ? (rows.length ? '; more load as you scroll' : '; none yet') : ''}
          </span>
        )}
      </form>
      {first.error && <ErrorNote error={first.error} />}
      {!rows && !first.error && <Loading what="the inventory" />}
      {rows && rows.length === 0 && !next && (
        <Empty>
          {filtered
            ? 'No inventory entry matches these filters.'
            : 'The inventory is empty: PUT /_holdfast/resources or --resources FILE adds resources (any ARN is still backed up with defaults).'}
        </Empty>
      )}
      {rows && rows.length === 0 && next && (
        <p class="pager">
          <button type="button" onClick={more}>
            Read on
          </button>
        </p>
      )}
      {rows && rows.length > 0 && (
        <VirtualTable testId="inventory" rows={rows} columns={columns} rowKey={(e) => e.arn} onEnd={more} rowClass={(e) => (e.injected.length ? 'injected' : '')} />
      )}
    </div>
  );
}

export const inventoryView: ConsoleView = { id: 'inventory', title: 'Inventory', Component: Inventory };
