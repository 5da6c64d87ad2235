/**
 * The accounts and Regions that hold jobs, without reading the jobs: a loose index scan of
 * jobs_order (kind, account, region, seq). The next distinct (kind, account, region) after a key
 * is found by at most three seeks, each an equality prefix and a range on the next column
 * (`kind = ? AND account = ? AND region > ?`, then `kind = ? AND account > ?`, then
 * `kind > ?`): a row-value comparison on the three columns would step over every job of the
 * key instead (SQLite does). Each scope's jobs of a kind are then counted up to a cap. Both
 * backends run it over their own statements, so a table of millions of jobs costs a few seeks
 * per scope.
 */
import type { JobScopeCount } from './repos/jobs-store.js';

export type JobKey = readonly [kind: string, account: string, region: string];

/** The index's leading columns, in order. */
const JOB_KEY_COLUMNS = ['kind', 'account', 'region'] as const;

/**
 * `SELECT kind, account, region FROM jobs WHERE` the first `equal` key columns are equal to the
 * given values and the next one is greater than `after`, in index order, `LIMIT 1`.
 */
export function firstAfterSql(equal: number, indexHint = ''): string {
  const where = [...JOB_KEY_COLUMNS.slice(0, equal).map((c) => `${c} = ?`), `${JOB_KEY_COLUMNS[equal]} > ?`].join(' AND ');
  return `SELECT kind, account, region FROM jobs ${indexHint} WHERE ${where} ORDER BY kind, account, region LIMIT 1`;
}

export interface JobScopeQueries {
  /** The first key whose first `values.length - 1` columns equal those values and whose next column is greater than the last value. */
  firstAfter(values: string[]): Promise<JobKey | undefined>;
  /** How many jobs have this key, counting no further than cap. */
  count(key: JobKey, cap: number): Promise<number>;
}

async function nextKey(q: JobScopeQueries, [kind, account, region]: JobKey): Promise<JobKey | undefined> {
  return (await q.firstAfter([kind, account, region])) ?? (await q.firstAfter([kind, account])) ?? q.firstAfter([kind]);
}

export async function jobScopes(q: JobScopeQueries, cap: number): Promise<JobScopeCount[]> {
  const scopes = new Map<string, JobScopeCount>();
  for (let key = await q.firstAfter(['']); key; key = await nextKey(q, key)) {
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
