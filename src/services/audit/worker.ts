/**
 * The audit domain's engine Worker: every time-driven audit step (deployments, report job
 * states, daily report runs) is a row of audit_schedule; nextDue is an indexed MIN and run
 * hands each due step, at its own due time, to the handler of its kind. The services contribute
 * their handlers (`steps()`), given to the worker when it is built.
 *
 * Each step runs in one transaction with its removal from the schedule: a step is done, with
 * whatever it wrote, or still due. No handler does real I/O: a report's upload goes through the
 * report outbox (report-delivery.ts), worked after commit.
 */
import type { Worker } from '../../engine/engine.js';
import type { ScheduledStep, ScheduleStore } from '../../store/repos/audit-store.js';
import type { Store } from '../../store/types.js';
import type { StepKind } from './records.js';

/** Handles one due step. The step is already removed; the handler schedules a follow-up if any. */
export type StepHandler = (step: ScheduledStep) => Promise<void>;
export type StepHandlers = Partial<Record<StepKind, StepHandler>>;

export class AuditWorker implements Worker {
  readonly name = 'audit';

  constructor(
    private readonly store: ScheduleStore,
    private readonly atomically: Store['atomically'],
    private readonly handlers: StepHandlers,
  ) {}

  nextDue(): Promise<number | undefined> {
    return this.store.nextDue();
  }

  async run(nowMs: number): Promise<void> {
    for (;;) {
      const steps = await this.store.dueSteps(nowMs, 100);
      if (steps.length === 0) return;
      for (const step of steps) {
        const handler = this.handlers[step.kind as StepKind];
        await this.atomically(async () => {
          await this.store.unschedule(step.kind, step, step.id);
          if (handler) await handler(step);
          else console.error(`holdfast audit: no handler for step kind '${step.kind}'; dropped.`);
        });
      }
    }
  }
}
