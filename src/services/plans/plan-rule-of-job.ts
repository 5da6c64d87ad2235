/** The plan version and rule that started a backup job (its CreatedBy), read once per batch. */
import type { BackupRule } from '@aws-sdk/client-backup';
import type { BackupJobRecord } from '../common/job-record.js';
import type { PlanRepository } from './plan-repository.js';
import { versionKey, type PlanDocument } from './plan-record.js';

export interface JobRule {
  /** The plan version's document (its ScanSettings, AdvancedBackupSettings, ...). */
  plan: PlanDocument;
  rule: BackupRule;
}

/** Make one per batch of completed jobs: a plan version is immutable, so each is read once. */
export class PlanRuleReader {
  private readonly versions = new Map<string, Promise<PlanDocument | undefined>>();

  constructor(private readonly repo: PlanRepository) {}

  /** The rule of the plan version that started this job; undefined for a job no plan started. */
  async ruleOf(job: BackupJobRecord): Promise<JobRule | undefined> {
    const by = job.createdBy;
    if (!by?.BackupPlanId || !by.BackupPlanVersion || !by.BackupRuleId) return undefined;
    const key = versionKey(by.BackupPlanId, by.BackupPlanVersion);
    const cacheKey = `${job.accountId}/${job.region}/${key}`;
    let version = this.versions.get(cacheKey);
    if (!version) {
      version = this.repo.versions.get(job, key).then((v) => v?.document);
      this.versions.set(cacheKey, version);
    }
    const plan = await version;
    const rule = plan?.Rules?.find((r) => r.RuleId === by.BackupRuleId);
    return plan && rule ? { plan, rule } : undefined;
  }
}
