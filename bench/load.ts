/**
 * The load generator, run as its own process: keep-alive HTTP/1.1 over raw sockets (a few
 * lines of request and response handling cost far less than node:http's client, so the server is
 * what gets measured). Each connection sends its next request when the previous answer is
 * complete. Prints one JSON line of results.
 *
 * Between answers the loader sleeps in epoll, as a real client does, so nearly every response the
 * server writes has to wake it: on this kind of VM a cross-CPU wake-up costs about 10 µs inside
 * the server's writev. `pollingLoader: true` (npm run bench -- --polling-loader) keeps the loader's
 * event loop spinning on setImmediate instead, so it holds its own core and the figure shows the
 * server without that cost.
 *
 * argv[2]: JSON { url, scenario, connections, durationMs, warmupMs, pollingLoader? }
 */
import { connect, type Socket } from 'node:net';
import { scenarios } from './scenarios/index.js';
import type { BenchRequest } from './scenario.js';

export interface LoadConfig {
  url: string;
  scenario: string;
  connections: number;
  durationMs: number;
  warmupMs: number;
  /** Poll instead of sleeping between answers (see above). */
  pollingLoader?: boolean;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  firstError?: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');

function encodeRequest(host: string, req: BenchRequest): Buffer {
  const body = req.body ?? '';
  const head =
    `${req.method} ${req.path} HTTP/1.1\r\nHost: ${host}\r\n` +
    'Authorization: AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/backup/aws4_request, ' +
    'SignedHeaders=content-type;host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000\r\n' +
    'X-Amz-Date: 20260101T000000Z\r\nUser-Agent: holdfast-bench\r\nContent-Type: application/json\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  return Buffer.from(head + body);
}

/** One keep-alive connection: send, read exactly one response, repeat. */
function runConnection(
  config: LoadConfig,
  conn: number,
  request: (n: number, conn: number) => BenchRequest,
  expectStatus: number,
  measureFrom: number,
  deadline: number,
  latencies: number[],
  stats: { errors: number; firstError?: string },
): Promise<void> {
  const { hostname, port, host } = new URL(config.url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname);
    socket.setNoDelay(true);
    let buffer: Buffer = Buffer.alloc(0);
    let n = 0;
    let sentAt = 0;
    const send = (): void => {
      if (performance.now() >= deadline) {
        socket.end();
        resolve();
        return;
      }
      sentAt = performance.now();
      socket.write(encodeRequest(host, request(n++, conn)));
    };
    socket.on('connect', send);
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      const headerEnd = buffer.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const head = buffer.subarray(0, headerEnd).toString('latin1');
      const m = /\r\ncontent-length: *(\d+)/i.exec(head);
      const total = headerEnd + 4 + (m ? Number(m[1]) : 0);
      if (buffer.length < total) return;
      const status = Number(head.slice(9, 12));
      if (status !== expectStatus) {
        stats.errors++;
        stats.firstError ??= `${status} ${buffer.subarray(headerEnd + 4, total).toString()}`;
      }
      if (sentAt >= measureFrom) latencies.push(performance.now() - sentAt);
      buffer = buffer.subarray(total);
      send();
    });
  });
}

export async function runLoad(config: LoadConfig): Promise<LoadResult> {
  const scenario = scenarios.find((s) => s.name === config.scenario);
  if (!scenario) throw new Error(`no scenario named ${config.scenario}`);
  const start = performance.now();
  const measureFrom = start + config.warmupMs;
  const deadline = measureFrom + config.durationMs;
  const latencies: number[] = [];
  const stats: { errors: number; firstError?: string } = { errors: 0 };
  let polling = config.pollingLoader === true;
  const poll = (): void => {
    if (polling) setImmediate(poll);
  };
  poll();
  await Promise.all(
    Array.from({ length: config.connections }, (_, conn) =>
      runConnection(config, conn, scenario.request, scenario.expectStatus, measureFrom, deadline, latencies, stats),
    ),
  ).finally(() => (polling = false));
  const seconds = config.durationMs / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number): number => Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2));
  return {
    requests: sorted.length,
    errors: stats.errors,
    seconds,
    rps: Math.round(sorted.length / seconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: Number((sorted[sorted.length - 1] ?? 0).toFixed(2)),
    firstError: stats.firstError,
  };
}

if (process.argv[2]) {
  const result = await runLoad(JSON.parse(process.argv[2]) as LoadConfig);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
