/**
 * A webhook receiver for event delivery tests: a real HTTP server on a free loopback port that
 * records every JSON body POSTed to it. `answer` decides the status of the next request (or holds
 * it: a promise that settles later keeps the delivery waiting).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  seq: number;
  channel: string;
  target: string;
  payload: any;
}

export interface Webhook {
  url: string;
  received: Received[];
  /** The status to answer each request with (default 200); may wait. */
  answer: (body: Received) => number | Promise<number>;
  /** Resolves once `count` bodies have been received (bounded: rejects after timeoutMs of real time). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhook(): Promise<Webhook> {
  let waiters: (() => void)[] = [];
  const hook: Webhook = {
    url: '',
    received: [],
    answer: () => 200,
    waitFor: (count, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`webhook got ${hook.received.length} of ${count} bodies in ${timeoutMs} ms`)), timeoutMs);
        const check = (): void => {
          if (hook.received.length >= count) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received;
      void Promise.resolve(hook.answer(body)).then((status) => {
        if (status < 300) {
          hook.received.push(body);
          const w = waiters;
          waiters = [];
          for (const f of w) f();
        }
        res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hook.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return hook;
}
