/** A report_uploads row (SQLite migration 024, PostgreSQL 025) as the repositories of both backends read it. */
import type { PendingUpload } from './repos/audit-store.js';

export interface UploadRow {
  job_id: string;
  account: string;
  region: string;
  at_ms: number;
  due_ms: number;
  attempts: number;
  last_error: string | null;
}

export const uploadOf = (r: UploadRow): PendingUpload => ({
  jobId: r.job_id,
  accountId: r.account,
  region: r.region,
  atMs: Number(r.at_ms),
  dueMs: Number(r.due_ms),
  attempts: r.attempts,
  lastError: r.last_error ?? undefined,
});
