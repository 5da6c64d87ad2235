/**
 * Holdfast's admin routes (/_holdfast/...) from the browser: JSON, with the scope as `account` and
 * `region` query parameters and the admin token, when there is one, as a bearer token.
 */
import type { Scope } from './scope.js';

export class AdminCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  /** The server wants an admin token (401) or refused the one given (403). */
  get unauthorised(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

export interface AdminClient {
  get<T>(path: string, params?: Record<string, string | string[] | number | undefined>): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  /** A file the admin API serves (e.g. a report in /buckets/...), fetched with the admin token. */
  file(path: string): Promise<Blob>;
  /** Whether calls carry an admin token (a plain link to an admin route would then be refused). */
  readonly withToken: boolean;
}

async function answer<T>(res: Response): Promise<T> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new AdminCallError(res.status, `The server answered ${res.status} with a body that is not JSON.`);
  }
  if (!res.ok) {
    const body = json as { message?: string; error?: string };
    throw new AdminCallError(res.status, body.message ?? body.error ?? `The server answered ${res.status}.`);
  }
  return json as T;
}

export function adminClient(scope: Scope, adminToken: string | undefined): AdminClient {
  const headers: Record<string, string> = adminToken ? { authorization: `Bearer ${adminToken}` } : {};
  return {
    async get<T>(path: string, params: Record<string, string | string[] | number | undefined> = {}): Promise<T> {
      const q = new URLSearchParams({ account: scope.accountId, region: scope.region });
      for (const [k, v] of Object.entries(params)) {
        if (v === undefined) continue;
        for (const one of Array.isArray(v) ? v : [v]) q.append(k, String(one));
      }
      return answer<T>(await fetch(`/_holdfast${path}?${q.toString()}`, { headers }));
    },
    async post<T>(path: string, body: unknown): Promise<T> {
      return answer<T>(await fetch(`/_holdfast${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    },
    async file(path: string): Promise<Blob> {
      const res = await fetch(`/_holdfast${path}`, { headers });
      if (!res.ok) await answer(res);
      return res.blob();
    },
    withToken: adminToken !== undefined && adminToken !== '',
  };
}
