/**
 * Whether this instance's copy of the shared business clock (meta `clock`) is still the
 * database's, so that a request needs no read of it (docs/postgresql.md "One business clock").
 *
 * The rule: a clock move is written only while its instance holds CLOCK_LOCK exclusively, and an
 * instance trusts its copy only while it holds CLOCK_LOCK shared, on a connection of its own (this
 * watch's), and has read the clock since it took it. A mover takes MOVE_LOCK, NOTIFYs
 * `holdfast_clock`, then waits for CLOCK_LOCK; every watch that hears the notification stops
 * trusting its copy (at once, in the notification's handler) and only then lets go of its shared
 * lock, waits for MOVE_LOCK (the mover's turn to end) and takes CLOCK_LOCK shared again. So while any instance trusts a
 * copy, nobody can move the clock, and a move acknowledged to a client was written after every
 * instance had stopped trusting its copy: a client that moves on to another instance never sees
 * an older time than one it was given. An instance that does not trust its copy reads the clock
 * before each request, as every request did before (concurrent ones share one read).
 *
 * A watch whose connection is lost stops trusting at once (the server ends its session and with
 * it the shared lock); an instance that dies lets go of its lock with its connection. A mover
 * waits for every live instance's watch to let go, which each does as soon as its event loop
 * runs the notification's handler.
 */
import pg from 'pg';
import { CLOCK_LOCK, MOVE_LOCK } from './pg-database.js';

/** The channel movers NOTIFY before they wait for CLOCK_LOCK. */
export const CLOCK_CHANNEL = 'holdfast_clock';
/** How long one wait for the shared lock lasts before it is asked again (a year's advance holds it for minutes). */
const LOCK_WAIT = '5s';
const LOCK_NOT_AVAILABLE = '55P03';
/** How long a lost watch connection waits before it connects again. */
const RECONNECT_MS = 1_000;

export class PgClockWatch {
  private client: pg.Client | undefined;
  private holding = false;
  private trusted = false;
  /** Bumped each time the watch starts trusting again: a read made within one epoch stays current. */
  private epochs = 0;
  /** A notification arrived while the lock was being let go of or taken again: go round once more. */
  private again = false;
  private cycling = false;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly config: pg.ClientConfig) {}

  /**
   * The current epoch while the watch holds the shared lock and no move was announced since;
   * undefined when this instance must read the clock. A clock read begun within an epoch, and
   * ended with epoch() still answering it, is the database's clock until epoch() changes.
   */
  epoch(): number | undefined {
    return this.trusted ? this.epochs : undefined;
  }

  /** Connects in the background; until it holds the lock, epoch() answers undefined. */
  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client(this.config);
    this.client = client;
    const lost = (): void => {
      if (this.client !== client) return;
      this.client = undefined;
      this.trusted = false;
      this.holding = false;
      client.end().catch(() => undefined);
      if (!this.closed) this.retry = setTimeout(() => void this.connect(), RECONNECT_MS).unref();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => {
      this.trusted = false;
      void this.cycle();
    });
    try {
      await client.connect();
      await client.query(`SET lock_timeout = '${LOCK_WAIT}'`);
      await client.query(`LISTEN ${CLOCK_CHANNEL}`);
      await this.cycle();
    } catch {
      lost();
    }
  }

  /** Lets go of the shared lock (when held) and takes it again, until no notification came meanwhile. */
  private async cycle(): Promise<void> {
    if (this.cycling) {
      this.again = true;
      return;
    }
    this.cycling = true;
    const client = this.client;
    try {
      do {
        this.again = false;
        if (!client || this.client !== client) return;
        if (this.holding) {
          await client.query('SELECT pg_advisory_unlock_shared($1)', [CLOCK_LOCK]);
          this.holding = false;
        }
        // Past the mover that announced (MOVE_LOCK), then in the queue for CLOCK_LOCK behind it.
        await waitFor(client, 'SELECT pg_advisory_lock_shared($1)', MOVE_LOCK);
        await client.query('SELECT pg_advisory_unlock_shared($1)', [MOVE_LOCK]);
        await waitFor(client, 'SELECT pg_advisory_lock_shared($1)', CLOCK_LOCK);
        this.holding = true;
      } while (this.again);
      if (this.client === client) {
        this.epochs++;
        this.trusted = true;
      }
    } catch {
      // The connection's 'error' or 'end' handler starts again; until then nothing is trusted.
      this.trusted = false;
    } finally {
      this.cycling = false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.trusted = false;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

/** Runs a lock statement until it is granted, asking again at each wait's end (lock_timeout). */
export async function waitFor(client: pg.ClientBase, statement: string, key: number): Promise<void> {
  for (;;) {
    try {
      await client.query(statement, [key]);
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw e;
    }
  }
}
