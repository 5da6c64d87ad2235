/**
 * Whose a store transaction is. A transaction's scope is the async context of its body
 * (AsyncLocalStorage), not "whatever runs while it is open": a store call made inside the body
 * (or in anything the body starts) joins the transaction; every other store call, a concurrent
 * request's read or write or transaction, waits until the transaction has committed or rolled
 * back. So a body may await real I/O (a publish, a file copy) without another request landing
 * in its transaction, and nobody reads what it has not committed yet.
 *
 * Cost: no transaction open, a store call pays one field check (the hot reads). The context is
 * tracked only while a transaction is open: on Node 20 an enabled AsyncLocalStorage installs
 * promise hooks that slow every request by about a third, so it is disabled again when the
 * transaction ends (a later context that still holds an ended transaction's scope is outside
 * any open one, and waits like any other caller).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

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
  /** Settles when the open transaction has ended. */
  private ended: Promise<void> = Promise.resolve();
  private queue: Promise<unknown> = Promise.resolve();

  /** True when the caller may use the database now: no transaction is open, or the caller is inside it. */
  private mayRun(): boolean {
    return this.open === undefined || this.contexts.getStore() === this.open;
  }

  /**
   * Runs fn in one transaction, after the transactions asked for before it. Called from inside a
   * transaction's scope, fn joins it (no savepoint: its writes commit or roll back with the
   * caller's; a firing that starts thousands of jobs nests that often).
   */
  transaction<T>(fn: () => Promise<T>, control: TransactionControl): Promise<T> {
    if (this.open !== undefined && this.contexts.getStore() === this.open) return fn();
    const run = async (): Promise<T> => {
      const scope = {};
      let end!: () => void;
      this.ended = new Promise<void>((resolve) => (end = resolve));
      // Open before BEGIN, so no other caller's statement slips in between.
      this.open = scope;
      try {
        await control.begin();
        const result = await this.contexts.run(scope, fn);
        await control.commit();
        return result;
      } catch (e) {
        await control.rollback();
        throw e;
      } finally {
        this.open = undefined;
        this.contexts.disable();
        end();
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs op at once when the caller may use the database, else once the open transaction has
   * ended. op's synchronous part runs right after the check, so it never lands in a transaction
   * opened in between.
   */
  whenFree<T>(op: () => T): T | Promise<Awaited<T>> {
    return this.mayRun() ? op() : this.later(op);
  }

  private async later<T>(op: () => T): Promise<Awaited<T>> {
    while (!this.mayRun()) await this.ended;
    return await op();
  }

  /**
   * The repository with every method behind whenFree. Every method a caller reaches must be
   * async (a waiting call answers a promise), and run its statements before its first await
   * (they all do: better-sqlite3 is synchronous).
   */
  guard<R extends object>(repo: R): R {
    const guarded = Object.create(repo) as Record<string, unknown>;
    for (const [name, method] of methodsOf(repo)) {
      guarded[name] = (...args: unknown[]) => (this.mayRun() ? method.apply(repo, args) : this.later(() => method.apply(repo, args)));
    }
    return guarded as R;
  }
}

function methodsOf(repo: object): Map<string, (...args: unknown[]) => unknown> {
  const methods = new Map<string, (...args: unknown[]) => unknown>();
  for (let o: object | null = repo; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(o))) {
      if (name !== 'constructor' && typeof d.value === 'function' && !methods.has(name)) methods.set(name, d.value as (...args: unknown[]) => unknown);
    }
  }
  return methods;
}
