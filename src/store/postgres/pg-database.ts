/**
 * The PostgreSQL connection of one Holdfast instance: a pg.Pool, the PgSql every repository runs
 * its statements through, and transactions.
 *
 * The transaction rule (the same the domain code relies on with SQLite): transactions are
 * serialized across every instance that shares the database. `atomically` takes a connection,
 * BEGINs, and takes `pg_advisory_xact_lock(TRANSACTION_LOCK)` before its body runs, so no two
 * bodies run at once anywhere; the lock goes with COMMIT or ROLLBACK (and with the connection of
 * an instance that dies). A transaction's scope is the async context of its body (an
 * AsyncLocalStorage carries its connection): store calls made inside the body, or in what it
 * starts, run on that connection, and a nested atomically joins it; every other call runs on a
 * pooled connection of its own (autocommit), so a concurrent request never lands in another's
 * transaction. Reads outside a transaction see what has committed (no waiting, unlike SQLite);
 * a write outside one is a transaction of its own, under the same lock (see execute).
 * One instance queues its own transactions, so that they do not hold many connections waiting on
 * the lock.
 *
 * A database that cannot be reached fails calls with StoreUnavailableError (503 to clients)
 * within CONNECT_TIMEOUT_MS or STATEMENT_TIMEOUT_MS, never hangs; the pool opens new connections
 * once the server is back.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { StoreUnavailableError } from '../unavailable.js';
import { pgStatement, type PgSql } from './sql.js';

/** The advisory lock key of store transactions ('Hold' in ASCII). */
export const TRANSACTION_LOCK = 0x486f6c64;
/**
 * Session advisory lock keys of the work instances share (Store.instances): engine passes and
 * clock moves, and outbox delivery rounds. Held by one instance at a time.
 */
export const INSTANCE_LOCKS = { engine: TRANSACTION_LOCK + 1, delivery: TRANSACTION_LOCK + 2 } as const;
export type InstanceLock = keyof typeof INSTANCE_LOCKS;
/**
 * The session advisory locks of clock moves (pg-clock-watch.ts): CLOCK_LOCK exclusive to move,
 * shared to trust a copy; MOVE_LOCK held by a mover from before its announcement, so that a watch
 * that heard it cannot take CLOCK_LOCK again before the mover has had it.
 */
export const CLOCK_LOCK = TRANSACTION_LOCK + 3;
export const MOVE_LOCK = TRANSACTION_LOCK + 4;
/**
 * How long one wait for an instance lock may last before it is asked again: each wait stays far
 * under STATEMENT_TIMEOUT_MS, while the lock's holder may keep it for minutes (an advance of a year).
 */
const INSTANCE_LOCK_WAIT = '5s';
/** SQLSTATE lock_not_available: a wait that reached lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';
/** How long a call waits for a connection before it fails as unavailable. */
const CONNECT_TIMEOUT_MS = 5_000;
/**
 * The server-side limit of one statement. A transaction's first statement waits for the lock
 * while another instance's transaction runs (an engine group commit keeps it for about 500 ms).
 */
const STATEMENT_TIMEOUT_MS = 30_000;
/** The client-side limit of one statement: a server that stopped answering (not refusing). */
const QUERY_TIMEOUT_MS = STATEMENT_TIMEOUT_MS + 5_000;
const POOL_SIZE = 8;

const INT8_OID = 20;
/**
 * BIGINT columns (epoch ms, seq, count(*)) as numbers: every value Holdfast stores is below 2^53.
 * Set on this pool's types only, not pg's global registry.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The URL with its password masked, for messages: postgres://user:***@host/db. */
export function maskedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}

/** Connection and server errors that mean "the database is not there", not "this SQL is wrong". */
function unavailable(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  const code = err.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN'].includes(code)) return true;
  // 08: connection exceptions; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now; 57014: statement timeout.
  if (/^08/.test(code) || ['57P01', '57P02', '57P03', '57014'].includes(code)) return true;
  const m = err.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error/i.test(m);
}

/**
 * PostgreSQL's text cannot hold NUL (SQLite's can): a NUL in a key (an id from a request path such
 * as `/backup/plans/%00`) becomes U+FFFD, so the lookup finds nothing instead of failing. Records
 * are JSON text, in which NUL is already escaped.
 */
function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
  if (Array.isArray(value)) return value.map(storable);
  return value;
}

interface TransactionContext {
  client: pg.PoolClient;
  /** False once the transaction has ended: a context that outlives it uses the pool again. */
  open: boolean;
  /** Records read in this transaction (sql.ts PgSql.memo). */
  memo: Map<string, string | null>;
}

export class PgDatabase implements PgSql {
  readonly pool: pg.Pool;
  private readonly contexts = new AsyncLocalStorage<TransactionContext>();
  private queue: Promise<unknown> = Promise.resolve();

  /** How this instance's connections connect (the pool's, and pg-clock-watch.ts's own). */
  readonly clientConfig: pg.ClientConfig;

  constructor(readonly url: string) {
    this.clientConfig = {
      connectionString: url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
      keepAlive: true,
      types,
    };
    this.pool = new pg.Pool({ ...this.clientConfig, max: POOL_SIZE, idleTimeoutMillis: 10_000 });
    // An idle connection whose server went away: the pool drops it; without a listener the
    // 'error' event would end the process.
    this.pool.on('error', () => undefined);
  }

  private current(): pg.PoolClient | undefined {
    const tx = this.contexts.getStore();
    return tx?.open ? tx.client : undefined;
  }

  /** Whether the calling async context is inside a transaction (atomically). */
  inTransaction(): boolean {
    return this.current() !== undefined;
  }

  memo(): Map<string, string | null> | undefined {
    const tx = this.contexts.getStore();
    return tx?.open ? tx.memo : undefined;
  }

  async query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]> {
    const result = await this.execute(text, values);
    return result.rows as R[];
  }

  async run(text: string, values?: readonly unknown[]): Promise<number> {
    const result = await this.execute(text, values);
    return result.rowCount ?? 0;
  }

  private async execute(text: string, values?: readonly unknown[]): Promise<pg.QueryResult> {
    const client = this.current();
    // A write outside a transaction takes the transaction lock too (a one-statement
    // transaction), so it lands after any transaction open anywhere, as SQLite's single writer
    // orders it. For an INSERT: every seq is then drawn while holding that lock, which is released
    // only at COMMIT: rows become visible in seq order, so a keyset page (seq > last seen) never
    // skips a row that commits later with a lower seq (test/store/pg-keyset-order.test.ts). For an
    // UPDATE or DELETE: an open transaction's later write of the same row, made from what it read
    // (sql.ts PgSql.memo), can never overwrite it (test/store/pg-lone-writes.test.ts).
    if (!client && /^\s*(INSERT|UPDATE|DELETE)\b/i.test(text)) return this.atomically(() => this.execute(text, values));
    const on = client ?? this.pool;
    try {
      const { text: numbered, name } = pgStatement(text);
      return await on.query({ text: numbered, name, values: values?.map(storable) });
    } catch (e) {
      throw this.translate(e);
    }
  }

  /** A lost or unreachable database becomes StoreUnavailableError; any other error is kept. */
  translate(e: unknown): unknown {
    if (e instanceof StoreUnavailableError || !unavailable(e)) return e;
    return new StoreUnavailableError(`The database ${maskedUrl(this.url)} is unavailable: ${(e as Error).message}`, e);
  }

  /** Runs fn in one transaction, serialized with every other instance's (see the file comment). */
  atomically<T>(fn: () => Promise<T>): Promise<T> {
    if (this.current()) return fn();
    const run = (): Promise<T> => this.transaction(fn);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async transaction<T>(fn: () => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw this.translate(e);
    }
    const tx: TransactionContext = { client, open: true, memo: new Map() };
    let broken: unknown;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [TRANSACTION_LOCK]);
      const result = await this.contexts.run(tx, fn);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError;
      }
      throw this.translate(e);
    } finally {
      tx.open = false;
      // A connection whose ROLLBACK failed is not given back to the pool.
      client.release(broken === undefined ? undefined : (broken as Error));
    }
  }

  /**
   * Runs fn while this instance holds the session advisory lock `lock`, which every instance
   * sharing the database takes for the same work: at most one of them runs it at a time. The
   * lock lives on a connection of its own, apart from fn's statements (fn gets it, to take more
   * session locks that end with its turn: pg-shared-clock.ts); it goes with the connection when
   * the instance dies (kill -9 closes the socket, the server ends the session).
   */
  async exclusive<T>(lock: InstanceLock, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw this.translate(e);
    }
    let broken: unknown;
    try {
      await client.query(`SET lock_timeout = '${INSTANCE_LOCK_WAIT}'`);
      for (;;) {
        try {
          await client.query('SELECT pg_advisory_lock($1)', [INSTANCE_LOCKS[lock]]);
          break;
        } catch (e) {
          if ((e as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw e;
        }
      }
    } catch (e) {
      client.release(e as Error);
      throw this.translate(e);
    }
    try {
      return await fn(client);
    } finally {
      try {
        // Every session lock of the turn: the instance lock and any fn took.
        await client.query('SELECT pg_advisory_unlock_all()');
        await client.query('RESET lock_timeout');
      } catch (e) {
        broken = e;
      }
      // A connection that could not let go of the lock is closed, which lets go of it.
      client.release(broken === undefined ? undefined : (broken as Error));
    }
  }

  /** Waits for this instance's queued transactions, then closes every connection. */
  async close(): Promise<void> {
    await this.queue;
    await this.pool.end();
  }
}
