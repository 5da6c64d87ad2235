/**
 * The PostgreSQL implementation of the Store interface and its repositories, over one
 * PgDatabase (pool, transactions; see pg-database.ts for the transaction rule). Several Holdfast
 * instances may share the database: nothing here caches what another instance may write.
 */
import type { AccessPointStore } from '../repos/access-points-store.js';
import type { AuditSourceStore } from '../repos/audit-source-store.js';
import type { AuditStore } from '../repos/audit-store.js';
import type { JobsStore } from '../repos/jobs-store.js';
import type { LegalHoldStore } from '../repos/legal-hold-store.js';
import type { OutboxStore } from '../repos/outbox-store.js';
import type { PlanScheduleStore } from '../repos/plan-schedule-store.js';
import type { PointIndexesStore } from '../repos/recovery-point-indexes-store.js';
import type { RecoveryPointsStore } from '../repos/recovery-points-store.js';
import type { RestoreAccessStore } from '../repos/restore-access-store.js';
import type { RestoreTestingStore } from '../repos/restore-testing-store.js';
import type { ScanJobsStore } from '../repos/scan-jobs-store.js';
import type { DocCollection, MetaStore, SharedInstances, Store, TagStore } from '../types.js';
import { StoreUnavailableError } from '../unavailable.js';
import type { VaultCreationStore } from '../repos/vault-creation-store.js';
import { migrate } from './migrate.js';
import { pgMigrations, type PgMigration } from './migrations/index.js';
import { PgAccessPointStore } from './pg-access-points.js';
import { PgAuditSourceStore, PgAuditStore } from './pg-audit.js';
import { PgClockWatch } from './pg-clock-watch.js';
import { maskedUrl, PgDatabase } from './pg-database.js';
import { PgDocs, PgMeta, PgTags } from './pg-docs.js';
import { PgJobsStore } from './jobs-store.js';
import { PgPointIndexesStore } from './recovery-point-indexes-store.js';
import { PgRecoveryPointsStore } from './recovery-points-store.js';
import { PgScanJobsStore } from './scan-jobs-store.js';
import { PgLegalHoldStore } from './pg-legal-holds.js';
import { PgOutboxStore } from './pg-outbox.js';
import { PgPlanScheduleStore } from './pg-plan-schedule.js';
import { PgRestoreAccessStore } from './pg-restore-access.js';
import { PgRestoreTestingStore } from './pg-restore-testing.js';
import { PgSharedClock } from './pg-shared-clock.js';
import { PgVaultCreationStore } from './pg-vault-creations.js';

/** Tables the admin reset keeps: the migration record, and meta (the token secret; the clock is rewritten). */
const KEPT_ON_RESET = ['schema_migrations', 'meta'];

export class PgStore implements Store {
  readonly tags: TagStore;
  readonly meta: MetaStore;
  readonly planSchedule: PlanScheduleStore;
  readonly legalHolds: LegalHoldStore;
  readonly audit: AuditStore;
  readonly auditSource: AuditSourceStore;
  readonly restoreTesting: RestoreTestingStore;
  readonly restoreAccess: RestoreAccessStore;
  readonly vaultCreations: VaultCreationStore;
  readonly jobs: JobsStore;
  readonly recoveryPoints: RecoveryPointsStore;
  readonly scanJobs: ScanJobsStore;
  readonly pointIndexes: PointIndexesStore;
  readonly accessPoints: AccessPointStore;
  readonly outbox: OutboxStore;
  readonly instances: SharedInstances;
  private readonly collections = new Map<string, PgDocs<unknown>>();

  constructor(
    readonly db: PgDatabase,
    private readonly watch: PgClockWatch,
  ) {
    this.tags = new PgTags(db);
    this.meta = new PgMeta(db);
    this.planSchedule = new PgPlanScheduleStore(db, (fn) => db.atomically(fn));
    this.legalHolds = new PgLegalHoldStore(db);
    this.audit = new PgAuditStore(db);
    this.auditSource = new PgAuditSourceStore(db);
    this.restoreTesting = new PgRestoreTestingStore(db);
    this.restoreAccess = new PgRestoreAccessStore(db);
    this.vaultCreations = new PgVaultCreationStore(db);
    this.jobs = new PgJobsStore(db);
    this.recoveryPoints = new PgRecoveryPointsStore(db);
    this.scanJobs = new PgScanJobsStore(db);
    this.pointIndexes = new PgPointIndexesStore(db);
    this.accessPoints = new PgAccessPointStore(db);
    this.outbox = new PgOutboxStore(db);
    this.instances = { exclusive: (lock, fn) => db.exclusive(lock, () => fn()), clock: new PgSharedClock(db, watch) };
  }

  docs<T>(kind: string): DocCollection<T> {
    let c = this.collections.get(kind);
    if (!c) {
      c = new PgDocs<unknown>(this.db, kind);
      this.collections.set(kind, c);
    }
    return c as DocCollection<T>;
  }

  atomically<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.atomically(fn);
  }

  /** Empties every table but KEPT_ON_RESET, in one transaction (the caller's when it is inside one). */
  reset(): Promise<void> {
    return this.db.atomically(async () => {
      const tables = await this.db.query<{ name: string }>(
        'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> ALL(?) ORDER BY tablename',
        [KEPT_ON_RESET],
      );
      if (tables.length) await this.db.run(`TRUNCATE ${tables.map((t) => `"${t.name}"`).join(', ')} CASCADE`);
      this.db.memo()?.clear();
    });
  }

  async close(): Promise<void> {
    await this.watch.close();
    await this.db.close();
  }
}

export interface PgStoreOptions {
  /** postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (or postgresql://). */
  url: string;
  /** The migrations to apply (tests only: to inject one that fails); default every migration. */
  migrations?: readonly PgMigration[];
}

/** Whether the text is a URL the PostgreSQL backend takes (postgres:// or postgresql://). */
export function isPostgresUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'postgres:' || protocol === 'postgresql:';
  } catch {
    return false;
  }
}

/**
 * Connects, migrates and answers the store. A bad URL, a server that cannot be reached or refuses,
 * and a failed migration throw StoreUnavailableError or Error naming the URL, password masked.
 */
export async function openPgStore(options: PgStoreOptions): Promise<PgStore> {
  const shown = maskedUrl(options.url);
  if (!isPostgresUrl(options.url)) {
    throw new Error(`The database URL '${shown}' is not a PostgreSQL URL: give postgres://USER@HOST:PORT/DATABASE`);
  }
  const db = new PgDatabase(options.url);
  try {
    try {
      await db.pool.query('SELECT 1');
    } catch (e) {
      throw new StoreUnavailableError(`Cannot connect to the database ${shown}: ${(e as Error).message}`, e);
    }
    await migrate(db.pool, options.migrations ?? pgMigrations);
    const watch = new PgClockWatch(db.clientConfig);
    watch.start();
    return new PgStore(db, watch);
  } catch (e) {
    await db.pool.end().catch(() => undefined);
    throw e;
  }
}
