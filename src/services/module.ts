/**
 * The domain contract (see ARCHITECTURE.md, "Domain modules"). Each domain folder exports one
 * DomainModule: a plain record whose `build` takes the ports the domain needs, as required,
 * typed parameters, and returns everything the domain contributes plus what it offers the
 * domains built after it (`exports`). Nothing is registered on a shared object and nothing is
 * patched after construction: domains.ts (the composer) builds the modules in an order
 * the port types force and composes their contributions in one place.
 *
 * Where a domain needs something that only a later domain contributes (the removal guards of
 * legal holds, the annotators of scans and indexes, the copy actions of plans), its port is a
 * read-only view that the composer binds once every module is built (`Late`): calling it before
 * then is a wiring bug and throws.
 */
import type { Worker } from '../engine/engine.js';
import type { AdminRoute } from '../server/admin.js';
import type { Handlers } from './registry.js';
import type { RemovalGuard } from './common/removal.js';
import type { PointAnnotator, PointsCreatedHook, PointsRemovedHook } from './common/point-hooks.js';
import type { TaggableType } from './common/taggable.js';
import type { BackupCompletedListener } from './common/job-record.js';

/** What one domain adds to the running whole. Every member is optional; the composer merges them. */
export interface Contributions {
  /** API operations (two domains claiming one operation fail at start-up). */
  handlers?: Handlers;
  /** Time-driven work, registered with the engine by the composer. */
  workers?: Worker[];
  /** /_holdfast/* routes. */
  adminRoutes?: AdminRoute[];
  /** ARN resource types TagResource, UntagResource and ListTags accept. */
  taggable?: TaggableType[];
  /** Asked before any recovery point is deleted, disassociated or moved to cold storage. */
  removalGuards?: RemovalGuard[];
  /** Output members of recovery points this domain owns (IndexStatus, ScanResults). */
  pointAnnotators?: PointAnnotator[];
  /** Called with new recovery points inside the transaction that creates them. */
  pointsCreated?: PointsCreatedHook[];
  /** Called with deleted recovery points inside the transaction that deletes them. */
  pointsRemoved?: PointsRemovedHook[];
  /** Called after each engine batch with the backup jobs that completed in it (inside its transaction). */
  backupCompleted?: BackupCompletedListener[];
  /**
   * Starts work that runs after commit off the engine (the event delivery loop), once the server
   * listens; called outside any transaction.
   */
  start?: () => void;
  /** Stops that work and releases what the domain holds open (file handles, S3 clients) when Holdfast closes. */
  close?: () => void | Promise<void>;
}

export interface DomainModule<Ports, Exports = Record<string, never>> {
  readonly name: string;
  build(ports: Ports): Contributions & { exports: Exports };
}

/**
 * A value the composer binds once, after the modules that provide it are built. Domains see
 * only `get` (through the ports they are given); `bind` stays in the composer.
 */
export class Late<T> {
  private value: T | undefined;
  private bound = false;

  constructor(private readonly name: string) {}

  bind(value: T): void {
    if (this.bound) throw new Error(`${this.name} is bound twice`);
    this.value = value;
    this.bound = true;
  }

  get(): T {
    if (!this.bound) throw new Error(`${this.name} is used before every domain is built`);
    return this.value as T;
  }
}
