/**
 * The setup most SDK test suites share: one in-process server for a describe block, reset before
 * each test, optionally with a fresh data folder and vaults; `at(seconds)` counts from the start
 * of the running test (the shared clock only moves forward, so each test has its own origin).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach } from 'node:test';
import { CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import type { HoldfastOptions } from '../../src/app.js';
import { startTestServer, type TestServer } from './server.js';

export interface SuiteServer extends TestServer {
  /** Epoch ms at which the running test began (after its setup), or the last rebase(). */
  readonly base: number;
  /** The instant `seconds` after `base`. */
  at: (seconds: number) => Date;
  /** Makes `at` count from the clock's present instant. */
  rebase: () => void;
  /** The server's data folder (only with `dataDir: true`). */
  readonly dataDir: string;
}

export interface SuiteOptions {
  /** Options of the server (a frozen clock at T0 in memory unless they say otherwise). */
  server?: HoldfastOptions;
  /** Gives the server a fresh data folder, removed after the suite. */
  dataDir?: boolean;
  /** Vaults created (account 111111111111, us-east-1) after each reset. */
  vaults?: string[];
  /** More setup after each reset and the vaults. */
  each?: (t: SuiteServer) => Promise<void>;
}

/** Registers the suite's before/after/beforeEach hooks; call it inside describe(). */
export function suiteServer(options: SuiteOptions = {}): SuiteServer {
  let server: TestServer | undefined;
  let dataDir: string | undefined;
  let base = 0;
  const s = (): TestServer => {
    if (!server) throw new Error('the suite server is used before its before() hook ran');
    return server;
  };
  const suite: SuiteServer = {
    get hf() {
      return s().hf;
    },
    get url() {
      return s().url;
    },
    get client() {
      return s().client;
    },
    get base() {
      return base;
    },
    get dataDir() {
      if (!dataDir) throw new Error('this suite has no data folder: ask for one with dataDir: true');
      return dataDir;
    },
    clientFor: (accountId, region) => s().clientFor(accountId, region),
    advance: (seconds) => s().advance(seconds),
    admin: (method, path, body) => s().admin(method, path, body),
    close: () => s().close(),
    at: (seconds) => new Date(base + seconds * 1000),
    rebase: () => {
      base = s().hf.clock.nowMs();
    },
  };
  before(async () => {
    if (options.dataDir) dataDir = mkdtempSync(join(tmpdir(), 'holdfast-suite-'));
    server = await startTestServer({ ...options.server, ...(dataDir ? { dataDir } : {}) });
  });
  after(async () => {
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await suite.admin('POST', '/reset');
    for (const name of options.vaults ?? []) await suite.client.send(new CreateBackupVaultCommand({ BackupVaultName: name }));
    await options.each?.(suite);
    suite.rebase();
  });
  return suite;
}
