/**
 * GET /_holdfast/events: the event log, oldest first, with each entry's delivery state;
 * DELETE /_holdfast/events empties it (the admin reset does too). docs/events.md documents both.
 */
import { AdminError, type AdminRoute } from '../../server/admin.js';
import type { OutboxEntry, OutboxFilter, OutboxStore } from '../../store/repos/outbox-store.js';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/** logged: no sink was configured; pending: not tried yet; retrying: failed at least once; delivered. */
export function deliveryState(e: OutboxEntry): 'logged' | 'pending' | 'retrying' | 'delivered' {
  if (e.pending.length > 0) return e.attempts > 0 ? 'retrying' : 'pending';
  return e.delivered.length > 0 ? 'delivered' : 'logged';
}

const view = (e: OutboxEntry) => ({
  seq: e.seq,
  channel: e.channel,
  target: e.target,
  account: e.accountId,
  region: e.region,
  detailType: e.detailType,
  time: new Date(e.time).toISOString(),
  resources: e.resources,
  payload: e.payload,
  delivery: {
    state: deliveryState(e),
    pending: e.pending,
    delivered: e.delivered,
    attempts: e.attempts,
    lastError: e.lastError ?? null,
    nextAttemptAt: e.nextAttemptAt === undefined || e.pending.length === 0 ? null : new Date(e.nextAttemptAt).toISOString(),
  },
});

function sequence(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  if (!/^\d{1,15}$/.test(text)) throw new AdminError(400, `"${name}" must be an event sequence number (a non-negative integer), not '${text}'.`);
  return Number(text);
}

export function eventRoutes(outbox: OutboxStore): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/events',
      handle: async (req) => {
        const q = req.query;
        const known = new Set(['since', 'detailType', 'account', 'region', 'resource', 'maxResults', 'nextToken']);
        for (const name of q.keys()) if (!known.has(name)) throw new AdminError(400, `Unknown parameter "${name}"; the filters are ${[...known].join(', ')}.`);
        const page = sequence(q, 'maxResults') ?? DEFAULT_PAGE;
        if (page < 1 || page > MAX_PAGE) throw new AdminError(400, `"maxResults" must be from 1 to ${MAX_PAGE}.`);
        const since = Math.max(sequence(q, 'since') ?? 0, sequence(q, 'nextToken') ?? 0);
        const filter: OutboxFilter = {
          since: since || undefined,
          detailType: q.get('detailType') ?? undefined,
          accountId: q.get('account') ?? undefined,
          region: q.get('region') ?? undefined,
          resource: q.get('resource') ?? undefined,
        };
        const entries = await outbox.list(filter, page);
        const last = entries.at(-1);
        return { status: 200, json: { events: entries.map(view), nextToken: entries.length === page && last ? String(last.seq) : null } };
      },
    },
    { method: 'DELETE', path: '/events', handle: async () => (await outbox.clear(), { status: 200, json: { status: 'ok' } }) },
  ];
}
