/** The scheduler's table: when each backup rule of each active plan fires next. */
import type { Scope } from '../types.js';

export interface PlanScheduleRow extends Scope {
  planId: string;
  ruleId: string;
  nextFire: number;
}

export interface PlanScheduleStore {
  /** The earliest next firing over every rule (an indexed MIN), or undefined when none. */
  earliest(): Promise<number | undefined>;
  /** Rules due at or before nowMs, earliest first, at most `limit`. */
  due(nowMs: number, limit: number): Promise<PlanScheduleRow[]>;
  /** Replaces every rule row of one plan. */
  replacePlan(scope: Scope, planId: string, rows: { ruleId: string; nextFire: number }[]): Promise<void>;
  /** Moves one rule to its next firing, or removes it when it never fires again. */
  setNext(scope: Scope, planId: string, ruleId: string, nextFire: number | undefined): Promise<void>;
  deletePlan(scope: Scope, planId: string): Promise<void>;
}
