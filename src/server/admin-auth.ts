/**
 * Who may call the admin API (/_holdfast/*, and moto's reset path). When an admin token is
 * configured (--admin-token, HOLDFAST_ADMIN_TOKEN), every admin route but health needs
 * `Authorization: Bearer TOKEN`. In strict mode without a token the admin API is refused
 * altogether: a shared server must not be resettable by whoever reaches its port.
 */
import { timingSafeEqual } from 'node:crypto';
import { AdminError } from './admin.js';

export interface AdminAccess {
  strict: boolean;
  adminToken?: string;
}

/** A token long enough not to be guessed, and sendable in a header as it is. */
export const isAdminToken = (token: string): boolean => /^[\x21-\x7e]{16,}$/.test(token);
export const ADMIN_TOKEN_RULE = 'must be at least 16 printable characters without spaces';

/** The admin routes anyone may call: health says whether the server is up, and nothing else. */
const OPEN = new Set(['/health', '/health/']);

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The console's static files (/_holdfast/ui/, server/console-assets.ts) follow the admin API's
 * rule with one difference: with an admin token they are served without it, because a browser
 * cannot send a bearer token when it opens a page, and they are the npm package's own bytes with
 * no state in them. Every call the console then makes for state carries the token (or a SigV4
 * signature) and meets the rule above. In strict mode without a token they are refused like the
 * rest of the admin API: the console could do nothing there.
 */
export function checkConsoleAccess(access: AdminAccess): void {
  if (access.strict && access.adminToken === undefined) {
    throw new AdminError(403, 'The console is disabled: this server runs with --strict and no --admin-token (HOLDFAST_ADMIN_TOKEN).');
  }
}

/** Throws the admin API's refusal of this call, if it is refused. */
export function checkAdminAccess(access: AdminAccess, path: string, authorization: string | undefined): void {
  if (OPEN.has(path)) return;
  const { adminToken } = access;
  if (adminToken === undefined) {
    if (access.strict) throw new AdminError(403, 'The admin API is disabled: this server runs with --strict and no --admin-token (HOLDFAST_ADMIN_TOKEN).');
    return;
  }
  const m = authorization === undefined ? null : /^Bearer (\S+)$/.exec(authorization);
  if (!m) throw new AdminError(401, 'The admin API needs an Authorization: Bearer TOKEN header with this server\'s admin token (--admin-token).');
  if (!sameText(m[1]!, adminToken)) throw new AdminError(403, 'The admin token is not valid.');
}
