/**
 * CreateRestoreTestingPlan, GetRestoreTestingPlan, UpdateRestoreTestingPlan,
 * DeleteRestoreTestingPlan, ListRestoreTestingPlans.
 */
import { randomInt } from 'node:crypto';
import { alreadyExists, invalidRequest, limitExceeded } from '../../protocol/errors.js';
import { backupArn } from '../common/arn.js';
import { validateTags } from '../common/tags.js';
import type { ServiceDeps } from '../deps.js';
import { pageBySeq, pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import { DEFAULT_START_WINDOW_HOURS, DEFAULT_TIMEZONE, planForGet, planForList, type RestoreTestingPlanRecord } from './records.js';
import type { RestoreTestingRepository } from './repository.js';
import { checkCreatorRequestId, checkName, checkRecoveryPointSelection, checkSchedule, checkStartWindowHours } from './validation.js';

/** AWS allows 100 restore testing plans per account and Region (restore testing quotas). */
export const MAX_RESTORE_TESTING_PLANS = 100;

const SUFFIX_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** arn:aws:backup:R:A:restore-testing-plan:NAME-xxxxxx */
const planArn = (scope: { accountId: string; region: string }, name: string): string => {
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += SUFFIX_CHARS[randomInt(SUFFIX_CHARS.length)];
  return backupArn(scope, 'restore-testing-plan', `${name}-${suffix}`);
};

export class RestoreTestingPlanService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: RestoreTestingRepository,
  ) {}

  handlers(): Handlers {
    return {
      CreateRestoreTestingPlan: async (input, ctx) => {
        const body = input.RestoreTestingPlan!;
        const name = body.RestoreTestingPlanName!;
        checkName('RestoreTestingPlanName', name);
        checkCreatorRequestId(input.CreatorRequestId);
        const timezone = body.ScheduleExpressionTimezone ?? DEFAULT_TIMEZONE;
        checkSchedule(body.ScheduleExpression!, timezone);
        checkStartWindowHours(body.StartWindowHours);
        const selection = checkRecoveryPointSelection(body.RecoveryPointSelection!);
        if (input.Tags) validateTags(input.Tags);
        const now = ctx.now.getTime();
        return this.deps.store.atomically(async () => {
          const all = (await this.repo.plans.list(ctx)).map((r) => r.doc);
          const existing = all.find((p) => p.name === name);
          const retried = input.CreatorRequestId !== undefined ? all.find((p) => p.creatorRequestId === input.CreatorRequestId) : undefined;
          // A retried request (same CreatorRequestId) answers the plan it made.
          if (retried && (!existing || existing === retried)) {
            return { CreationTime: new Date(retried.creationTime), RestoreTestingPlanArn: retried.arn, RestoreTestingPlanName: retried.name };
          }
          if (existing) {
            throw alreadyExists(`Restore testing plan ${name} already exists.`, { Arn: existing.arn, CreatorRequestId: existing.creatorRequestId });
          }
          if (all.length >= MAX_RESTORE_TESTING_PLANS) {
            throw limitExceeded(`An account can have at most ${MAX_RESTORE_TESTING_PLANS} restore testing plans per Region; delete one before creating another.`);
          }
          const plan: RestoreTestingPlanRecord = {
            name,
            arn: planArn(ctx, name),
            scheduleExpression: body.ScheduleExpression!,
            timezone,
            startWindowHours: body.StartWindowHours ?? DEFAULT_START_WINDOW_HOURS,
            selection,
            creatorRequestId: input.CreatorRequestId,
            creationTime: now,
          };
          await this.repo.plans.insert(ctx, name, plan);
          if (input.Tags && Object.keys(input.Tags).length) await this.deps.store.tags.put(ctx, plan.arn, input.Tags);
          await this.repo.reschedule(ctx, plan, now);
          return { CreationTime: new Date(now), RestoreTestingPlanArn: plan.arn, RestoreTestingPlanName: name };
        });
      },

      GetRestoreTestingPlan: async (input, ctx) => ({
        RestoreTestingPlan: planForGet(await this.repo.requirePlan(ctx, input.RestoreTestingPlanName!)),
      }),

      ListRestoreTestingPlans: async (input, ctx) => {
        const page = await pageBySeq(this.deps.tokens, 'ListRestoreTestingPlans', input.NextToken, pageSize(input.MaxResults), (after, batch) =>
          this.repo.plans.list(ctx, { afterSeq: after, limit: batch }),
        );
        return { RestoreTestingPlans: page.items.map(planForList), NextToken: page.nextToken };
      },

      UpdateRestoreTestingPlan: async (input, ctx) => {
        const name = input.RestoreTestingPlanName!;
        const body = input.RestoreTestingPlan!;
        checkStartWindowHours(body.StartWindowHours);
        const selection = body.RecoveryPointSelection ? checkRecoveryPointSelection(body.RecoveryPointSelection) : undefined;
        const now = ctx.now.getTime();
        return this.deps.store.atomically(async () => {
          const plan = await this.repo.requirePlan(ctx, name);
          const scheduleExpression = body.ScheduleExpression ?? plan.scheduleExpression;
          const timezone = body.ScheduleExpressionTimezone ?? plan.timezone;
          checkSchedule(scheduleExpression, timezone);
          const updated: RestoreTestingPlanRecord = {
            ...plan,
            scheduleExpression,
            timezone,
            startWindowHours: body.StartWindowHours ?? plan.startWindowHours,
            selection: selection ?? plan.selection,
            lastUpdateTime: now,
          };
          await this.repo.plans.update(ctx, name, updated);
          if (scheduleExpression !== plan.scheduleExpression || timezone !== plan.timezone) await this.repo.reschedule(ctx, updated, now);
          return { CreationTime: new Date(plan.creationTime), RestoreTestingPlanArn: plan.arn, RestoreTestingPlanName: name, UpdateTime: new Date(now) };
        });
      },

      DeleteRestoreTestingPlan: async (input, ctx) => {
        const name = input.RestoreTestingPlanName!;
        await this.deps.store.atomically(async () => {
          // The model lists no ResourceNotFoundException here; a missing plan is still refused
          // with the name GetRestoreTestingPlan uses (the stricter reading).
          const plan = await this.repo.requirePlan(ctx, name);
          const selections = await this.repo.selectionsOf(ctx, name);
          if (selections.length > 0) {
            // AWS's text, which Terraform retries on (docs/error-messages.md).
            throw invalidRequest('Related recovery point selections must be deleted prior to restore testing plan deletion');
          }
          await this.repo.plans.delete(ctx, name);
          await this.deps.store.tags.delete(plan.arn);
          await this.repo.tables.setNextFire(ctx, name, undefined);
        });
        return {};
      },
    };
  }
}
