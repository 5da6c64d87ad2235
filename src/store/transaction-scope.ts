/**
 * Whose a store transaction is. A transaction's scope is the async context of its body
 * (AsyncLocalStorage), not "whatever runs while it is open": a store call made inside the body
 * (or in anything the body starts) joins the transaction; every other store call, a concurrent
 * request's read or write or transaction, waits until the transaction has committed or rolled
 * back. So a body may await real I/O (a publish, a file copy) without another request landing
 * in its transaction, and nobody reads what it has not committed yet.
 *
 * Cost: no transaction open, a store call pays one field check (the hot reads). Contexts are
 * tracked only while transactions run: on Node 20 an enabled AsyncLocalStorage installs promise
 * hooks that slow every request by about a quarter, so it is disabled once no transaction has
 * run for TRACKING_IDLE_MS (not at the end of each one: switching the hooks on and off costs
 * more than a small transaction). A context that still holds an ended transaction's scope is
 * outside any open one, and waits like any other caller.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Wall time without a transaction after which contexts are no longer tracked. */
const TRACKING_IDLE_MS = 100;

/** The backend's statements that open and end a transaction (for SQLite they return at once). */
export interface TransactionControl {
  begin(): void | Promise<void>;
  commit(): void | Promise<void>;
  /** Also called when begin or commit failed: it must cope with no transaction being open. */
  rollback(): void | Promise<void>;
}

export class TransactionScope {
  private readonly contexts = new AsyncLocalStorage<object>();
  /** The open transaction's scope; undefined while none is open. */
  private open: object | undefined;
  /** What callers outside the open transaction wait for (made by the first of them). */
  private ended: { promise: Promise<void>; resolve: () => void } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** Contexts are tracked (see TRACKING_IDLE_MS), and whether a transaction began since the last idle check. */
  private tracking = false;
  private begunSinceCheck = false;

  constructor(private readonly control: TransactionControl) {}

  /** True when the caller may use the database now: no transaction is open, or the caller is inside it. */
  private mayRun(): boolean {
    return this.open === undefined || this.contexts.getStore() === this.open;
  }

  /**
   * Runs fn in one transaction, after the transactions asked for before it. Called from inside a
   * transaction's scope, fn joins it (no savepoint: its writes commit or roll back with the
   * caller's; a firing that starts thousands of jobs nests that often).
   */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.open !== undefined && this.contexts.getStore() === this.open) return fn();
    const run = (): Promise<T> => this.run(fn);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    const scope = {};
    // Open before BEGIN, so no other caller's statement slips in between.
    this.open = scope;
    this.begunSinceCheck = true;
    if (!this.tracking) {
      this.tracking = true;
      setTimeout(this.idleCheck, TRACKING_IDLE_MS).unref();
    }
    try {
      await this.control.begin();
      const result = await this.contexts.run(scope, fn);
      await this.control.commit();
      return result;
    } catch (e) {
      await this.control.rollback();
      throw e;
    } finally {
      this.open = undefined;
      this.ended?.resolve();
      this.ended = undefined;
    }
  }

  private readonly idleCheck = (): void => {
    if (this.open === undefined && !this.begunSinceCheck) {
      this.contexts.disable();
      this.tracking = false;
      return;
    }
    this.begunSinceCheck = false;
    setTimeout(this.idleCheck, TRACKING_IDLE_MS).unref();
  };

  /**
   * Runs op at once when the caller may use the database, else once the open transaction has
   * ended. op's synchronous part runs right after the check, so it never lands in a transaction
   * opened in between.
   */
  whenFree<T>(op: () => T): T | Promise<Awaited<T>> {
    return this.mayRun() ? op() : this.later(op);
  }

  private async later<T>(op: () => T): Promise<Awaited<T>> {
    while (!this.mayRun()) {
      if (!this.ended) {
        let resolve!: () => void;
        const promise = new Promise<void>((r) => (resolve = r));
        this.ended = { promise, resolve };
      }
      await this.ended.promise;
    }
    return await op();
  }

  /**
   * The repository's methods, each behind whenFree, and its fields (read through). Every method
   * a caller reaches must be async (a waiting call answers a promise), and run its statements
   * before its first await (they all do: better-sqlite3 is synchronous). The repository itself is
   * not made a prototype: V8 would give each one a map of its own and make its methods' field
   * reads megamorphic.
   */
  guard<R extends object>(repo: R): R {
    const guarded: Record<string, unknown> = {};
    const fields = repo as Record<string, unknown>;
    for (let o: object | null = repo; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
      for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(o))) {
        if (name === 'constructor' || name in guarded) continue;
        if (typeof d.value === 'function') {
          const method = d.value as (...args: unknown[]) => unknown;
          guarded[name] = (...args: unknown[]) => (this.mayRun() ? method.apply(repo, args) : this.later(() => method.apply(repo, args)));
        } else {
          Object.defineProperty(guarded, name, { get: () => fields[name], enumerable: true });
        }
      }
    }
    return guarded as R;
  }
}
