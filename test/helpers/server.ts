/**
 * Starts an in-process Holdfast on a random port, in memory, with the clock frozen at a fixed
 * instant, and hands out real @aws-sdk/client-backup clients for any account and region.
 *
 * HOLDFAST_TEST_BACKEND=postgres (npm run test:postgres) gives each server a fresh PostgreSQL
 * database instead (test/helpers/postgres.ts freshDatabase), except a server started with
 * `inMemory: false`: its test is about the SQLite file in its data folder, so it stays on SQLite.
 * (A dataDir without `inMemory: false` is only where audit reports land, on either backend.)
 */
import { BackupClient } from '@aws-sdk/client-backup';
import { startHoldfast, type Holdfast, type HoldfastOptions } from '../../src/app.js';
import { freshDatabase } from './postgres.js';

export const T0 = new Date('2026-01-01T00:00:00.000Z');

export interface TestServer {
  hf: Holdfast;
  url: string;
  /** A client for account 111111111111 in us-east-1. */
  client: BackupClient;
  clientFor(accountId: string, region?: string): BackupClient;
  /** Moves the frozen clock forward, running everything that falls due. */
  advance(seconds: number): Promise<void>;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

export const ACCOUNT = '111111111111';

/** The backend the in-process test servers use: HOLDFAST_TEST_BACKEND, sqlite (the default) or postgres. */
export const TEST_BACKEND = process.env.HOLDFAST_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

/** Where a test server keeps its state (see the file comment). */
async function storage(options: HoldfastOptions): Promise<HoldfastOptions> {
  if (TEST_BACKEND === 'postgres' && options.inMemory !== false && options.database === undefined) {
    return { inMemory: false, database: await freshDatabase() };
  }
  return { inMemory: true };
}

export async function startTestServer(options: HoldfastOptions = {}): Promise<TestServer> {
  const hf = await startHoldfast({ port: 0, frozenClock: true, startTime: T0, ...(await storage(options)), ...options });
  const clients: BackupClient[] = [];
  const clientFor = (accountId: string, region = 'us-east-1'): BackupClient => {
    const c = new BackupClient({
      endpoint: hf.url,
      region,
      credentials: { accessKeyId: accountId, secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    clients.push(c);
    return c;
  };
  const admin = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const res = await fetch(`${hf.url}/_holdfast${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };
  return {
    hf,
    url: hf.url,
    client: clientFor(ACCOUNT),
    clientFor,
    advance: (seconds) => hf.engine.advanceBy(seconds * 1000),
    admin,
    close: async () => {
      for (const c of clients) c.destroy();
      await hf.close();
    },
  };
}

/** Runs fn and answers the error it throws (failing when it does not throw). */
export async function errorOf(fn: () => Promise<unknown>): Promise<{ name: string; message: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await fn();
  } catch (e) {
    return e as { name: string; message: string };
  }
  throw new Error('expected an error, but the call succeeded');
}
