/**
 * Backup plan templates (the four AWS offers in its console and API), plan documents from and
 * to JSON.
 */
import type { BackupPlan, BackupPlanInput, BackupRule } from '@aws-sdk/client-backup';
import { invalidParameter, notFound } from '../../protocol/errors.js';
import { loadOperations } from '../../protocol/model.js';
import { buildInput } from '../../protocol/parse.js';
import { stableUuid } from '../common/arn.js';
import type { ServiceDeps } from '../deps.js';
import { pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import type { PlanRepository } from './plan-repository.js';
import { checkPlan } from './plan-validation.js';

interface Template {
  id: string;
  name: string;
  rules: Omit<BackupRule, 'TargetBackupVaultName'>[];
}

const window = { StartWindowMinutes: 480, CompletionWindowMinutes: 10080 };
const daily = { RuleName: 'DailyBackups', ScheduleExpression: 'cron(0 5 ? * * *)', ...window, Lifecycle: { DeleteAfterDays: 35 } };
const weekly = { RuleName: 'WeeklyBackups', ScheduleExpression: 'cron(0 5 ? * 7 *)', ...window, Lifecycle: { DeleteAfterDays: 90 } };
const monthly = (cold: number, days: number): Template['rules'][number] => ({
  RuleName: 'MonthlyBackups',
  ScheduleExpression: 'cron(0 5 1 * ? *)',
  ...window,
  Lifecycle: { MoveToColdStorageAfterDays: cold, DeleteAfterDays: days },
});

/**
 * AWS's templates, in the order AWS lists them. The id of Daily-35day-Retention is the one AWS
 * publishes (CLI reference); AWS does not publish the other three ids, so they are stable
 * UUIDs of their names here.
 */
export const TEMPLATES: Template[] = [
  { id: '87c0c1ef-254d-4180-8fef-2e76a2c38aaa', name: 'Daily-35day-Retention', rules: [daily] },
  { id: stableUuid('backup-plan-template:Daily-Monthly-1yr-Retention'), name: 'Daily-Monthly-1yr-Retention', rules: [daily, monthly(30, 365)] },
  {
    id: stableUuid('backup-plan-template:Daily-Weekly-Monthly-5yr-Retention'),
    name: 'Daily-Weekly-Monthly-5yr-Retention',
    rules: [daily, weekly, monthly(90, 1825)],
  },
  {
    id: stableUuid('backup-plan-template:Daily-Weekly-Monthly-7yr-Retention'),
    name: 'Daily-Weekly-Monthly-7yr-Retention',
    rules: [daily, weekly, monthly(90, 2555)],
  },
];

/** The plan document of a template: AWS leaves the vault for the user to choose. */
const templateDocument = (t: Template): BackupPlan =>
  ({ BackupPlanName: t.name, Rules: t.rules.map((r) => ({ ...r, Lifecycle: { ...r.Lifecycle } })) }) as BackupPlan;

/** A stored document as a user-facing JSON plan document (no RuleIds). */
export function exportDocument(doc: BackupPlan): string {
  const { Rules, ...rest } = doc;
  return JSON.stringify({ ...rest, Rules: (Rules ?? []).map(({ RuleId: _id, ...rule }) => rule) });
}

export class TemplateService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: PlanRepository,
  ) {}

  /** Parses and checks a JSON plan document (bare, or wrapped as {"BackupPlan": ...}). */
  static parseDocument(json: string): BackupPlanInput {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (e) {
      throw invalidParameter(`BackupPlanTemplateJson is not valid JSON: ${(e as Error).message}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw invalidParameter('BackupPlanTemplateJson must be a JSON object holding a backup plan (BackupPlanName and Rules).');
    }
    const record = value as Record<string, unknown>;
    const plan = 'BackupPlan' in record && !('Rules' in record) ? record.BackupPlan : record;
    const op = loadOperations().find((o) => o.name === 'CreateBackupPlan')!;
    const input = buildInput(op, {}, new Map(), { BackupPlan: plan });
    return input.BackupPlan as BackupPlanInput;
  }

  handlers(): Handlers {
    return {
      ListBackupPlanTemplates: async (input) => {
        const limit = pageSize(input.MaxResults);
        const start = this.deps.tokens.decode<number>('ListBackupPlanTemplates', input.NextToken) ?? 0;
        const items = TEMPLATES.slice(start, start + limit);
        const next = start + limit < TEMPLATES.length ? this.deps.tokens.encode('ListBackupPlanTemplates', start + limit) : undefined;
        return {
          BackupPlanTemplatesList: items.map((t) => ({ BackupPlanTemplateId: t.id, BackupPlanTemplateName: t.name })),
          NextToken: next,
        };
      },

      GetBackupPlanFromTemplate: async (input) => {
        const template = TEMPLATES.find((t) => t.id === input.BackupPlanTemplateId);
        if (!template) throw notFound(`Backup plan template ${input.BackupPlanTemplateId} does not exist.`, { Type: 'User' });
        return { BackupPlanDocument: templateDocument(template) };
      },

      GetBackupPlanFromJSON: async (input, ctx) => {
        const plan = TemplateService.parseDocument(input.BackupPlanTemplateJson!);
        const doc = await checkPlan(plan, { scope: ctx });
        return { BackupPlan: doc };
      },

      ExportBackupPlanTemplate: async (input, ctx) => {
        const plan = await this.repo.requirePlan(ctx, input.BackupPlanId!);
        return { BackupPlanTemplateJson: exportDocument(plan.document) };
      },
    };
  }
}
