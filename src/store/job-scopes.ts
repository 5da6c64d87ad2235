/**
 * The accounts and Regions that hold jobs, without reading the jobs: a loose index scan of
 * jobs_order (kind, account, region, seq) that seeks the next distinct (kind, account, region)
 * key each time, then counts each scope's jobs of a kind up to a cap. Both backends run it over
 * their own two statements, so a table of millions of jobs costs a few seeks per scope.
 */
import type { JobScopeCount } from './repos/jobs-store.js';

export type JobKey = readonly [kind: string, account: string, region: string];

export interface JobScopeQueries {
  /** The first (kind, account, region) of jobs_order strictly after `after`. */
  next(after: JobKey): Promise<JobKey | undefined>;
  /** How many jobs have this key, counting no further than cap. */
  count(key: JobKey, cap: number): Promise<number>;
}

export async function jobScopes(q: JobScopeQueries, cap: number): Promise<JobScopeCount[]> {
  const scopes = new Map<string, JobScopeCount>();
  for (let key = await q.next(['', '', '']); key; key = await q.next(key)) {
    const [, accountId, region] = key;
    const n = await q.count(key, cap + 1);
    const id = `${accountId}/${region}`;
    const s = scopes.get(id) ?? { accountId, region, jobs: 0, capped: false };
    s.jobs += Math.min(n, cap);
    s.capped ||= n > cap;
    scopes.set(id, s);
  }
  return [...scopes.values()].sort((a, b) => (a.accountId === b.accountId ? (a.region < b.region ? -1 : 1) : a.accountId < b.accountId ? -1 : 1));
}
