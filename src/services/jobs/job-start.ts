/** What starting a backup, copy or restore job shares: how long it runs, and the insert that honours an IdempotencyToken. */
import type { InventoryEntry } from '../../resources/inventory.js';
import type { JobsStore } from '../../store/repos/jobs-store.js';
import type { Scope } from '../../store/types.js';
import type { ServiceDeps } from '../deps.js';
import type { JobRecord } from './job-record.js';

/** Seconds a job runs when neither the resource inventory nor the server's settings say. */
export const DEFAULT_JOB_SECONDS = 5;

/** How long a job of this resource runs: its inventory entry's backupDurationSeconds, else the server's default. */
export function jobDurationMs(deps: ServiceDeps, entry: InventoryEntry | undefined): number {
  return (entry?.backupDurationSeconds ?? deps.jobSettings?.defaultJobSeconds ?? DEFAULT_JOB_SECONDS) * 1000;
}

/**
 * Inserts a new job (the first of jobs; any others are its children) in one transaction, unless
 * a job of its kind in the scope already has its IdempotencyToken: then answers that job and
 * inserts nothing. Opens its own transaction, or joins the caller's.
 */
export async function insertUnlessRepeated<J extends JobRecord>(deps: ServiceDeps, store: JobsStore, scope: Scope, jobs: J[]): Promise<J> {
  const job = jobs[0]!;
  return deps.store.atomically(async () => {
    if (job.idempotencyToken) {
      const existing = await store.byIdempotencyToken<J>(job.kind, scope, job.idempotencyToken);
      if (existing) return existing;
    }
    for (const j of jobs) await store.insert(j);
    return job;
  });
}
