/**
 * The composer: builds every domain module (module.ts) in the order their ports force and
 * composes what they contribute. This is the one place where domains meet; no domain registers
 * anything on another or on a shared object. The events domain comes first: its port
 * (deps.events) is part of every other domain's deps.
 *
 * Four ports are bound late, once every module is built, because the domain that uses them
 * is built before the domains that contribute to them: the removal guards (asked by recovery
 * points and jobs; contributed by vaults and legal holds), the recovery point extensions
 * (annotators and hooks of scan and indexes), and the completed-backup listeners (plans' copy
 * actions, scans), and the restore access revocation listener (told by vaults; the access points
 * domain's `accessRevoked`). The tags domain is built last, over every contributed taggable type.
 */
import type { Worker } from './engine/engine.js';
import type { AdminRoute } from './server/admin.js';
import type { JobSource } from './services/audit/job-source.js';
import { accessPointsModule } from './services/access-points/module.js';
import { auditModule, storeJobSource } from './services/audit/module.js';
import { consoleModule } from './services/console/module.js';
import type { CredentialList } from './server/credentials.js';
import type { S3SinkOptions } from './services/audit/s3-sink.js';
import type { BackupCompletedListener } from './services/common/job-record.js';
import type { ServiceDeps } from './services/deps.js';
import { indexesModule } from './services/indexes/module.js';
import { jobsModule } from './services/jobs/module.js';
import { legalHoldsModule } from './services/legal-holds/module.js';
import { Late, type Contributions, type DomainModule } from './services/module.js';
import { organizationModule } from './services/organization/module.js';
import { plansModule } from './services/plans/module.js';
import type { PointExtensions } from './services/common/point-hooks.js';
import { removalCheck, type RecoveryPointDeps, type SourcedGuard } from './services/recovery-points/contract.js';
import { recoveryPointsModule } from './services/recovery-points/module.js';
import { mergeHandlers, type Handlers } from './services/registry.js';
import { restoreTestingModule } from './services/restore-testing/module.js';
import { scanModule } from './services/scan/module.js';
import { settingsModule } from './services/settings/module.js';
import { tagsModule } from './services/tags/module.js';
import { tieringModule } from './services/tiering/module.js';
import { vaultsModule } from './services/vaults/module.js';
import { eventsModule } from './services/events/module.js';
import type { SinkOptions } from './services/events/sinks.js';
import type { RestoreAccessRevoked } from './services/vaults/restore-access.js';
import type { Scope } from './store/types.js';

/** A module built from the shared deps alone and composed after the built-in ones (tests add guards or taggable types). */
export type ExtraModule = DomainModule<{ deps: ServiceDeps }, unknown>;

export interface ServiceOptions {
  /** Where events and notifications are delivered (--events-endpoint, --sns-endpoint, --webhook); none: the log only. */
  events: SinkOptions;
  /** How many entries the event log keeps (--event-log-max-entries); the events module's default unless given. */
  eventLogMaxEntries?: number;
  /** Audit reports go to this S3-compatible server instead of <dataDir>/s3 (--s3-endpoint). */
  reportS3: S3SinkOptions | undefined;
  /** Where job reports read their rows; the job tables unless given (tests hand a fake). */
  jobReportSource?: JobSource;
  extraModules?: readonly ExtraModule[];
  /** The listed keys (--credentials): the console tells which account a key acts as. */
  credentials?: CredentialList;
}

export interface Services {
  handlers: Handlers;
  adminRoutes: AdminRoute[];
  /** Every domain's workers, in composition order: the caller registers them with the engine. */
  workers: Worker[];
  /** The shared deps every domain was built from (deps.events is the events domain's port). */
  deps: ServiceDeps;
  /** Starts the domains' after-commit work (event delivery), once the server listens; outside any transaction. */
  start(): void;
  /** Stops it and releases what the domains hold open. */
  close(): Promise<void>;
  /** What the domains export (tests and benchmarks reach domains through these). */
  exports: ReturnType<typeof compose>['exports'];
}

/** The shared deps but the events port, which the events domain provides. */
export type BaseDeps = Omit<ServiceDeps, 'events'>;

function compose(base: BaseDeps, options: ServiceOptions) {
  const { exports: events, ...eventsContributions } = eventsModule.build({ store: base.store, sinks: options.events, logMaxEntries: options.eventLogMaxEntries });
  const deps: ServiceDeps = { ...base, events: events.port };
  const guards = new Late<readonly SourcedGuard[]>('the removal guards');
  const pointExtensions = new Late<PointExtensions>('the recovery point extensions');
  const backupCompleted = new Late<readonly BackupCompletedListener[]>('the completed-backup listeners');
  const accessRevoked = new Late<RestoreAccessRevoked>('the restore access revocation listener');
  const pointDeps: RecoveryPointDeps = { ...deps, removalGuards: removalCheck(() => guards.get()) };

  const { exports: vaults, ...vaultsContributions } = vaultsModule.build({ deps, accessRevoked: (link) => accessRevoked.get()(link) });
  /** A vault's notification settings: indexes and access points announce through them. */
  const notificationsOf = async (scope: Scope, name: string) => (await vaults.vaults.vaults.get(scope, name))?.notifications;
  const { exports: settings, ...settingsContributions } = settingsModule.build({ deps });
  const { exports: organization, ...organizationContributions } = organizationModule.build({ deps });
  const { exports: points, ...pointsContributions } = recoveryPointsModule.build({
    deps: pointDeps,
    vaults: vaults.vaults,
    extensions: () => pointExtensions.get(),
  });
  const { exports: jobs, ...jobsContributions } = jobsModule.build({
    deps: pointDeps,
    vaults: vaults.vaults,
    recoveryPoints: points.recoveryPoints,
    fullyManaged: (scope, type) => settings.settings.isFullyManaged(scope, type),
    backupCompleted: () => backupCompleted.get(),
    organization: organization.organization,
  });
  const legalHolds = legalHoldsModule.build({ deps, recoveryPoints: points.recoveryPoints });
  const { exports: audit, ...auditContributions } = auditModule.build({
    deps,
    jobReportSource: options.jobReportSource ?? storeJobSource(deps),
    reportS3: options.reportS3,
    organization: organization.organization,
  });
  const restoreTesting = restoreTestingModule.build({
    deps,
    restoreJobs: jobs.restoreJobs,
    recoveryPoints: points.recoveryPoints,
    inventory: jobs.inventory,
    jobsStore: jobs.store,
  });
  const { exports: plans, ...plansContributions } = plansModule.build({ deps, jobs });
  const scan = scanModule.build({ deps, vaults: vaults.vaults, recoveryPoints: points.recoveryPoints, inventory: jobs.inventory, plans: plans.repository });
  const indexes = indexesModule.build({
    deps,
    recoveryPoints: points.recoveryPoints,
    notificationsOf,
    inventory: jobs.inventory,
  });
  const tiering = tieringModule.build({ deps });
  const { exports: accessPointsExports, ...accessPoints } = accessPointsModule.build({ deps, recoveryPoints: points.recoveryPoints, notificationsOf }); // guards recovery points beside legal holds
  accessRevoked.bind(accessPointsExports.accessRevoked);
  const consoleRoutes = consoleModule.build({ deps, vaults: vaults.vaults, recoveryPoints: points.recoveryPoints, plans, audit: audit.audit, credentials: options.credentials });
  const extra = (options.extraModules ?? []).map((m) => [m.name, m.build({ deps })] as const);

  // Each module's contributions under its name (removal guards are asked and reported by it).
  const named: (readonly [string, Contributions])[] = [
    [eventsModule.name, eventsContributions],
    [vaultsModule.name, vaultsContributions],
    [settingsModule.name, settingsContributions],
    [organizationModule.name, organizationContributions],
    [recoveryPointsModule.name, pointsContributions],
    [jobsModule.name, jobsContributions],
    [legalHoldsModule.name, legalHolds],
    [auditModule.name, auditContributions],
    [restoreTestingModule.name, restoreTesting],
    [plansModule.name, plansContributions],
    [scanModule.name, scan],
    [indexesModule.name, indexes],
    [tieringModule.name, tiering],
    [accessPointsModule.name, accessPoints],
    [consoleModule.name, consoleRoutes],
    ...extra,
  ];
  const domains: Contributions[] = named.map(([, c]) => c);
  const all = <K extends keyof Contributions>(key: K): NonNullable<Contributions[K]>[] =>
    domains.flatMap((d) => (d[key] === undefined ? [] : [d[key] as NonNullable<Contributions[K]>]));
  guards.bind(named.flatMap(([source, c]) => (c.removalGuards ?? []).map((guard) => ({ source, guard }))));
  pointExtensions.bind({ annotators: all('pointAnnotators').flat(), created: all('pointsCreated').flat(), removed: all('pointsRemoved').flat() });
  backupCompleted.bind(all('backupCompleted').flat());
  const tags = tagsModule.build({ deps, taggable: all('taggable').flat() });
  domains.push(tags);

  return {
    handlers: mergeHandlers(...all('handlers')),
    adminRoutes: all('adminRoutes').flat(),
    workers: all('workers').flat(),
    deps,
    start: (): void => {
      for (const start of all('start')) start();
    },
    close: async (): Promise<void> => {
      for (const close of all('close')) await close();
    },
    exports: { ...vaults, ...settings, ...organization, ...points, jobs, audit: audit.audit, plans, taggable: tags.exports.taggable, removalGuards: pointDeps.removalGuards },
  };
}

export function buildServices(base: BaseDeps, options: ServiceOptions): Services {
  return compose(base, options);
}
