/**
 * GET /_holdfast/console/scopes: every account and Region that holds data, for the console's
 * switcher. Nothing here reads the points or jobs themselves: vaults are few (their documents),
 * recovery points come from the per-vault counters, and jobs from a loose index scan that counts
 * each scope's jobs only up to JOB_COUNT_CAP (`jobsCapped`: there are more).
 */
import type { DocCollection, Scope } from '../../store/types.js';
import type { Store } from '../../store/types.js';

export const JOB_COUNT_CAP = 10_000;
const VAULT_PAGE = 1000;

export interface ScopeSummary extends Scope {
  vaults: number;
  recoveryPoints: number;
  jobs: number;
  /** The scope has more jobs than `jobs` (counting stopped at JOB_COUNT_CAP per job kind). */
  jobsCapped: boolean;
}

export async function scopeSummaries(store: Store, vaults: DocCollection<unknown>): Promise<ScopeSummary[]> {
  const out = new Map<string, ScopeSummary>();
  const of = (s: Scope): ScopeSummary => {
    const key = `${s.accountId}/${s.region}`;
    let summary = out.get(key);
    if (!summary) out.set(key, (summary = { accountId: s.accountId, region: s.region, vaults: 0, recoveryPoints: 0, jobs: 0, jobsCapped: false }));
    return summary;
  };
  for (let after = 0; ; ) {
    const rows = await vaults.listAll({ afterSeq: after, limit: VAULT_PAGE });
    for (const r of rows) of(r).vaults++;
    if (rows.length < VAULT_PAGE) break;
    after = rows[rows.length - 1]!.seq;
  }
  for (const c of await store.recoveryPoints.scopeCounts()) of(c).recoveryPoints += c.count;
  for (const j of await store.jobs.scopes(JOB_COUNT_CAP)) Object.assign(of(j), { jobs: j.jobs, jobsCapped: j.capped });
  return [...out.values()].sort((a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region));
}
