/**
 * Holdfast's own API under /_holdfast/* (health, reset, clock, and what domains add), plus
 * moto's reset path so moto's server-mode test suite can target Holdfast.
 */
import type { Readable } from 'node:stream';
import { ClockError } from '../clock/clock.js';
import type { Clock } from '../clock/clock.js';
import type { Engine } from '../engine/engine.js';

export interface AdminRequest {
  method: string;
  /** Path below /_holdfast (e.g. "/clock"), raw. */
  path: string;
  query: URLSearchParams;
  body: Buffer;
}

/** A body streamed as it is (an object's bytes) rather than JSON. */
export interface AdminStream {
  body: Readable;
  contentType: string;
  size?: number;
}

export type AdminReply = { status: number; json: unknown } | { status: number; stream: AdminStream };

export type AdminHandler = (req: AdminRequest) => Promise<AdminReply>;

/** An admin route matches a method and a path prefix (e.g. "DELETE /resources/"). */
export interface AdminRoute {
  method: string;
  path: string;
  prefix?: boolean;
  handle: AdminHandler;
}

export class AdminError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function parseAdminJson(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AdminError(400, 'The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AdminError(400, 'The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

/**
 * Health, reset and the clock. reset is Holdfast.reset (src/app.ts): the data wiped and the clock
 * back as the server started. Advances and sets go through the engine, which persists the clock.
 */
export function coreAdminRoutes(
  clock: Clock,
  engine: Engine,
  reset: () => Promise<void>,
): AdminRoute[] {
  const clockState = (): AdminReply => ({ status: 200, json: { now: clock.now().toISOString(), frozen: clock.frozen } });
  return [
    { method: 'GET', path: '/health', handle: async () => ({ status: 200, json: { status: 'ok', now: clock.now().toISOString() } }) },
    { method: 'POST', path: '/reset', handle: async () => (await reset(), { status: 200, json: { status: 'ok' } }) },
    { method: 'GET', path: '/clock', handle: async () => clockState() },
    {
      method: 'POST',
      path: '/clock',
      handle: async (req) => {
        const { advanceSeconds, set, frozen } = parseAdminJson(req.body);
        if (frozen !== undefined && typeof frozen !== 'boolean') throw new AdminError(400, '"frozen" must be true or false.');
        const setMs = typeof set === 'string' ? Date.parse(set) : NaN;
        if (set !== undefined && Number.isNaN(setMs)) throw new AdminError(400, '"set" must be an ISO-8601 instant such as 2026-01-02T03:04:05Z.');
        if (advanceSeconds !== undefined && (typeof advanceSeconds !== 'number' || !Number.isFinite(advanceSeconds))) {
          throw new AdminError(400, '"advanceSeconds" must be a number of seconds.');
        }
        if (typeof advanceSeconds === 'number' && advanceSeconds < 0) {
          throw new AdminError(400, 'The clock cannot move backwards; advanceSeconds must not be negative.');
        }
        if (frozen === true) await engine.setFrozen(true);
        try {
          // A set is refused only when its instant is behind the clock as the request arrives;
          // once accepted, real time or an advance queued before it may take the clock further.
          if (set !== undefined) await engine.advanceTo(setMs);
          // Counted from the clock when this advance's turn comes, so concurrent advances add up.
          if (typeof advanceSeconds === 'number') await engine.advanceBy(Math.round(advanceSeconds * 1000));
        } catch (e) {
          if (e instanceof ClockError) throw new AdminError(400, e.message);
          throw e;
        }
        if (frozen === false) await engine.setFrozen(false);
        return clockState();
      },
    },
  ];
}

export function findAdminRoute(routes: AdminRoute[], method: string, path: string): AdminRoute | undefined {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return routes.find((r) => r.method === method && (r.prefix ? p.startsWith(r.path) : p === r.path));
}
