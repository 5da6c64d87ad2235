/** `hf.events`: the event log over GET and DELETE /_holdfast/events (docs/events.md, "The event log"). */
import type { Reply } from './admin-http.js';
import { HoldfastError } from './errors.js';
import type { EventFilter, EventLogEntry, HoldfastEvents } from './types.js';

type Admin = (what: string, method: string, path: string) => Promise<Reply>;

const FILTERS: readonly (keyof EventFilter)[] = ['since', 'detailType', 'account', 'region', 'resource'];
/** The largest page the log answers. */
const PAGE = 1000;

type Wire = Omit<EventLogEntry, 'time' | 'delivery'> & { time: string; delivery: Omit<EventLogEntry['delivery'], 'nextAttemptAt'> & { nextAttemptAt: string | null } };

function query(filter: EventFilter): URLSearchParams {
  if (typeof filter !== 'object' || filter === null) throw new HoldfastError('events.list: the filter must be an object such as { detailType: "Backup Job State Change" }');
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (!(FILTERS as readonly string[]).includes(key)) throw new HoldfastError(`events.list: '${key}' is not a filter (known: ${FILTERS.join(', ')})`);
    if (value === undefined) continue;
    if (key === 'since' ? !(Number.isSafeInteger(value) && (value as number) >= 0) : typeof value !== 'string') {
      throw new HoldfastError(`events.list: ${key} must be ${key === 'since' ? 'a sequence number (a whole number of at least 0)' : 'a string'}, not ${String(value)}`);
    }
    q.set(key, String(value));
  }
  return q;
}

const entryOf = (e: Wire): EventLogEntry =>
  ({ ...e, time: new Date(e.time), delivery: { ...e.delivery, nextAttemptAt: e.delivery.nextAttemptAt === null ? null : new Date(e.delivery.nextAttemptAt) } }) as EventLogEntry;

export function eventsOver(admin: Admin): HoldfastEvents {
  return {
    list: async (filter = {}) => {
      const q = query(filter);
      q.set('maxResults', String(PAGE));
      const out: EventLogEntry[] = [];
      for (;;) {
        const page = JSON.parse((await admin('events.list', 'GET', `/events?${q}`)).text) as { events: Wire[]; nextToken: string | null };
        out.push(...page.events.map(entryOf));
        if (page.nextToken === null) return out;
        q.set('nextToken', page.nextToken);
      }
    },
    clear: async () => void (await admin('events.clear', 'DELETE', '/events')),
  };
}
