/** Helpers of the PostgreSQL repositories: records from rows, and batches written as one statement. */

/** The records of rows whose `data` column holds their JSON. */
export const records = <T>(rows: readonly { data: string }[]): T[] => rows.map((r) => JSON.parse(r.data) as T);

/**
 * The last of each key, in the order of their last occurrence: what a statement per item, in
 * order, would leave (one UPDATE ... FROM unnest must not meet a row twice).
 */
export function lastOfEach<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    byKey.delete(k);
    byKey.set(k, item);
  }
  return [...byKey.values()];
}
