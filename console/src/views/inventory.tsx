/**
 * Inventory: what Holdfast backs up (GET /_holdfast/resources, global: each ARN names its own
 * account and Region), with each entry's failure injection in plain sight: a backup that fails
 * and why, a start delay, a malware scan's result and outcome, restores that leave objects out or
 * skip them, indexes that fail. Filtered by text, failures first.
 */
import { useState } from 'preact/hooks';
import { Empty, ErrorNote, Loading } from '../components/status.js';
import { useConsole } from '../lib/context.js';
import { useLoad } from '../lib/use-load.js';
import type { ConsoleView } from './index.js';

/** An inventory entry as GET /_holdfast/resources answers it (src/resources/inventory.ts). */
interface Entry {
  arn: string;
  tags?: Record<string, string>;
  resourceType?: string;
  sizeBytes?: number;
  backupOutcome?: 'COMPLETED' | 'FAILED';
  messageCategory?: string;
  failureMessage?: string;
  backupDurationSeconds?: number;
  startDelaySeconds?: number;
  scanResult?: string;
  scanOutcome?: string;
  restoreFailureMessage?: string;
  restoreSkippedMessage?: string;
  indexOutcome?: string;
  indexFailureMessage?: string;
  stackMembers?: { logicalId: string; arn: string }[];
}

/** Rows drawn at most; the filter narrows the rest. */
const SHOWN = 200;

/** The failures and delays an entry injects, in words. */
export function injected(e: Entry): string[] {
  const out: string[] = [];
  if (e.backupOutcome === 'FAILED') out.push(`backups FAIL${e.messageCategory ? ` (${e.messageCategory})` : ''}${e.failureMessage ? `: ${e.failureMessage}` : ''}`);
  else if (e.messageCategory) out.push(`backups complete with ${e.messageCategory}`);
  if (e.startDelaySeconds) out.push(`starts ${e.startDelaySeconds} s late`);
  if (e.scanResult === 'THREATS_FOUND') out.push('scans find threats');
  if (e.scanOutcome && e.scanOutcome !== 'COMPLETED') out.push(`scans end ${e.scanOutcome}`);
  if (e.restoreFailureMessage) out.push(`restores leave objects out: ${e.restoreFailureMessage}`);
  if (e.restoreSkippedMessage) out.push(`restores skip objects: ${e.restoreSkippedMessage}`);
  if (e.indexOutcome === 'FAILED') out.push(`indexes FAIL${e.indexFailureMessage ? `: ${e.indexFailureMessage}` : ''}`);
  return out;
}

function Inventory() {
  const { admin } = useConsole();
  const [filter, setFilter] = useState('');
  const state = useLoad(() => admin.get<{ resources: Entry[] }>('/resources'), [admin]);
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading what="the inventory" />;
  const needle = filter.trim().toLowerCase();
  const matching = state.data.resources
    .filter((e) => !needle || JSON.stringify(e).toLowerCase().includes(needle))
    .sort((a, b) => Number(injected(b).length > 0) - Number(injected(a).length > 0));
  return (
    <div>
      <div class="filters">
        <label>
          Filter
          <input type="search" value={filter} placeholder="ARN, tag, FAILED..." onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
        </label>
        <span class="hint" data-testid="inventory-count">
          {matching.length} of {state.data.resources.length} resources{matching.length > SHOWN ? `, the first ${SHOWN} shown` : ''}
        </span>
      </div>
      {state.data.resources.length === 0 ? (
        <Empty>The inventory is empty: PUT /_holdfast/resources or --resources FILE adds resources (any ARN is still backed up with defaults).</Empty>
      ) : (
        <table class="grid" data-testid="inventory">
          <thead>
            <tr>
              <th>Resource</th>
              <th>Type</th>
              <th>Tags</th>
              <th>Duration</th>
              <th>Injected</th>
            </tr>
          </thead>
          <tbody>
            {matching.slice(0, SHOWN).map((e) => {
              const faults = injected(e);
              return (
                <tr key={e.arn} data-key={e.arn} class={faults.length ? 'injected' : undefined}>
                  <td title={e.arn}>{e.arn}</td>
                  <td>{e.resourceType ?? ''}</td>
                  <td>{Object.entries(e.tags ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')}</td>
                  <td class="num">{e.backupDurationSeconds === undefined ? '' : `${e.backupDurationSeconds} s`}</td>
                  <td class={faults.some((f) => f.includes('FAIL')) ? 'state-FAILED' : undefined}>{faults.join('; ') || <span class="hint">none</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

export const inventoryView: ConsoleView = { id: 'inventory', title: 'Inventory', Component: Inventory };
