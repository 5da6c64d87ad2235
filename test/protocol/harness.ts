/**
 * A bare protocol server for wire tests: the real router, parser and serializer in front of
 * stub handlers that the test supplies (so operations whose domain is not built yet can still
 * be driven through the SDK). Every other operation answers 501.
 */
import type { AddressInfo } from 'node:net';
import { BackupClient } from '@aws-sdk/client-backup';
import { Clock } from '../../src/clock/clock.js';
import { Engine } from '../../src/engine/engine.js';
import { coreAdminRoutes } from '../../src/server/admin.js';
import { Dispatcher } from '../../src/server/dispatch.js';
import { createHttpServer } from '../../src/server/http.js';
import type { Handlers } from '../../src/services/registry.js';
import { T0 } from '../helpers/server.js';

export interface ProtocolServer {
  url: string;
  client: BackupClient;
  /** Raw fetch against the server; answers status, headers and the parsed JSON body (or text). */
  raw(method: string, path: string, body?: RequestInit['body'], headers?: Record<string, string>): Promise<RawReply>;
  close(): Promise<void>;
}

export interface RawReply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function startProtocolServer(handlers: Handlers, bodyLimit = 10 * 1024 * 1024): Promise<ProtocolServer> {
  const clock = new Clock({ frozen: true, startTime: T0 });
  const engine = new Engine(clock);
  const server = createHttpServer({
    dispatcher: new Dispatcher(handlers),
    adminRoutes: coreAdminRoutes(clock, engine, async () => undefined),
    clock,
    accountMap: new Map(),
    bodyLimit,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new BackupClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: '111111111111', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const raw = async (method: string, path: string, body?: RequestInit['body'], headers: Record<string, string> = {}): Promise<RawReply> => {
    const res = await fetch(url + path, { method, body, headers });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  return {
    url,
    client,
    raw,
    close: async () => {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
