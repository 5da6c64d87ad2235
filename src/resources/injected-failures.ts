/**
 * What an inventory entry injects into the jobs of its resource, in words: the one rule for
 * "injected failures" (the console's Inventory view shows it, GET /_holdfast/resources?injected=true
 * filters on it). An entry that injects nothing answers an empty list.
 */
import type { InventoryEntry } from './inventory.js';

export interface InjectedFailure {
  /**
   * backup-fails: its backup jobs end FAILED; backup-issues: they complete with a MessageCategory;
   * backup-message: they complete with a status message (S3 and EKS: objects left out); start-delay: they wait in CREATED;
   * scan-threats / scan-outcome: its malware scans find threats or do not end COMPLETED;
   * restore-objects / restore-skips: its restores leave objects out or skip them (S3, EKS);
   * index-fails: its recovery points' backup indexes end FAILED.
   */
  kind: 'backup-fails' | 'backup-issues' | 'backup-message' | 'start-delay' | 'scan-threats' | 'scan-outcome' | 'restore-objects' | 'restore-skips' | 'index-fails';
  message: string;
}

export function injectedFailures(e: InventoryEntry): InjectedFailure[] {
  const out: InjectedFailure[] = [];
  if (e.backupOutcome === 'FAILED') {
    const category = e.messageCategory ? ` (${e.messageCategory})` : '';
    out.push({ kind: 'backup-fails', message: `backups FAIL${category}${e.failureMessage ? `: ${e.failureMessage}` : ''}` });
  } else if (e.messageCategory) {
    out.push({ kind: 'backup-issues', message: `backups complete with ${e.messageCategory}` });
  } else if (e.failureMessage) {
    out.push({ kind: 'backup-message', message: `backups complete with the status message: ${e.failureMessage}` });
  }
  if (e.startDelaySeconds) out.push({ kind: 'start-delay', message: `starts ${e.startDelaySeconds} s late` });
  if (e.scanResult === 'THREATS_FOUND') out.push({ kind: 'scan-threats', message: 'scans find threats' });
  if (e.scanOutcome && e.scanOutcome !== 'COMPLETED') out.push({ kind: 'scan-outcome', message: `scans end ${e.scanOutcome}` });
  if (e.restoreFailureMessage) out.push({ kind: 'restore-objects', message: `restores leave objects out: ${e.restoreFailureMessage}` });
  if (e.restoreSkippedMessage) out.push({ kind: 'restore-skips', message: `restores skip objects: ${e.restoreSkippedMessage}` });
  if (e.indexOutcome === 'FAILED') out.push({ kind: 'index-fails', message: `indexes FAIL${e.indexFailureMessage ? `: ${e.indexFailureMessage}` : ''}` });
  return out;
}
