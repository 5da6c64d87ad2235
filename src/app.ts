/** Wires clock, store, engine, services and the HTTP server into one running Holdfast. */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Clock } from './clock/clock.js';
import { Engine } from './engine/engine.js';
import { coreAdminRoutes } from './server/admin.js';
import { Dispatcher } from './server/dispatch.js';
import { createHttpServer } from './server/http.js';
import { buildServices } from './services/index.js';
import type { Handlers } from './services/registry.js';
import { TokenCodec } from './services/pagination.js';
import { SqliteStore } from './store/sqlite-store.js';
import { RemovalGuards } from './services/recovery-points/contract.js';

export interface HoldfastOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  inMemory?: boolean;
  frozenClock?: boolean;
  startTime?: Date;
  /** Access key id -> account id, for keys that are not 12 digits. */
  accountMap?: Record<string, string>;
  bodyLimit?: number;
}

export interface Holdfast {
  url: string;
  port: number;
  clock: Clock;
  engine: Engine;
  store: SqliteStore;
  /** The handler registry (read by `npm run coverage`). */
  handlers: Handlers;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4598;
export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;

async function tokenSecret(store: SqliteStore): Promise<Buffer> {
  const existing = await store.meta.get('token-secret');
  if (existing) return Buffer.from(existing, 'base64');
  const secret = randomBytes(32);
  await store.meta.set('token-secret', secret.toString('base64'));
  return secret;
}

export async function startHoldfast(options: HoldfastOptions = {}): Promise<Holdfast> {
  const clock = new Clock({ frozen: options.frozenClock, startTime: options.startTime });
  const store = new SqliteStore({ dataDir: options.dataDir, inMemory: options.inMemory });
  const engine = new Engine(clock);
  const deps = { store, clock, engine, tokens: new TokenCodec(await tokenSecret(store)), removalGuards: new RemovalGuards() };
  const services = buildServices(deps);
  const server = createHttpServer({
    dispatcher: new Dispatcher(services.handlers),
    adminRoutes: [...coreAdminRoutes(clock, engine, () => store.reset()), ...services.adminRoutes],
    clock,
    accountMap: new Map(Object.entries(options.accountMap ?? {})),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  engine.start();
  await engine.runDue();
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    clock,
    engine,
    store,
    handlers: services.handlers,
    close: async () => {
      engine.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
