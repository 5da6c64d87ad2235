/**
 * One AWS Backup API call: route, parse and check the input, run the handler, serialize.
 * Every failure becomes AWS's JSON error envelope; nothing here throws to the HTTP layer.
 */
import type { IncomingMessage } from 'node:http';
import { errorBody, ServiceError } from '../protocol/errors.js';
import { loadOperations } from '../protocol/model.js';
import { buildInput, parseBody, parseQuery } from '../protocol/parse.js';
import { Router } from '../protocol/router.js';
import { serializeOutput } from '../protocol/serialize.js';
import type { RequestContext } from '../services/context.js';
import { StoreUnavailableError } from '../store/unavailable.js';
import type { Handlers } from '../services/registry.js';
import type { Authorize } from './vault-authorizer.js';

export interface Reply {
  status: number;
  body: string;
  errorType?: string;
}

export class Dispatcher {
  private readonly router = new Router(loadOperations());

  /** `authorize` runs before every handler, once the input is checked (vault access policies: vault-authorizer.ts). */
  constructor(
    private readonly handlers: Handlers,
    private readonly authorize?: Authorize,
  ) {}

  /** Answers the route for a request, or an error reply; `readBody` is only called for a known operation. */
  async dispatch(
    method: string,
    rawPath: string,
    rawQuery: string,
    readBody: () => Promise<Buffer>,
    ctx: RequestContext,
  ): Promise<Reply> {
    try {
      const query = parseQuery(rawQuery);
      const match = this.router.match(method, rawPath, query);
      if (!match) {
        const what = this.router.pathExists(rawPath) ? `Method ${method} is not allowed on ${rawPath}` : `No operation matches ${method} ${rawPath}`;
        throw new ServiceError('UnknownOperationException', `${what}.`, 404);
      }
      const op = match.operation;
      const handler = this.handlers[op.name] as ((input: unknown, ctx: RequestContext) => Promise<unknown>) | undefined;
      if (!handler) {
        throw new ServiceError('NotImplementedException', `Holdfast does not implement the ${op.name} operation yet.`, 501);
      }
      const body = parseBody(await readBody());
      const input = buildInput(op, match.labels, query, body);
      if (this.authorize) await this.authorize(op.name, input, ctx);
      const output = await handler(input, ctx);
      const empty = !op.output || op.output.members.size === 0 || op.successCode === 204;
      return { status: op.successCode, body: empty ? '' : serializeOutput(op.output, output) };
    } catch (e) {
      return errorReply(e);
    }
  }
}

export function errorReply(e: unknown): Reply {
  let error: ServiceError;
  if (e instanceof ServiceError) error = e;
  else if (e instanceof StoreUnavailableError) {
    // The database is away (PostgreSQL stopped or unreachable): a temporary failure that a retry
    // may get past, as botocore's ServiceUnavailableException says; nothing of this call was kept.
    error = new ServiceError('ServiceUnavailableException', `${e.message}. Retry the request later.`, 503);
  } else {
    console.error('holdfast: unexpected error', e);
    error = new ServiceError('ServiceUnavailableException', `Internal error: ${(e as Error)?.message ?? String(e)}`, 500);
  }
  return { status: error.status, body: errorBody(error), errorType: error.name };
}

/** Reads a request body up to `limit` bytes; a larger one is refused. */
const EMPTY = Buffer.alloc(0);
const NO_BODY = Promise.resolve(EMPTY);

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  // A request without Content-Length or Transfer-Encoding has no body (RFC 9112 6.3): skip the
  // stream machinery, which costs more than the rest of a small GET.
  const length = req.headers['content-length'];
  if ((length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined) return NO_BODY;
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    // A client that goes away (or is cut off by the request timeout) mid-body: nobody to answer.
    const cut = (): void => reject(new ServiceError('SerializationException', 'The connection closed before the request body was complete.'));
    req.on('error', cut);
    req.on('close', () => {
      if (!req.complete) cut();
    });
  });
}

const tooLarge = (limit: number): ServiceError =>
  new ServiceError('RequestEntityTooLargeException', `The request body is larger than the ${limit}-byte limit.`, 400);
