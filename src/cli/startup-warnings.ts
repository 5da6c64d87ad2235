/** What `serve` says at start-up about how exposed the server is (docs/security.md). */
import { isIP } from 'node:net';

/** Whether an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  const h = host.replace(/^\[|\]$/g, '');
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1';
}

export function startupWarnings(host: string, strict: boolean, adminToken: boolean): string[] {
  const warnings: string[] = [];
  if (!strict && !isLoopback(host)) {
    warnings.push(
      `warning: listening on ${host} without --strict: anyone who can reach this port can call every API as any account, and reset the server. Use --strict with --credentials and --admin-token on a shared network.`,
    );
  }
  if (strict && !adminToken) warnings.push('strict mode without --admin-token: the admin API (/_holdfast/*, except health) is refused.');
  return warnings;
}
