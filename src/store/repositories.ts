/**
 * Every repository of a store, typed, backend-neutral: each backend builds this one object in one
 * factory (sqlite/sqlite-store.ts), and services reach the database only through it
 * (`deps.store.jobs`, ...). The interfaces live in repos/; no business rules.
 */
import type { AccessPointStore } from './repos/access-points-store.js';
import type { OutboxStore } from './repos/outbox-store.js';
import type { AuditSourceStore } from './repos/audit-source-store.js';
import type { AuditStore } from './repos/audit-store.js';
import type { JobsStore } from './repos/jobs-store.js';
import type { LegalHoldStore } from './repos/legal-hold-store.js';
import type { PlanScheduleStore } from './repos/plan-schedule-store.js';
import type { PointIndexesStore } from './repos/recovery-point-indexes-store.js';
import type { RecoveryPointsStore } from './repos/recovery-points-store.js';
import type { RestoreAccessStore } from './repos/restore-access-store.js';
import type { RestoreTestingStore } from './repos/restore-testing-store.js';
import type { ScanJobsStore } from './repos/scan-jobs-store.js';
import type { VaultCreationStore } from './repos/vault-creation-store.js';
import type { DocCollection, MetaStore, TagStore } from './types.js';

export interface Repositories {
  /** Low-volume records of one kind (vaults, plans, frameworks, ...). */
  docs<T>(kind: string): DocCollection<T>;
  tags: TagStore;
  meta: MetaStore;
  /** When each backup rule fires next (the plan scheduler's table). */
  planSchedule: PlanScheduleStore;
  jobs: JobsStore;
  recoveryPoints: RecoveryPointsStore;
  pointIndexes: PointIndexesStore;
  scanJobs: ScanJobsStore;
  legalHolds: LegalHoldStore;
  audit: AuditStore;
  /** What audit reports and controls read from the jobs and recovery points tables. */
  auditSource: AuditSourceStore;
  restoreTesting: RestoreTestingStore;
  restoreAccess: RestoreAccessStore;
  vaultCreations: VaultCreationStore;
  /** Backup access points (services/access-points/). */
  accessPoints: AccessPointStore;
  /** Events and notifications to deliver after commit (services/events/). */
  outbox: OutboxStore;
}
