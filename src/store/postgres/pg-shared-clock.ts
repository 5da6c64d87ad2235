/**
 * The business clock that instances sharing the database share (store/types.ts SharedClockStore):
 * meta `clock`, the engine's turns (the session advisory lock `engine`), and the announcement of
 * moves that lets an instance skip the clock read before a request while nobody moved it
 * (pg-clock-watch.ts has the rule).
 *
 * Within a section (an engine turn), the first save of a clock other than the one the section
 * read NOTIFYs the watches and takes CLOCK_LOCK exclusively on the section's connection, once
 * every watch has let go of it; the section ends by letting go of both locks. A save that
 * changes nothing announces nothing, so sections that only run work (the ticker of a running
 * clock) leave every instance's copy trusted.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { SharedClockStore } from '../types.js';
import { CLOCK_CHANNEL, waitFor, type PgClockWatch } from './pg-clock-watch.js';
import { CLOCK_LOCK, MOVE_LOCK, type PgDatabase } from './pg-database.js';

/** SQLSTATE lock_not_available: a wait that reached the section connection's lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

interface Section {
  client: pg.PoolClient;
  /** The clock the database holds as this section last read it or wrote it (committed). */
  known: string | undefined;
  /** CLOCK_LOCK is held: every watch has stopped trusting its copy. */
  announced: boolean;
}

export class PgSharedClock implements SharedClockStore {
  private readonly sections = new AsyncLocalStorage<Section>();

  constructor(
    private readonly db: PgDatabase,
    private readonly watch: PgClockWatch,
  ) {}

  lock<T>(fn: () => Promise<T>): Promise<T> {
    // db.exclusive lets go of every advisory lock of its connection at the end, CLOCK_LOCK too.
    return this.db.exclusive('engine', (client) => this.sections.run({ client, known: undefined, announced: false }, fn));
  }

  async read(): Promise<string | undefined> {
    const [row] = await this.db.query<{ value: string }>("SELECT value FROM meta WHERE key = 'clock'");
    const section = this.sections.getStore();
    if (section) section.known = row?.value;
    return row?.value;
  }

  /** Saves the clock; outside a section (start-up) it takes a turn of its own. */
  async save(value: string): Promise<void> {
    const section = this.sections.getStore();
    if (!section) return this.lock(() => this.save(value));
    // Nobody else writes the clock during a section: what it read or wrote last is still there.
    if (value === section.known) return;
    if (!section.announced) {
      await this.announce(section.client);
      section.announced = true;
    }
    await this.db.run("INSERT INTO meta (key, value) VALUES ('clock', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [value]);
    // A write inside a transaction is known to be there only once it commits.
    section.known = this.db.inTransaction() ? undefined : value;
  }

  epoch(): number | undefined {
    return this.watch.epoch();
  }

  /**
   * Tells every watch and waits until they have all let go of CLOCK_LOCK (pg-clock-watch.ts).
   * The notification is sent again at each wait's end: a watch that began listening after it was
   * sent may have taken the shared lock before this wait was queued.
   */
  private async announce(client: pg.PoolClient): Promise<void> {
    try {
      await waitFor(client, 'SELECT pg_advisory_lock($1)', MOVE_LOCK);
      for (;;) {
        await client.query(`NOTIFY ${CLOCK_CHANNEL}`);
        try {
          await client.query('SELECT pg_advisory_lock($1)', [CLOCK_LOCK]);
          return;
        } catch (e) {
          if ((e as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw e;
        }
      }
    } catch (e) {
      throw this.db.translate(e);
    }
  }
}
