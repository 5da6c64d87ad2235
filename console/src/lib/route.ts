/**
 * The console's address lives in the URL's hash (`#/jobs?account=...&region=...&state=FAILED`), so
 * the server serves one page and a link opens the same view, scope and filters again.
 */
import { DEFAULT_SCOPE, type Scope } from './scope.js';

export interface Route {
  view: string;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const q = text.indexOf('?');
  return { view: q < 0 ? text : text.slice(0, q), params: new URLSearchParams(q < 0 ? '' : text.slice(q + 1)) };
}

export function routeHash(view: string, params: URLSearchParams): string {
  const query = params.toString();
  return `#/${view}${query ? `?${query}` : ''}`;
}

export const scopeOf = (params: URLSearchParams): Scope => ({
  accountId: params.get('account') ?? DEFAULT_SCOPE.accountId,
  region: params.get('region') ?? DEFAULT_SCOPE.region,
});

/** The params of `route` with `changes` applied (an undefined or empty value removes the key). */
export function withParams(params: URLSearchParams, changes: Record<string, string | undefined>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') next.delete(k);
    else next.set(k, v);
  }
  return next;
}
