/**
 * What an inventory entry injects into the jobs of its resource, in words: the one rule for
 * "injected failures" (the console's Inventory view shows it, GET /_holdfast/resources?injected=true
 * filters on it). An entry that injects nothing answers an empty list.
 */
import type { InventoryEntry } from './inventory.js';

export interface InjectedFailure {
  /**
   * backup-fails: its backup jobs end FAILED; backup-issues: they complete with a MessageCategory;
   * start-delay: they wait in CREATED; scan-threats / scan-outcome: its malware scans find threats
   * or do not end COMPLETED.
   */
  kind: 'backup-fails' | 'backup-issues' | 'start-delay' | 'scan-threats' | 'scan-outcome';
  message: string;
}

export function injectedFailures(e: InventoryEntry): InjectedFailure[] {
  const out: InjectedFailure[] = [];
  if (e.backupOutcome === 'FAILED') {
    const category = e.messageCategory ? ` (${e.messageCategory})` : '';
    out.push({ kind: 'backup-fails', message: `backups FAIL${category}${e.failureMessage ? `: ${e.failureMessage}` : ''}` });
  } else if (e.messageCategory) {
    out.push({ kind: 'backup-issues', message: `backups complete with ${e.messageCategory}` });
  }
  if (e.startDelaySeconds) out.push({ kind: 'start-delay', message: `starts ${e.startDelaySeconds} s late` });
  if (e.scanResult === 'THREATS_FOUND') out.push({ kind: 'scan-threats', message: 'scans find threats' });
  if (e.scanOutcome && e.scanOutcome !== 'COMPLETED') out.push({ kind: 'scan-outcome', message: `scans end ${e.scanOutcome}` });
  return out;
}
