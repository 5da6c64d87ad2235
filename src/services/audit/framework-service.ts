/**
 * Backup Audit Manager frameworks: CreateFramework, DescribeFramework, ListFrameworks,
 * UpdateFramework, DeleteFramework. Deployments move on the clock through the audit worker.
 */
import { randomUUID } from 'node:crypto';
import type { DescribeFrameworkOutput, FrameworkControl } from '@aws-sdk/client-backup';
import { alreadyExists, conflict, invalidParameter, limitExceeded, notFound } from '../../protocol/errors.js';
import type { ScheduleStore } from '../../store/repos/audit-store.js';
import type { DocCollection, Scope } from '../../store/types.js';
import { backupArn } from '../common/arn.js';
import { validateTags } from '../common/tags.js';
import type { ServiceDeps } from '../deps.js';
import { pageBySeq, pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import { validateControls } from './controls.js';
import { FRAMEWORK_KIND, STEP, TIMING, type FrameworkRecord, type ReportPlanRecord } from './records.js';
import type { StepHandlers } from './worker.js';

export const AUDIT_NAME = /^[a-zA-Z][_a-zA-Z0-9]{0,255}$/;
/** AWS allows 50 controls per account and Region, counted across all frameworks. */
export const MAX_CONTROLS = 50;

export function checkName(what: string, name: string): void {
  if (!AUDIT_NAME.test(name)) {
    throw invalidParameter(
      `Invalid ${what} '${name}': use 1 to 256 characters, starting with a letter, and only letters (a-z, A-Z), numbers (0-9) and underscores (_).`,
    );
  }
}

export function checkDescription(what: string, description: string | undefined): void {
  if (description === undefined) return;
  if (description.length > 1024) throw invalidParameter(`${what} must be at most 1,024 characters long.`);
  // AWS documents a minimum length of 0 and the pattern .*\S.*: the empty string is taken (the
  // Terraform provider's UpdateFramework and UpdateReportPlan send "" when no description is
  // configured, and AWS answers report plans with an empty ReportPlanDescription); a description
  // of blanks only is refused (stricter reading of the pattern). See docs/audit.md.
  if (description !== '' && !/\S/.test(description)) throw invalidParameter(`${what} must contain at least one character that is not a blank.`);
}

const cloneControls = (controls: FrameworkControl[]): FrameworkControl[] =>
  controls.map((c) => ({
    ControlName: c.ControlName,
    ControlInputParameters: c.ControlInputParameters?.map((p) => ({ ParameterName: p.ParameterName, ParameterValue: p.ParameterValue })),
    ControlScope: c.ControlScope
      ? { ComplianceResourceIds: c.ControlScope.ComplianceResourceIds, ComplianceResourceTypes: c.ControlScope.ComplianceResourceTypes, Tags: c.ControlScope.Tags }
      : undefined,
  }));

export class FrameworkService {
  readonly frameworks: DocCollection<FrameworkRecord>;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly schedule: ScheduleStore,
    private readonly plans: DocCollection<ReportPlanRecord>,
  ) {
    this.frameworks = deps.store.docs<FrameworkRecord>(FRAMEWORK_KIND);
  }

  /** The audit worker's step this service handles: a deployment ends. */
  steps(): StepHandlers {
    const { deps } = this;
    return {
      [STEP.frameworkDeploy]: async (step) => {
        const fw = await this.frameworks.get(step, step.id);
        if (!fw) return;
        if (fw.deploymentStatus === 'DELETE_IN_PROGRESS') {
          await this.frameworks.delete(step, fw.name);
          await deps.store.tags.delete(fw.arn);
        } else {
          await this.frameworks.update(step, fw.name, { ...fw, deploymentStatus: 'COMPLETED' });
        }
      },
    };
  }

  async requireFramework(scope: Scope, name: string): Promise<FrameworkRecord> {
    const fw = await this.frameworks.get(scope, name);
    if (!fw) throw notFound(`Framework ${name} does not exist in account ${scope.accountId} and Region ${scope.region}.`, { Type: 'User' });
    return fw;
  }

  /** The framework an ARN names, wherever it is (report plans name frameworks by ARN). */
  async frameworkByArn(arn: string): Promise<{ scope: Scope; framework: FrameworkRecord } | undefined> {
    const m = /^arn:aws[a-z-]*:backup:([^:]+):(\d{12}):framework:([a-zA-Z][_a-zA-Z0-9]*)-[0-9a-f-]{36}$/.exec(arn);
    if (!m) return undefined;
    const scope = { accountId: m[2]!, region: m[1]! };
    const framework = await this.frameworks.get(scope, m[3]!);
    return framework && framework.arn === arn ? { scope, framework } : undefined;
  }

  /**
   * The frameworks (not being deleted) of the given accounts in the given Regions ('ALL': every
   * Region), oldest first: what a compliance report without FrameworkArns covers.
   */
  async frameworksOf(accounts: string[], regions: string[] | 'ALL'): Promise<{ scope: Scope; framework: FrameworkRecord }[]> {
    const wanted = new Set(accounts);
    const found: { scope: Scope; framework: FrameworkRecord }[] = [];
    // Frameworks are few (AWS allows 15 per account and Region): one scan of the kind.
    for (const row of await this.frameworks.listAll()) {
      if (!wanted.has(row.accountId) || (regions !== 'ALL' && !regions.includes(row.region))) continue;
      if (row.doc.deploymentStatus !== 'DELETE_IN_PROGRESS') found.push({ scope: { accountId: row.accountId, region: row.region }, framework: row.doc });
    }
    return found;
  }

  private async checkControlLimit(scope: Scope, adding: number, except?: string): Promise<void> {
    let used = 0;
    for (const row of await this.frameworks.list(scope)) if (row.doc.name !== except) used += row.doc.controls.length;
    if (used + adding > MAX_CONTROLS) {
      throw limitExceeded(
        `This would use ${used + adding} controls; an account can use at most ${MAX_CONTROLS} controls per Region across all its frameworks (${used} in use).`,
      );
    }
  }

  private async scheduleDeploy(scope: Scope, name: string, nowMs: number): Promise<void> {
    await this.schedule.schedule({ kind: STEP.frameworkDeploy, ...scope, id: name, dueMs: nowMs + TIMING.deployMs });
  }

  private requireSettled(fw: FrameworkRecord, action: string): void {
    if (fw.deploymentStatus !== 'COMPLETED' && fw.deploymentStatus !== 'FAILED') {
      throw conflict(`Cannot ${action} framework ${fw.name} while its deployment status is ${fw.deploymentStatus}; try again when it is COMPLETED.`);
    }
  }

  describe(fw: FrameworkRecord): DescribeFrameworkOutput {
    return {
      FrameworkName: fw.name,
      FrameworkArn: fw.arn,
      FrameworkDescription: fw.description,
      FrameworkControls: cloneControls(fw.controls),
      CreationTime: new Date(fw.creationTime),
      DeploymentStatus: fw.deploymentStatus,
      // Holdfast records every resource (there is no AWS Config recorder to switch off), so a
      // deployed framework is ACTIVE; while it is first being deployed its status is not known yet.
      FrameworkStatus: fw.deploymentStatus === 'CREATE_IN_PROGRESS' ? 'UNAVAILABLE' : 'ACTIVE',
      IdempotencyToken: fw.idempotencyToken,
    };
  }

  handlers(): Handlers {
    return {
      CreateFramework: async (input, ctx) => {
        const name = input.FrameworkName!;
        checkName('framework name', name);
        checkDescription('FrameworkDescription', input.FrameworkDescription);
        const controls = input.FrameworkControls ?? [];
        validateControls(controls);
        if (input.FrameworkTags) validateTags(input.FrameworkTags);
        return this.deps.store.atomically(async () => {
          const existing = await this.frameworks.get(ctx, name);
          if (existing) {
            if (input.IdempotencyToken !== undefined && existing.idempotencyToken === input.IdempotencyToken) {
              return { FrameworkName: existing.name, FrameworkArn: existing.arn };
            }
            throw alreadyExists(`Framework ${name} already exists.`, { Arn: existing.arn, CreatorRequestId: existing.idempotencyToken });
          }
          await this.checkControlLimit(ctx, controls.length);
          const record: FrameworkRecord = {
            name,
            arn: backupArn(ctx, 'framework', `${name}-${randomUUID()}`),
            description: input.FrameworkDescription,
            controls: cloneControls(controls),
            creationTime: ctx.now.getTime(),
            deploymentStatus: 'CREATE_IN_PROGRESS',
            idempotencyToken: input.IdempotencyToken,
          };
          await this.frameworks.insert(ctx, name, record);
          if (input.FrameworkTags) await this.deps.store.tags.put(ctx, record.arn, input.FrameworkTags);
          await this.scheduleDeploy(ctx, name, ctx.now.getTime());
          return { FrameworkName: name, FrameworkArn: record.arn };
        });
      },

      DescribeFramework: async (input, ctx) => this.describe(await this.requireFramework(ctx, input.FrameworkName!)),

      ListFrameworks: async (input, ctx) => {
        const page = await pageBySeq(this.deps.tokens, 'ListFrameworks', input.NextToken, pageSize(input.MaxResults), (after, batch) =>
          this.frameworks.list(ctx, { afterSeq: after, limit: batch }),
        );
        return {
          Frameworks: page.items.map((fw) => ({
            FrameworkName: fw.name,
            FrameworkArn: fw.arn,
            FrameworkDescription: fw.description,
            NumberOfControls: fw.controls.length,
            CreationTime: new Date(fw.creationTime),
            DeploymentStatus: fw.deploymentStatus,
          })),
          NextToken: page.nextToken,
        };
      },

      UpdateFramework: async (input, ctx) => {
        const name = input.FrameworkName!;
        checkDescription('FrameworkDescription', input.FrameworkDescription);
        if (input.FrameworkControls) validateControls(input.FrameworkControls);
        return this.deps.store.atomically(async () => {
          const fw = await this.requireFramework(ctx, name);
          const out = { FrameworkName: fw.name, FrameworkArn: fw.arn, CreationTime: new Date(fw.creationTime) };
          // A retry with the token of the update that is already under way (or done) changes nothing.
          if (input.IdempotencyToken !== undefined && input.IdempotencyToken === fw.idempotencyToken) return out;
          this.requireSettled(fw, 'update');
          if (input.FrameworkControls) await this.checkControlLimit(ctx, input.FrameworkControls.length, name);
          await this.frameworks.update(ctx, name, {
            ...fw,
            description: input.FrameworkDescription ?? fw.description,
            controls: input.FrameworkControls ? cloneControls(input.FrameworkControls) : fw.controls,
            deploymentStatus: 'UPDATE_IN_PROGRESS',
            idempotencyToken: input.IdempotencyToken ?? fw.idempotencyToken,
          });
          await this.scheduleDeploy(ctx, name, ctx.now.getTime());
          return out;
        });
      },

      DeleteFramework: async (input, ctx) => {
        await this.deps.store.atomically(async () => {
          const fw = await this.requireFramework(ctx, input.FrameworkName!);
          this.requireSettled(fw, 'delete');
          for (const row of await this.plans.listAll()) {
            if (row.doc.setting.frameworkArns?.includes(fw.arn) && row.doc.deploymentStatus !== 'DELETE_IN_PROGRESS') {
              throw conflict(`Framework ${fw.name} is used by report plan ${row.doc.name}; remove it from that report plan first.`);
            }
          }
          await this.frameworks.update(ctx, fw.name, { ...fw, deploymentStatus: 'DELETE_IN_PROGRESS' });
          await this.scheduleDeploy(ctx, fw.name, ctx.now.getTime());
        });
        return {};
      },
    };
  }
}
