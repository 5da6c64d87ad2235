/** Backup selections: which resources a plan backs up (by ARN patterns, tags and conditions). */
import { randomUUID } from 'node:crypto';
import type { BackupSelection, ConditionParameter } from '@aws-sdk/client-backup';
import { alreadyExists, invalidParameter, limitExceeded, notFound } from '../../protocol/errors.js';
import type { Scope } from '../../store/types.js';
import type { ServiceDeps } from '../deps.js';
import { pageBySeq, pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import type { PlanRepository } from './plan-repository.js';
import type { PlanRecord, SelectionRecord } from './plan-record.js';
import { checkCreatorRequestId } from './plan-service.js';
import { validateRoleArn } from '../common/names.js';

/** AWS's quota of selections per backup plan. */
export const MAX_SELECTIONS_PER_PLAN = 50;
const SELECTION_NAME = /^[a-zA-Z0-9\-_.]{1,50}$/;
const RESOURCE_PATTERN = /^(\*|arn:[^\s]+)$/;
const MAX_ARNS = 500;
const MAX_WILDCARD_ARNS = 30;
const OPERATORS = ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike'] as const;

function checkArnList(name: string, arns: string[]): string[] {
  for (const arn of arns) {
    if (!RESOURCE_PATTERN.test(arn)) throw invalidParameter(`Invalid ARN '${arn}' in ${name}: give resource ARNs (wildcards allowed) or *.`);
  }
  // Stricter reading of "500 ARNs without wildcards, or 30 ARNs with wildcards".
  const wildcards = arns.filter((a) => a.includes('*')).length;
  if (wildcards > MAX_WILDCARD_ARNS) throw invalidParameter(`${name} can hold at most ${MAX_WILDCARD_ARNS} ARNs with wildcards; got ${wildcards}.`);
  if (arns.length > MAX_ARNS) throw invalidParameter(`${name} can hold at most ${MAX_ARNS} ARNs; got ${arns.length}.`);
  return [...arns];
}

/** Checks a selection and answers it as GetBackupSelection shows it: every list present. */
export function checkSelection(input: BackupSelection): BackupSelection {
  const name = input.SelectionName!;
  if (!SELECTION_NAME.test(name)) {
    throw invalidParameter(`Invalid selection name '${name}': use 1 to 50 letters, digits, hyphens, underscores and periods.`);
  }
  const role = input.IamRoleArn!;
  validateRoleArn(role);
  const resources = checkArnList('Resources', input.Resources ?? []);
  const notResources = checkArnList('NotResources', input.NotResources ?? []);
  const listOfTags = (input.ListOfTags ?? []).map((c) => {
    if (!c.ConditionKey) throw invalidParameter('Every ListOfTags condition needs a ConditionKey (the tag key).');
    return { ConditionType: c.ConditionType, ConditionKey: c.ConditionKey, ConditionValue: c.ConditionValue };
  });
  if (resources.length === 0 && listOfTags.length === 0) {
    throw invalidParameter("Invalid backup selection. Either 'ListOfTags' or 'Resources' section must be non-empty.");
  }
  const conditions: Record<(typeof OPERATORS)[number], ConditionParameter[]> = {
    StringEquals: [],
    StringNotEquals: [],
    StringLike: [],
    StringNotLike: [],
  };
  for (const op of OPERATORS) {
    for (const p of input.Conditions?.[op] ?? []) {
      if (p.ConditionKey === undefined || p.ConditionValue === undefined) {
        throw invalidParameter(`Every ${op} condition needs a ConditionKey and a ConditionValue.`);
      }
      if (!p.ConditionKey.startsWith('aws:ResourceTag/') || p.ConditionKey.length === 'aws:ResourceTag/'.length) {
        throw invalidParameter(`Invalid condition key '${p.ConditionKey}' in ${op}: Conditions name tags as aws:ResourceTag/KEY.`);
      }
      conditions[op].push({ ConditionKey: p.ConditionKey, ConditionValue: p.ConditionValue });
    }
  }
  return {
    SelectionName: name,
    IamRoleArn: role,
    Resources: resources,
    ListOfTags: listOfTags,
    NotResources: notResources,
    Conditions: conditions,
  };
}

export class SelectionService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: PlanRepository,
  ) {}

  private async requireSelection(scope: Scope, planId: string, selectionId: string): Promise<{ plan: PlanRecord; selection: SelectionRecord }> {
    const plan = await this.repo.requirePlan(scope, planId);
    const selection = await this.repo.selections.get(scope, selectionId);
    if (!selection || selection.planId !== plan.id) {
      throw notFound(`Backup selection ${selectionId} does not exist in backup plan ${planId}.`, { Type: 'User' });
    }
    return { plan, selection };
  }

  handlers(): Handlers {
    return {
      CreateBackupSelection: async (input, ctx) => {
        checkCreatorRequestId(input.CreatorRequestId);
        const plan = await this.repo.plans.get(ctx, input.BackupPlanId!);
        // CreateBackupSelection has no ResourceNotFoundException in the model: an unknown plan is a bad
        // parameter. AWS's text begins "Cannot find Backup plan with ID" (docs/error-messages.md).
        if (!plan || plan.deletionDate !== undefined) throw invalidParameter(`Cannot find Backup plan with ID ${input.BackupPlanId}`);
        const existing = await this.repo.selectionsOf(ctx, plan.id);
        if (input.CreatorRequestId !== undefined) {
          const same = existing.find((s) => s.creatorRequestId === input.CreatorRequestId);
          if (same) return { SelectionId: same.selectionId, BackupPlanId: plan.id, CreationDate: new Date(same.creationDate) };
        }
        const selection = checkSelection(input.BackupSelection!);
        const clash = existing.find((s) => s.selection.SelectionName === selection.SelectionName);
        if (clash) {
          throw alreadyExists(`Backup selection ${selection.SelectionName} already exists in backup plan ${plan.id}.`, {
            CreatorRequestId: clash.creatorRequestId,
          });
        }
        if (existing.length >= MAX_SELECTIONS_PER_PLAN) {
          throw limitExceeded(`Backup plan ${plan.id} already has ${MAX_SELECTIONS_PER_PLAN} selections, the most AWS Backup allows.`);
        }
        const record: SelectionRecord = {
          selectionId: randomUUID(),
          planId: plan.id,
          creationDate: ctx.now.getTime(),
          creatorRequestId: input.CreatorRequestId,
          selection,
        };
        await this.repo.selections.insert(ctx, record.selectionId, record);
        return { SelectionId: record.selectionId, BackupPlanId: plan.id, CreationDate: new Date(record.creationDate) };
      },

      GetBackupSelection: async (input, ctx) => {
        const { plan, selection } = await this.requireSelection(ctx, input.BackupPlanId!, input.SelectionId!);
        return {
          BackupSelection: selection.selection,
          SelectionId: selection.selectionId,
          BackupPlanId: plan.id,
          CreationDate: new Date(selection.creationDate),
          CreatorRequestId: selection.creatorRequestId,
        };
      },

      DeleteBackupSelection: async (input, ctx) => {
        const { selection } = await this.requireSelection(ctx, input.BackupPlanId!, input.SelectionId!);
        await this.repo.selections.delete(ctx, selection.selectionId);
        return {};
      },

      ListBackupSelections: async (input, ctx) => {
        const plan = await this.repo.requirePlan(ctx, input.BackupPlanId!);
        const limit = pageSize(input.MaxResults);
        const page = await pageBySeq(
          this.deps.tokens,
          `ListBackupSelections:${plan.id}`,
          input.NextToken,
          limit,
          (after, batch) => this.repo.selections.list(ctx, { afterSeq: after, limit: batch }),
          (s) => s.planId === plan.id,
        );
        return {
          BackupSelectionsList: page.items.map((s) => ({
            SelectionId: s.selectionId,
            SelectionName: s.selection.SelectionName,
            BackupPlanId: plan.id,
            CreationDate: new Date(s.creationDate),
            CreatorRequestId: s.creatorRequestId,
            IamRoleArn: s.selection.IamRoleArn,
          })),
          NextToken: page.nextToken,
        };
      },
    };
  }
}
