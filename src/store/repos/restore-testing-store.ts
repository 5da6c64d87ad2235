/**
 * Restore testing's tables: the next firing of every plan, and the restore jobs whose timed
 * steps (completion check, end of the validation window, deletion) are still ahead.
 * No business rules here.
 */
import type { Scope } from '../types.js';

export interface RestoreTestingScheduleRow extends Scope {
  planName: string;
  nextFire: number;
}

export interface TrackedRestoreJob<T> {
  jobId: string;
  dueAt: number;
  data: T;
}

export interface RestoreTestingStore {
  /** The earliest firing over every plan (an indexed MIN), or undefined. */
  earliestFire(): Promise<number | undefined>;
  /** Plans due at or before nowMs, earliest first. */
  dueFires(nowMs: number, limit: number): Promise<RestoreTestingScheduleRow[]>;
  /** Sets a plan's next firing, or removes it when undefined. */
  setNextFire(scope: Scope, planName: string, nextFire: number | undefined): Promise<void>;
  nextFireOf(scope: Scope, planName: string): Promise<number | undefined>;

  /** The earliest step of a tracked job (an indexed MIN), or undefined. */
  earliestJobStep(): Promise<number | undefined>;
  dueJobs<T>(nowMs: number, limit: number): Promise<TrackedRestoreJob<T>[]>;
  getJob<T>(jobId: string): Promise<TrackedRestoreJob<T> | undefined>;
  /** Inserts or replaces a tracked job. */
  putJob<T>(job: TrackedRestoreJob<T>): Promise<void>;
  deleteJob(jobId: string): Promise<void>;
}
