/** Wires clock, store, engine, services and the HTTP server into one running Holdfast. */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Clock, ClockState } from './clock/clock.js';
import { startClock } from './clock/clock-start.js';
import { Engine, type SharedClock } from './engine/engine.js';
import { coreAdminRoutes } from './server/admin.js';
import { Dispatcher } from './server/dispatch.js';
import { createHttpServer } from './server/http.js';
import { buildServices, type ExtraModule, type Services } from './domains.js';
import type { ServiceDeps } from './services/deps.js';
import type { Handlers } from './services/registry.js';
import { TokenCodec } from './services/pagination.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/types.js';
import type { TaggableResources } from './services/tags/registry.js';
import { Inventory, readInventoryFile } from './resources/inventory.js';
import type { JobSource } from './services/audit/job-source.js';
import { readOrganizationFile, storeOrganization } from './services/organization/organization.js';
import type { S3SinkOptions } from './services/audit/s3-sink.js';
import type { CredentialList } from './server/credentials.js';
import { vaultAuthorizer } from './server/vault-authorizer.js';
import type { FrontDoorLimits } from './server/front-door.js';
import { vaultPolicyPort } from './vault-policy-port.js';
import type { SinkOptions } from './services/events/sinks.js';

export interface HoldfastOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  inMemory?: boolean;
  /**
   * Keep state in this PostgreSQL database (postgres://USER@HOST:PORT/DB) instead of SQLite;
   * not together with dataDir or inMemory.
   */
  database?: string;
  frozenClock?: boolean;
  startTime?: Date;
  /** Access key id -> account id, for keys that are not 12 digits. */
  accountMap?: Record<string, string>;
  bodyLimit?: number;
  /** Inventory entries to load at start-up (--resources FILE). */
  resourcesFile?: string;
  /** Fail backup jobs of ARNs that are not in the inventory (--strict-resources). */
  strictResources?: boolean;
  /** How long a job of a resource without an inventory duration runs (default 5 s). */
  defaultJobSeconds?: number;
  /** Deliver audit reports to this S3-compatible server (--s3-endpoint and its credentials). */
  s3?: S3SinkOptions;
  /** Deliver events and vault notifications (--events-endpoint, --sns-endpoint, --webhook; docs/events.md). */
  events?: SinkOptions;
  /** How many finished entries the event log keeps (--event-log-max-entries; docs/events.md). */
  eventLogMaxEntries?: number;
  /** An organization to declare at start-up (--organization FILE), as PUT /_holdfast/organization takes it. */
  organizationFile?: string;
  /** Where audit job reports read their rows instead of the job tables (tests). */
  jobReportSource?: JobSource;
  /** Modules composed after the built-in domains, built from the shared deps (tests: a guard, a taggable type). */
  extraModules?: ExtraModule[];
  /** The listed keys (--credentials FILE): their accounts and principals. */
  credentials?: CredentialList;
  /** Only SigV4-signed requests of listed keys get in (--strict); needs credentials. */
  strict?: boolean;
  /** The admin API's bearer token (--admin-token); in strict mode without one the admin API is refused. */
  adminToken?: string;
  /** Narrower front-door bounds than the defaults (server/front-door.ts), for tests. */
  limits?: Partial<FrontDoorLimits>;
  /** Where the built console is (server/console-assets.ts); the package's dist/console/ unless a test names another. */
  consoleDir?: string;
}

export interface Holdfast {
  url: string;
  port: number;
  clock: Clock;
  engine: Engine;
  store: Store;
  taggable: TaggableResources;
  /** The built services and their dependencies (tests and benchmarks reach domains through these). */
  services: Services;
  deps: ServiceDeps;
  /** The handler registry (read by `npm run coverage`). */
  handlers: Handlers;
  /**
   * POST /_holdfast/reset: wipes every record and puts the clock back as the server started
   * (at startTime, frozen with frozenClock; else real time, running; on a shared PostgreSQL
   * database, as its first instance started it), once running work is done;
   * what resourcesFile and organizationFile declared is loaded again.
   */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4598;

/** A strict-mode option that cannot work (strict without credentials). */
export class StrictModeError extends Error {}
export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;

/** The NextToken signing key, made once per database (in a transaction: instances sharing it agree). */
function tokenSecret(store: Store): Promise<Buffer> {
  return store.atomically(async () => {
    const existing = await store.meta.get('token-secret');
    if (existing) return Buffer.from(existing, 'base64');
    const secret = randomBytes(32);
    await store.meta.set('token-secret', secret.toString('base64'));
    return secret;
  });
}

export async function startHoldfast(options: HoldfastOptions = {}): Promise<Holdfast> {
  if (options.strict && !options.credentials?.size) throw new StrictModeError('strict mode needs listed keys (credentials): without them no request could get in');
  const store = await openStore({ dataDir: options.dataDir, inMemory: options.inMemory, database: options.database });
  try {
    return await startOn(store, options);
  } catch (e) {
    // Whatever failed after the store opened (a bad --resources file, a port in use, the
    // database lost at start-up): let go of the data folder or the pool, so that this process
    // can try again.
    await store.close().catch(() => undefined);
    throw e;
  }
}

/** Starts Holdfast over an open store; on failure it releases what it started, but not the store. */
async function startOn(store: Store, options: HoldfastOptions): Promise<Holdfast> {
  // Instances sharing the database (PostgreSQL) share the clock and take turns at due work.
  const { instances } = store;
  // The clock survives a restart (a test that advanced 400 days keeps its day); an instance that
  // joins a shared database adopts its clock (clock/clock-start.ts). clockStart is how the admin
  // reset puts it back.
  const { clock, start: clockStart } = await store.atomically(() =>
    startClock(store.meta, { frozen: options.frozenClock, startTime: options.startTime }, instances !== undefined),
  );
  const saveClock = (): Promise<void> =>
    instances ? instances.clock.save(JSON.stringify(clock.state())) : store.meta.set('clock', JSON.stringify(clock.state()));
  const sharedClock: SharedClock | undefined = instances && {
    lock: (fn) => instances.clock.lock(fn),
    read: async () => {
      const saved = await instances.clock.read();
      return saved ? (JSON.parse(saved) as ClockState) : undefined;
    },
    epoch: () => instances.clock.epoch(),
  };
  const engine = new Engine(clock, (fn) => store.atomically(fn), saveClock, sharedClock);
  // What --resources and --organization declare, read once: loaded now, and again by each reset
  // (a reset puts the server back as it started, start-up files included).
  const startResources = options.resourcesFile ? await readInventoryFile(options.resourcesFile) : [];
  const startOrganization = options.organizationFile ? await readOrganizationFile(options.organizationFile) : undefined;
  const seed = async (): Promise<void> => {
    await new Inventory(store).upsert(startResources);
    if (startOrganization) await storeOrganization(store, startOrganization);
  };
  await store.atomically(seed);
  const services = buildServices(
    {
      store,
      clock,
      tokens: new TokenCodec(await tokenSecret(store)),
      // In memory mode (and on PostgreSQL) there is no data dir unless one is given: reports then land in a temp folder.
      dataDir: options.dataDir ?? (options.inMemory || options.database !== undefined ? undefined : 'data'),
      jobSettings: { strictResources: options.strictResources, defaultJobSeconds: options.defaultJobSeconds },
    },
    { events: options.events ?? {}, eventLogMaxEntries: options.eventLogMaxEntries, reportS3: options.s3, jobReportSource: options.jobReportSource, extraModules: options.extraModules, credentials: options.credentials },
  );
  for (const worker of services.workers) engine.register(worker);
  // Between engine passes, so no worker writes into the wiped store or moves the clock after it;
  // the wipe and the saved clock in one transaction.
  const reset = (): Promise<void> =>
    engine.exclusive(() =>
      store.atomically(async () => {
        await store.reset();
        clock.reset(clockStart);
        await saveClock();
        await seed();
      }),
    );
  const server = createHttpServer({
    // Vault access policies hold on every call once principals are named (--credentials, as --strict
    // requires); without listed keys Holdfast stays open as before (docs/security.md).
    dispatcher: new Dispatcher(services.handlers, options.credentials?.size ? vaultAuthorizer(vaultPolicyPort(store, services.exports.recoveryPoints, services.exports.organization)) : undefined),
    adminRoutes: [...coreAdminRoutes(clock, engine, reset), ...services.adminRoutes],
    clock,
    accountMap: new Map(Object.entries(options.accountMap ?? {})),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    credentials: options.credentials,
    strict: options.strict,
    adminToken: options.adminToken,
    limits: options.limits,
    refreshClock: instances && (() => engine.refreshClock()),
    consoleDir: options.consoleDir,
  });
  const host = options.host ?? '127.0.0.1';
  const close = async (): Promise<void> => {
    engine.stop();
    await services.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // A pass the ticker started finishes before the store closes under it.
    await engine.exclusive(async () => undefined);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_PORT, host, () => resolve());
    });
    engine.start();
    // Outside any transaction: the delivery loop must never run in a request's or a pass's scope.
    services.start();
    await engine.runDue();
  } catch (e) {
    await close().catch(() => undefined);
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    clock,
    engine,
    store,
    taggable: services.exports.taggable,
    services,
    deps: services.deps,
    handlers: services.handlers,
    reset,
    close: async () => {
      await close();
      await store.close();
    },
  };
}
