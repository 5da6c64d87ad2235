/**
 * The audit domain's engine Worker: every time-driven audit step (deployments, report job
 * states, daily report runs) is a row of audit_schedule; nextDue is an indexed MIN and run
 * hands each due step, at its own due time, to the handler registered for its kind.
 */
import type { Worker } from '../../engine/engine.js';
import type { ScheduledStep, ScheduleStore } from '../../store/repos/audit-store.js';

/** Handles one due step. The step is already removed; the handler schedules a follow-up if any. */
export type StepHandler = (step: ScheduledStep) => Promise<void>;

export class AuditWorker implements Worker {
  readonly name = 'audit';
  private readonly handlers = new Map<string, StepHandler>();

  constructor(private readonly store: ScheduleStore) {}

  on(kind: string, handler: StepHandler): void {
    this.handlers.set(kind, handler);
  }

  nextDue(): Promise<number | undefined> {
    return this.store.nextDue();
  }

  async run(nowMs: number): Promise<void> {
    for (;;) {
      const steps = await this.store.dueSteps(nowMs, 100);
      if (steps.length === 0) return;
      for (const step of steps) {
        await this.store.unschedule(step.kind, step, step.id);
        const handler = this.handlers.get(step.kind);
        if (!handler) {
          console.error(`holdfast audit: no handler for step kind '${step.kind}'; dropped.`);
          continue;
        }
        await handler(step);
      }
    }
  }
}
