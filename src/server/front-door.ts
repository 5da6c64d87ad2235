/**
 * The bounds every request meets before anything reads it: header count and size, duplicated
 * headers that must be single, slow clients (headers and whole-request timeouts), and the number
 * of open connections. The body's size is bounded where it is read (dispatch.ts readBody).
 */
import type { IncomingMessage, Server, ServerOptions } from 'node:http';
import { ServiceError } from '../protocol/errors.js';

export interface FrontDoorLimits {
  /** Headers per request (more: 400). */
  maxHeaders: number;
  /** Bytes of the request line and headers together (more: 431, from node's parser). */
  maxHeaderBytes: number;
  /** A client must have sent every header within this time (else 408 and the connection closes). */
  headersTimeoutMs: number;
  /** ... and the whole request, body included, within this one. */
  requestTimeoutMs: number;
  /** Open connections at once; more are closed as they come. */
  maxConnections: number;
}

export const DEFAULT_LIMITS: FrontDoorLimits = {
  maxHeaders: 100,
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 120_000,
  maxConnections: 1024,
};

/** Headers a request may carry once: a second Host, Content-Length or signature part is refused, never picked from. */
const SINGLE = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256']);

/** What node:http takes at creation (the rest is set on the server: applyLimits). */
export function serverOptions(limits: FrontDoorLimits): ServerOptions {
  return {
    maxHeaderSize: limits.maxHeaderBytes,
    // How often node checks the two timeouts: often enough that a slow client is cut close to them.
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

export function applyLimits(server: Server, limits: FrontDoorLimits): void {
  // One more than allowed, so that a request over the limit is seen (node drops the rest silently).
  server.maxHeadersCount = limits.maxHeaders + 1;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.maxConnections = limits.maxConnections;
}

/** Why the front door refuses a request's headers, if it does. */
export function headerProblem(req: IncomingMessage, limits: FrontDoorLimits): ServiceError | undefined {
  const raw = req.rawHeaders;
  if (raw.length / 2 > limits.maxHeaders) return new ServiceError('SerializationException', `The request has more than ${limits.maxHeaders} headers.`);
  let seen: Set<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (!SINGLE.has(name)) continue;
    seen ??= new Set();
    if (seen.has(name)) return new ServiceError('SerializationException', `The ${name} header appears more than once; it may appear only once.`);
    seen.add(name);
  }
  return undefined;
}

/** The status and words of a request node's parser refused (clientError). */
export function clientErrorReply(code: string | undefined, message: string): { status: number; reason: string; text: string } {
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, reason: 'Request Header Fields Too Large', text: 'The request headers are larger than the server accepts.' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, reason: 'Request Timeout', text: 'The request did not arrive in time.' };
  return { status: 400, reason: 'Bad Request', text: `The request could not be parsed as HTTP: ${code ?? message}.` };
}
