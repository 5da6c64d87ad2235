/**
 * CreateRestoreTestingSelection, GetRestoreTestingSelection, UpdateRestoreTestingSelection,
 * DeleteRestoreTestingSelection, ListRestoreTestingSelections.
 */
import { alreadyExists, invalidParameter } from '../../protocol/errors.js';
import type { ServiceDeps } from '../deps.js';
import { validateRoleArn } from '../common/names.js';
import { pageBySeq, pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import { selectionForGet, selectionForList, selectionKey, type RestoreTestingSelectionRecord } from './records.js';
import type { RestoreTestingRepository } from './repository.js';
import {
  checkCreatorRequestId,
  checkMetadataOverrides,
  checkName,
  checkProtectedResourceType,
  checkResources,
  checkValidationWindowHours,
} from './validation.js';

export class RestoreTestingSelectionService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: RestoreTestingRepository,
  ) {}

  handlers(): Handlers {
    return {
      CreateRestoreTestingSelection: async (input, ctx) => {
        const planName = input.RestoreTestingPlanName!;
        const body = input.RestoreTestingSelection!;
        const name = body.RestoreTestingSelectionName!;
        checkName('RestoreTestingSelectionName', name);
        checkCreatorRequestId(input.CreatorRequestId);
        validateRoleArn(body.IamRoleArn);
        checkProtectedResourceType(body.ProtectedResourceType!);
        const arns = checkResources(body.ProtectedResourceType!, body.ProtectedResourceArns, body.ProtectedResourceConditions);
        checkValidationWindowHours(body.ValidationWindowHours);
        checkMetadataOverrides(body.RestoreMetadataOverrides);
        const now = ctx.now.getTime();
        return this.deps.store.atomically(async () => {
          const plan = await this.repo.requirePlan(ctx, planName);
          const out = (s: RestoreTestingSelectionRecord) => ({
            CreationTime: new Date(s.creationTime),
            RestoreTestingPlanArn: plan.arn,
            RestoreTestingPlanName: plan.name,
            RestoreTestingSelectionName: s.name,
          });
          const siblings = await this.repo.selectionsOf(ctx, planName);
          const retried = input.CreatorRequestId !== undefined ? siblings.find((s) => s.creatorRequestId === input.CreatorRequestId) : undefined;
          const existing = siblings.find((s) => s.name === name);
          if (retried && (!existing || existing === retried)) return out(retried);
          if (existing) {
            throw alreadyExists(`Restore testing selection ${name} already exists in restore testing plan ${planName}.`, {
              CreatorRequestId: existing.creatorRequestId,
            });
          }
          // "Each protected resource type can have one single value" in a plan.
          const sameType = siblings.find((s) => s.protectedResourceType === body.ProtectedResourceType);
          if (sameType) {
            throw invalidParameter(
              `Restore testing plan ${planName} already has a selection for ${body.ProtectedResourceType} resources (${sameType.name}); a plan takes one selection per protected resource type.`,
            );
          }
          const selection: RestoreTestingSelectionRecord = {
            planName,
            name,
            iamRoleArn: body.IamRoleArn!,
            protectedResourceType: body.ProtectedResourceType!,
            protectedResourceArns: arns,
            conditions: arns[0] === '*' ? body.ProtectedResourceConditions : undefined,
            metadataOverrides: body.RestoreMetadataOverrides,
            validationWindowHours: body.ValidationWindowHours,
            creatorRequestId: input.CreatorRequestId,
            creationTime: now,
          };
          await this.repo.selections.insert(ctx, selectionKey(planName, name), selection);
          return out(selection);
        });
      },

      GetRestoreTestingSelection: async (input, ctx) => ({
        RestoreTestingSelection: selectionForGet(await this.repo.requireSelection(ctx, input.RestoreTestingPlanName!, input.RestoreTestingSelectionName!)),
      }),

      ListRestoreTestingSelections: async (input, ctx) => {
        const planName = input.RestoreTestingPlanName!;
        const limit = pageSize(input.MaxResults);
        await this.repo.requirePlan(ctx, planName);
        const page = await pageBySeq(
          this.deps.tokens,
          `ListRestoreTestingSelections/${planName}`,
          input.NextToken,
          limit,
          (after, batch) => this.repo.selections.list(ctx, { afterSeq: after, limit: batch }),
          (s) => s.planName === planName,
        );
        return { RestoreTestingSelections: page.items.map(selectionForList), NextToken: page.nextToken };
      },

      UpdateRestoreTestingSelection: async (input, ctx) => {
        const planName = input.RestoreTestingPlanName!;
        const name = input.RestoreTestingSelectionName!;
        const body = input.RestoreTestingSelection!;
        validateRoleArn(body.IamRoleArn);
        checkValidationWindowHours(body.ValidationWindowHours);
        checkMetadataOverrides(body.RestoreMetadataOverrides);
        const now = ctx.now.getTime();
        return this.deps.store.atomically(async () => {
          const plan = await this.repo.requirePlan(ctx, planName);
          const current = await this.repo.requireSelection(ctx, planName, name);
          // New specific ARNs replace a wildcard selection and its conditions; new conditions on a
          // selection of specific ARNs are refused (AWS: "use either ARNs or conditions, not both").
          const givenArns = body.ProtectedResourceArns;
          const conditions =
            body.ProtectedResourceConditions ?? (givenArns !== undefined && !givenArns.includes('*') ? undefined : current.conditions);
          const arns = checkResources(current.protectedResourceType, givenArns ?? current.protectedResourceArns, conditions);
          const updated: RestoreTestingSelectionRecord = {
            ...current,
            iamRoleArn: body.IamRoleArn ?? current.iamRoleArn,
            protectedResourceArns: arns,
            conditions: arns[0] === '*' ? conditions : undefined,
            metadataOverrides: body.RestoreMetadataOverrides ?? current.metadataOverrides,
            validationWindowHours: body.ValidationWindowHours ?? current.validationWindowHours,
            lastUpdateTime: now,
          };
          await this.repo.selections.update(ctx, selectionKey(planName, name), updated);
          return {
            CreationTime: new Date(current.creationTime),
            RestoreTestingPlanArn: plan.arn,
            RestoreTestingPlanName: planName,
            RestoreTestingSelectionName: name,
            UpdateTime: new Date(now),
          };
        });
      },

      DeleteRestoreTestingSelection: async (input, ctx) => {
        const planName = input.RestoreTestingPlanName!;
        const name = input.RestoreTestingSelectionName!;
        await this.deps.store.atomically(async () => {
          await this.repo.requireSelection(ctx, planName, name);
          await this.repo.selections.delete(ctx, selectionKey(planName, name));
        });
        return {};
      },
    };
  }
}
