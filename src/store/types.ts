/**
 * The storage interface the services see, backend-neutral: the store is its repositories
 * (repositories.ts) and its transactions. It is async so that a PostgreSQL backend can stand
 * behind it; it holds no business rules.
 */
import type { Repositories } from './repositories.js';

export interface Scope {
  accountId: string;
  region: string;
}

export interface DocRow<T> {
  seq: number;
  doc: T;
}

/** Records of one kind, keyed by id within an account and region, in insertion order. */
export interface DocCollection<T> {
  get(scope: Scope, id: string): Promise<T | undefined>;
  /** get() of each id, in the order given, in one statement (a stack's members). */
  getMany(scope: Scope, ids: string[]): Promise<(T | undefined)[]>;
  /** Inserts; answers false (and writes nothing) when the id exists already. */
  insert(scope: Scope, id: string, doc: T): Promise<boolean>;
  /** Replaces an existing record; answers false when there is none. */
  update(scope: Scope, id: string, doc: T): Promise<boolean>;
  /** Inserts or replaces. */
  put(scope: Scope, id: string, doc: T): Promise<void>;
  delete(scope: Scope, id: string): Promise<boolean>;
  /** Records after the keyset position `afterSeq` (exclusive), oldest first. */
  list(scope: Scope, options?: { afterSeq?: number; limit?: number }): Promise<DocRow<T>[]>;
  /** Every record of this kind in every account and region (engine passes, reports). */
  listAll(options?: { afterSeq?: number; limit?: number }): Promise<(DocRow<T> & Scope)[]>;
  count(scope: Scope): Promise<number>;
}

export interface TagStore {
  get(arn: string): Promise<Record<string, string> | undefined>;
  put(scope: Scope, arn: string, tags: Record<string, string>): Promise<void>;
  delete(arn: string): Promise<void>;
  /** delete() of each ARN, in one statement. */
  deleteAll(arns: string[]): Promise<void>;
}

export interface MetaStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

/**
 * The work that several instances sharing one database (PostgreSQL) must not do twice at once:
 * engine passes with clock moves, and outbox delivery rounds.
 */
export interface SharedInstances {
  /**
   * Runs fn while this instance holds the lock named `lock` that every instance takes for that
   * work, after waiting for whoever holds it. An instance that dies lets go of it.
   */
  exclusive<T>(lock: 'delivery', fn: () => Promise<T>): Promise<T>;
  /** The business clock they share, and the engine's turns. */
  readonly clock: SharedClockStore;
}

/**
 * The business clock instances share (meta 'clock'), as JSON, and the engine's turns: one
 * instance at a time runs an engine section (a pass, a clock move, the reset).
 */
export interface SharedClockStore {
  /** Runs fn while no other instance runs a section; an instance that dies lets go. */
  lock<T>(fn: () => Promise<T>): Promise<T>;
  /** The clock the database holds. */
  read(): Promise<string | undefined>;
  /** Saves the clock; every instance stops trusting its copy of it before a changed one lands. */
  save(value: string): Promise<void>;
  /**
   * A number that stays the same while this instance's copy may be trusted: a clock read begun
   * and ended under the same epoch stays the database's clock while epoch() answers it.
   * Undefined: read the clock before relying on it.
   */
  epoch(): number | undefined;
}

export interface Store extends Repositories {
  /**
   * Present when other Holdfast instances may share this store (PostgreSQL): they then share
   * the business clock (meta 'clock') and take turns at due work. SQLite's data folder has one
   * server (its data-dir lock), so it has none.
   */
  readonly instances?: SharedInstances;
  /**
   * Runs fn in one transaction: all its writes land, or none. Calls are serialized. A call made
   * from inside fn (in its async context) joins that transaction: its writes commit or roll back
   * with the outer call's (so a caller that catches an inner error should only do so when the
   * inner call wrote nothing). Every other store call made while it is open, from outside it,
   * waits until it has ended: none joins it by accident, none reads what it has not committed.
   */
  atomically<T>(fn: () => Promise<T>): Promise<T>;
  /** Wipes every record (the admin reset). */
  reset(): Promise<void>;
  close(): Promise<void>;
}
