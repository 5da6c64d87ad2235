/**
 * The public API over Holdfast's admin HTTP API (/_holdfast/*): the one implementation behind
 * both `connectHoldfast(endpoint)` (a server started elsewhere) and `startHoldfast()` (start.ts:
 * an in-process server, then this over its URL). The admin API is the contract.
 */
import { DurationError, parseDuration } from '../clock/duration.js';
import { DEFAULT_ACCOUNT } from '../server/context.js';
import { AdminHttp, type Reply } from './admin-http.js';
import { HoldfastError } from './errors.js';
import { eventsOver } from './event-log.js';
import type { ClientConfig, ClockState, ConnectOptions, Credentials, Duration, Holdfast, Instant, ListedKey, OrganizationDocument, ResourceEntry } from './types.js';

const REGION = 'us-east-1';
const SECRET = 'holdfast';
/** How long connectHoldfast waits for the health check: a server that accepts but never answers is an error, not a hang. */
const CONNECT_TIMEOUT_MS = 10_000;
const CONNECT_OPTIONS = ['timeoutMs', 'adminToken'];

const json = <T>(reply: Reply): T => JSON.parse(reply.text) as T;

function instantText(what: string, instant: Instant): string {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'string' ? Date.parse(instant) : NaN;
  if (Number.isNaN(ms)) throw new HoldfastError(`${what}: '${String(instant)}' is not a valid Date or ISO-8601 instant such as 2026-01-02T03:04:05Z`);
  return new Date(ms).toISOString();
}

function durationSeconds(by: Duration): number {
  if (typeof by === 'number') {
    if (!Number.isFinite(by)) throw new HoldfastError(`clock.advance: ${by} is not a number of seconds`);
    if (by < 0) throw new HoldfastError(`clock.advance: the clock cannot move backwards; ${by} is negative`);
    return by;
  }
  if (typeof by !== 'string') throw new HoldfastError(`clock.advance takes a number of seconds or a duration such as "30d", "12h", "90m", not ${typeof by}`);
  try {
    return parseDuration(by);
  } catch (e) {
    if (e instanceof DurationError) throw new HoldfastError(`clock.advance: ${e.message}`);
    throw e;
  }
}

/**
 * Credentials of a 12-digit account: a listed key of that account when there is one (strict
 * mode lets in only those), else an access key id that is the account (Holdfast reads the account
 * from the key).
 */
function credentialsOf(listed: readonly ListedKey[], accountId: string): Credentials {
  if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) {
    throw new HoldfastError(`credentialsFor: '${String(accountId)}' is not a 12-digit account id`);
  }
  const key = listed.find((k) => k.accountId === accountId);
  if (key) return key.sessionToken === undefined ? { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey } : { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, sessionToken: key.sessionToken };
  return { accessKeyId: accountId, secretAccessKey: SECRET };
}

/** The public surface over the admin API behind `http`; `stop` runs once, on close; `listed` are the server's listed keys, when known. */
export function holdfastOver(http: AdminHttp, stop: () => Promise<void>, listed: readonly ListedKey[] = []): Holdfast {
  const credentialsFor = (accountId: string): Credentials => credentialsOf(listed, accountId);
  const endpoint = http.base;
  let closing: Promise<void> | undefined;
  const admin = (what: string, method: string, path: string, body?: unknown): Promise<Reply> => {
    if (closing) return Promise.reject(new HoldfastError(`${what}: this Holdfast is closed`));
    return http.call(what, method, path, body);
  };
  const clockCall = async (what: string, body?: unknown): Promise<ClockState> => {
    const state = json<{ now: string; frozen: boolean }>(await admin(what, body === undefined ? 'GET' : 'POST', '/clock', body));
    return { now: new Date(state.now), frozen: state.frozen };
  };
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      http.close();
      await stop();
    })());
  const bucketPath = (what: string, bucket: string): string => {
    if (typeof bucket !== 'string' || bucket === '') throw new HoldfastError(`${what}: the bucket must be a non-empty string`);
    return `/buckets/${encodeURIComponent(bucket)}`;
  };
  return {
    endpoint,
    region: REGION,
    accountId: DEFAULT_ACCOUNT,
    credentials: credentialsFor(DEFAULT_ACCOUNT),
    credentialsFor,
    clientConfig: (accountId = DEFAULT_ACCOUNT): ClientConfig => ({ endpoint, region: REGION, credentials: credentialsFor(accountId) }),
    clock: {
      now: async () => (await clockCall('clock.now')).now,
      state: () => clockCall('clock.state'),
      advance: async (by) => (await clockCall('clock.advance', { advanceSeconds: durationSeconds(by) })).now,
      set: async (instant) => (await clockCall('clock.set', { set: instantText('clock.set', instant) })).now,
      freeze: async () => (await clockCall('clock.freeze', { frozen: true })).now,
      resume: async () => (await clockCall('clock.resume', { frozen: false })).now,
    },
    resources: {
      put: async (entries) => {
        if (!Array.isArray(entries)) throw new HoldfastError('resources.put takes a list of inventory entries');
        await admin('resources.put', 'PUT', '/resources', { resources: entries });
      },
      list: async () => json<{ resources: ResourceEntry[] }>(await admin('resources.list', 'GET', '/resources')).resources,
      remove: async (arn) => {
        try {
          await admin('resources.remove', 'DELETE', `/resources/${encodeURIComponent(arn)}`);
          return true;
        } catch (e) {
          if (e instanceof HoldfastError && e.status === 404) return false;
          throw e;
        }
      },
    },
    organization: {
      set: async (doc) => void (await admin('organization.set', 'PUT', '/organization', doc)),
      get: async () => {
        try {
          return json<{ organization: OrganizationDocument }>(await admin('organization.get', 'GET', '/organization')).organization;
        } catch (e) {
          if (e instanceof HoldfastError && e.status === 404) return undefined;
          throw e;
        }
      },
      clear: async () => void (await admin('organization.clear', 'DELETE', '/organization')),
    },
    reports: {
      createBucket: async (bucket) => void (await admin('reports.createBucket', 'PUT', bucketPath('reports.createBucket', bucket))),
      list: async (bucket, prefix) => {
        const query = prefix === undefined ? '' : `?prefix=${encodeURIComponent(prefix)}`;
        return json<{ keys: string[] }>(await admin('reports.list', 'GET', `${bucketPath('reports.list', bucket)}${query}`)).keys;
      },
      read: async (bucket, key) => {
        if (typeof key !== 'string' || key === '') throw new HoldfastError('reports.read: the key must be a non-empty string');
        const path = `${bucketPath('reports.read', bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
        return (await admin('reports.read', 'GET', path)).text;
      },
    },
    events: eventsOver(admin),
    reset: async () => void (await admin('reset', 'POST', '/reset')),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * The same API for a server started elsewhere (`holdfast serve`, a container, a shared CI
 * service): resolves once the server answers its health check. `close()` lets go of the
 * connection and leaves the server running.
 */
export async function connectHoldfast(endpoint: string, options: ConnectOptions = {}): Promise<Holdfast> {
  if (typeof options !== 'object' || options === null) throw new HoldfastError('connectHoldfast: the options must be an object such as { timeoutMs: 5000 }');
  for (const key of Object.keys(options)) {
    if (!CONNECT_OPTIONS.includes(key)) throw new HoldfastError(`connectHoldfast: '${key}' is not an option (known: ${CONNECT_OPTIONS.join(', ')})`);
  }
  const timeoutMs = options.timeoutMs ?? CONNECT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) throw new HoldfastError(`connectHoldfast: timeoutMs must be a number of milliseconds above 0, not ${String(timeoutMs)}`);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new HoldfastError(`connectHoldfast: '${String(endpoint)}' is not a URL such as http://127.0.0.1:4598`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HoldfastError(`connectHoldfast: '${endpoint}' is not an http:// or https:// URL`);
  const { adminToken } = options;
  if (adminToken !== undefined && (typeof adminToken !== 'string' || adminToken === '')) throw new HoldfastError('connectHoldfast: adminToken must be a non-empty string');
  const http = new AdminHttp(endpoint.replace(/\/+$/, ''), adminToken);
  try {
    await http.call('connectHoldfast', 'GET', '/health', undefined, timeoutMs);
  } catch (e) {
    http.close();
    throw e;
  }
  return holdfastOver(http, async () => undefined);
}
