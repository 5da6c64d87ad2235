/** The node:http listener: request context, admin API, and AWS Backup dispatch. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Clock } from '../clock/clock.js';
import { pipeline } from 'node:stream/promises';
import { AdminError, findAdminRoute, type AdminReply, type AdminRoute, type AdminStream } from './admin.js';
import { checkAdminAccess, checkConsoleAccess, type AdminAccess } from './admin-auth.js';
import { CONSOLE_PATH, consoleAsset, DEFAULT_CONSOLE_DIR, sendAsset } from './console-assets.js';
import { callerOf, identify, newRequestId, type Caller } from './context.js';
import type { CredentialList } from './credentials.js';
import { verifySignature } from './sigv4.js';
import { wallNowMs } from '../clock/wall-time.js';
import { applyLimits, clientErrorReply, DEFAULT_LIMITS, headerProblem, serverOptions, type FrontDoorLimits } from './front-door.js';
import { errorBody, ServiceError } from '../protocol/errors.js';
import { StoreUnavailableError } from '../store/unavailable.js';
import { errorReply, readBody, type Dispatcher, type Reply } from './dispatch.js';

export interface HttpOptions {
  dispatcher: Dispatcher;
  adminRoutes: AdminRoute[];
  clock: Clock;
  accountMap: ReadonlyMap<string, string>;
  bodyLimit: number;
  /** The listed keys (--credentials): in strict mode the only ones let in; otherwise they name a caller's account and principal. */
  credentials?: CredentialList;
  /** Every AWS API request must carry a valid SigV4 signature of a listed key (--strict). */
  strict?: boolean;
  /** The bearer token of the admin API (--admin-token); see admin-auth.ts. */
  adminToken?: string;
  /** The front door's bounds (front-door.ts); the defaults unless a test narrows them. */
  limits?: Partial<FrontDoorLimits>;
  /**
   * Loads the business clock other instances may have moved (Engine.refreshClock), before each
   * request: a read only when this instance's copy is not known current; absent when the store
   * has one server (SQLite), so the hot path pays nothing.
   */
  refreshClock?: () => Promise<void>;
  /** The built console served at /_holdfast/ui/ (console-assets.ts); the package's dist/console/ unless a test names another. */
  consoleDir?: string;
}

export function createHttpServer(options: HttpOptions): Server {
  const { dispatcher, adminRoutes, clock, accountMap, bodyLimit, credentials = new Map(), strict = false, adminToken, refreshClock, consoleDir = DEFAULT_CONSOLE_DIR } = options;
  const adminAccess: AdminAccess = { strict, adminToken };
  const limits: FrontDoorLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const server = createServer(serverOptions(limits), (req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('holdfast: request failed', e);
      if (!res.headersSent) send(res, newRequestId(), errorReply(e));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  applyLimits(server, limits);
  // A request node's HTTP parser cannot read (bad method, broken headers) still gets a JSON 400.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const { status, reason, text } = clientErrorReply(err.code, err.message);
    const body = errorBody(new ServiceError('SerializationException', text, status));
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-amzn-ErrorType: SerializationException\r\nx-amzn-RequestId: ${newRequestId()}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const method = req.method ?? 'GET';
    const refused = headerProblem(req, limits);
    if (refused) {
      res.setHeader('Connection', 'close');
      send(res, requestId, errorReply(refused));
      return;
    }

    if (rawPath.startsWith(CONSOLE_PATH) || rawPath === CONSOLE_PATH.slice(0, -1)) {
      try {
        checkConsoleAccess(adminAccess);
      } catch (e) {
        send(res, requestId, { status: (e as AdminError).status, body: JSON.stringify({ error: (e as Error).message }) });
        return;
      }
      await sendAsset(res, requestId, await consoleAsset(consoleDir, method, rawPath, req.headers['if-none-match']));
      return;
    }
    if (rawPath.startsWith('/_holdfast/') || rawPath === '/moto-api/reset') {
      const path = rawPath === '/moto-api/reset' ? '/reset' : rawPath.slice('/_holdfast'.length);
      await handleAdmin(req, res, requestId, method, path, rawQuery);
      return;
    }
    if (refreshClock) {
      try {
        await refreshClock();
      } catch (e) {
        send(res, requestId, errorReply(e));
        return;
      }
    }
    let caller: Caller;
    let body: () => Promise<Buffer>;
    if (strict) {
      // The signature covers the body's hash, so the body is read (bounded) before anything else.
      try {
        const received = await readBody(req, bodyLimit);
        caller = callerOf(await verifySignature({ method, rawPath, rawQuery, headers: req.headersDistinct, body: received }, credentials, wallNowMs()));
        body = () => Promise.resolve(received);
      } catch (e) {
        const reply = errorReply(e);
        if (reply.errorType === 'RequestEntityTooLargeException') res.setHeader('Connection', 'close');
        send(res, requestId, reply);
        return;
      }
    } else {
      caller = identify(req.headers, accountMap, credentials);
      body = () => readBody(req, bodyLimit);
    }
    // One object literal, never a spread: a spread-built context made every handler reading it
    // about a quarter slower (measured with npm run bench).
    const reply = await dispatcher.dispatch(method, rawPath, rawQuery, body, {
      accountId: caller.accountId,
      region: caller.region,
      requestId,
      now: clock.now(),
      principalArn: caller.principalArn,
    });
    if (reply.errorType === 'RequestEntityTooLargeException') res.setHeader('Connection', 'close');
    send(res, requestId, reply);
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, requestId: string, method: string, path: string, query: string): Promise<void> {
    let reply: AdminReply;
    try {
      checkAdminAccess(adminAccess, path, req.headers.authorization);
      await refreshClock?.();
      const route = findAdminRoute(adminRoutes, method, path);
      if (!route) throw new AdminError(404, `No Holdfast admin route ${method} /_holdfast${path}.`);
      reply = await route.handle({ method, path, query: new URLSearchParams(query), body: await readBody(req, bodyLimit) });
    } catch (e) {
      const status = e instanceof AdminError ? e.status : e instanceof StoreUnavailableError ? 503 : 500;
      reply = { status, json: { error: e instanceof Error ? e.message : String(e) } };
      if (status === 500) console.error('holdfast admin:', e);
    }
    if ('stream' in reply) await sendStream(res, requestId, reply.status, reply.stream);
    else send(res, requestId, { status: reply.status, body: JSON.stringify(reply.json) });
  }

  return server;
}

async function sendStream(res: ServerResponse, requestId: string, status: number, stream: AdminStream): Promise<void> {
  const headers: Record<string, string | number> = { 'Content-Type': stream.contentType, 'x-amzn-RequestId': requestId };
  if (stream.size !== undefined) headers['Content-Length'] = stream.size;
  res.writeHead(status, headers);
  try {
    await pipeline(stream.body, res);
  } catch (e) {
    // The client went away, or the source failed mid-way: pipeline has cut the connection, so
    // the client sees a short body rather than a wrong one.
    if ((e as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') console.error('holdfast admin: streaming failed', e);
  }
}

function send(res: ServerResponse, requestId: string, reply: Reply): void {
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(reply.body),
    'x-amzn-RequestId': requestId,
  };
  if (reply.errorType) headers['x-amzn-ErrorType'] = reply.errorType;
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}
