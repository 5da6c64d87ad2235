/**
 * Events: the event log (GET /_holdfast/events, docs/events.md) of this account and Region,
 * newest page last as the log keeps it, a server-side page of 100 at a time, with each event's
 * delivery state and, for the selected one, its payload. Filtered by detail type on the server.
 */
import { useState } from 'preact/hooks';
import { Empty, ErrorNote, Loading } from '../components/status.js';
import { TokenPager } from '../components/token-pager.js';
import { useConsole } from '../lib/context.js';
import { formatTime } from '../lib/format.js';
import { useLoad } from '../lib/use-load.js';
import type { ConsoleView } from './index.js';

interface LoggedEvent {
  seq: number;
  channel: string;
  target: string;
  detailType: string;
  time: string;
  resources: string[];
  payload: unknown;
  delivery: { state: string; attempts: number; lastError: string | null };
}

const PAGE = 100;

function Events() {
  const { admin, params, setParams } = useConsole();
  const detailType = params.get('detailType') ?? undefined;
  const selected = params.get('event') ?? undefined;
  // The nextToken of each page shown so far: [undefined] is the first page.
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const token = tokens[tokens.length - 1];
  const [typed, setTyped] = useState(detailType ?? '');
  const state = useLoad(
    () => admin.get<{ events: LoggedEvent[]; nextToken: string | null }>('/events', { maxResults: PAGE, nextToken: token, detailType }),
    [admin, token, detailType],
  );
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading what="the event log" />;
  const { events, nextToken } = state.data;
  const chosen = events.find((e) => String(e.seq) === selected);
  return (
    <div>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setTokens([undefined]);
          setParams({ detailType: typed.trim() || undefined, event: undefined });
        }}
      >
        <label>
          Detail type
          <input value={typed} placeholder="Backup Job State Change" onInput={(e) => setTyped((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">Filter</button>
      </form>
      {events.length === 0 ? (
        <Empty>No events in this account and Region{detailType ? ` of type ${detailType}` : ''}.</Empty>
      ) : (
        <table class="grid" data-testid="events">
          <thead>
            <tr>
              <th>#</th>
              <th>Time</th>
              <th>Detail type</th>
              <th>Resources</th>
              <th>Channel</th>
              <th>Delivery</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.seq} data-key={String(e.seq)} class={String(e.seq) === selected ? 'selected' : undefined} onClick={() => setParams({ event: String(e.seq) })}>
                <td class="num">{e.seq}</td>
                <td>{formatTime(e.time)}</td>
                <td>{e.detailType}</td>
                <td title={e.resources.join('\n')}>{e.resources.join(', ')}</td>
                <td>{e.channel}</td>
                <td class={e.delivery.lastError ? 'state-FAILED' : undefined} title={e.delivery.lastError ?? undefined}>
                  {e.delivery.state}
                  {e.delivery.attempts > 0 ? ` (${e.delivery.attempts} attempts)` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <TokenPager tokens={tokens} setTokens={setTokens} next={nextToken ?? undefined} />
      {chosen && (
        <section class="detail" data-testid="event-detail">
          <h3>
            {chosen.detailType} #{chosen.seq}
          </h3>
          <pre>{JSON.stringify(chosen.payload, null, 2)}</pre>
        </section>
      )}
    </div>
  );
}

export const eventsView: ConsoleView = { id: 'events', title: 'Events', Component: Events };
