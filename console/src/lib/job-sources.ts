/**
 * The five kinds of job as the Jobs view lists them: each kind's List call with the filters that
 * call takes (the server filters and pages; the console never filters a page itself), mapped
 * into one row shape. A filter a List call does not take is not offered for that kind.
 */
import {
  ListBackupJobsCommand,
  ListCopyJobsCommand,
  ListReportJobsCommand,
  ListRestoreJobsCommand,
  ListScanJobsCommand,
  type BackupClient,
  type BackupJobState,
  type CopyJobState,
  type RestoreJobStatus,
  type ScanState,
} from '@aws-sdk/client-backup';

export type JobType = 'backup' | 'copy' | 'restore' | 'scan' | 'report';

export interface JobRow {
  type: JobType;
  id: string;
  state: string;
  message?: string;
  vaultName?: string;
  resourceArn?: string;
  resourceName?: string;
  recoveryPointArn?: string;
  created?: Date;
  completed?: Date;
  /** The end of the start window (backup jobs). */
  startBy?: Date;
  /** The backup plan that made it, if one did (its id: the lanes show its name). */
  planId?: string;
  /** What made it, besides the plan: its rule's name or id, a restore testing or report plan. */
  origin?: string;
  parentId?: string;
  isParent?: boolean;
}

export interface JobFilters {
  state?: string;
  /** A vault name (backup and scan jobs), or for copy jobs the destination vault's ARN. */
  vault?: string;
  resource?: string;
}

export interface JobPage {
  rows: JobRow[];
  next?: string;
}

export interface JobSource {
  type: JobType;
  title: string;
  /** Every state of this kind, as the API names them. */
  states: string[];
  /** The states listed first: what went wrong. */
  problems: string[];
  /** The filters its List call takes. */
  filters: { vault: 'name' | 'destination-arn' | false; resource: boolean };
  list(backup: BackupClient, filters: JobFilters, next: string | undefined, max: number): Promise<JobPage>;
}

const ruleOf = (c: { BackupPlanId?: string; BackupRuleId?: string; BackupRuleName?: string } | undefined): { planId?: string; origin?: string } =>
  c?.BackupPlanId ? { planId: c.BackupPlanId, origin: c.BackupRuleName ?? c.BackupRuleId } : {};

const vaultNameOf = (arn: string | undefined): string | undefined => arn?.split(':backup-vault:')[1];

export const JOB_SOURCES: JobSource[] = [
  {
    type: 'backup',
    title: 'Backup',
    states: ['CREATED', 'PENDING', 'RUNNING', 'ABORTING', 'ABORTED', 'COMPLETED', 'FAILED', 'EXPIRED', 'PARTIAL'],
    problems: ['FAILED', 'EXPIRED', 'PARTIAL'],
    filters: { vault: 'name', resource: true },
    async list(backup, f, NextToken, MaxResults) {
      const r = await backup.send(
        new ListBackupJobsCommand({ ByState: f.state as BackupJobState | undefined, ByBackupVaultName: f.vault, ByResourceArn: f.resource, NextToken, MaxResults }),
      );
      return {
        next: r.NextToken,
        rows: (r.BackupJobs ?? []).map((j) => ({
          type: 'backup',
          id: j.BackupJobId!,
          state: j.State ?? '',
          message: j.StatusMessage,
          vaultName: j.BackupVaultName,
          resourceArn: j.ResourceArn,
          resourceName: j.ResourceName,
          recoveryPointArn: j.RecoveryPointArn,
          created: j.CreationDate,
          completed: j.CompletionDate,
          startBy: j.StartBy,
          ...ruleOf(j.CreatedBy),
          parentId: j.ParentJobId,
          isParent: j.IsParent,
        })),
      };
    },
  },
  {
    type: 'copy',
    title: 'Copy',
    states: ['CREATED', 'RUNNING', 'COMPLETED', 'FAILED', 'PARTIAL'],
    problems: ['FAILED', 'PARTIAL'],
    filters: { vault: 'destination-arn', resource: true },
    async list(backup, f, NextToken, MaxResults) {
      const r = await backup.send(
        new ListCopyJobsCommand({ ByState: f.state as CopyJobState | undefined, ByDestinationVaultArn: f.vault, ByResourceArn: f.resource, NextToken, MaxResults }),
      );
      return {
        next: r.NextToken,
        rows: (r.CopyJobs ?? []).map((j) => ({
          type: 'copy',
          id: j.CopyJobId!,
          state: j.State ?? '',
          message: j.StatusMessage,
          vaultName: vaultNameOf(j.DestinationBackupVaultArn),
          resourceArn: j.ResourceArn,
          resourceName: j.ResourceName,
          recoveryPointArn: j.SourceRecoveryPointArn,
          created: j.CreationDate,
          completed: j.CompletionDate,
          ...ruleOf(j.CreatedBy),
          parentId: j.ParentJobId,
          isParent: j.IsParent,
        })),
      };
    },
  },
  {
    type: 'restore',
    title: 'Restore',
    states: ['PENDING', 'RUNNING', 'COMPLETED', 'ABORTED', 'FAILED'],
    problems: ['FAILED', 'ABORTED'],
    filters: { vault: false, resource: false },
    async list(backup, f, NextToken, MaxResults) {
      const r = await backup.send(new ListRestoreJobsCommand({ ByStatus: f.state as RestoreJobStatus | undefined, NextToken, MaxResults }));
      return {
        next: r.NextToken,
        rows: (r.RestoreJobs ?? []).map((j) => ({
          type: 'restore',
          id: j.RestoreJobId!,
          state: j.Status ?? '',
          message: j.StatusMessage,
          vaultName: vaultNameOf(j.BackupVaultArn),
          resourceArn: j.SourceResourceArn ?? j.CreatedResourceArn,
          recoveryPointArn: j.RecoveryPointArn,
          created: j.CreationDate,
          completed: j.CompletionDate,
          origin: j.CreatedBy?.RestoreTestingPlanArn ? `restore testing ${j.CreatedBy.RestoreTestingPlanArn.split(':').pop()}` : undefined,
          parentId: j.ParentJobId,
          isParent: j.IsParent,
        })),
      };
    },
  },
  {
    type: 'scan',
    title: 'Scan',
    states: ['CREATED', 'RUNNING', 'COMPLETED', 'COMPLETED_WITH_ISSUES', 'FAILED', 'CANCELED'],
    problems: ['FAILED', 'COMPLETED_WITH_ISSUES'],
    filters: { vault: 'name', resource: true },
    async list(backup, f, NextToken, MaxResults) {
      const r = await backup.send(new ListScanJobsCommand({ ByState: f.state as ScanState | undefined, ByBackupVaultName: f.vault, ByResourceArn: f.resource, NextToken, MaxResults }));
      return {
        next: r.NextToken,
        rows: (r.ScanJobs ?? []).map((j) => ({
          type: 'scan',
          id: j.ScanJobId!,
          state: j.State ?? '',
          message: j.StatusMessage,
          vaultName: j.BackupVaultName,
          resourceArn: j.ResourceArn,
          resourceName: j.ResourceName,
          recoveryPointArn: j.RecoveryPointArn,
          created: j.CreationDate,
          completed: j.CompletionDate,
          ...ruleOf(j.CreatedBy),
        })),
      };
    },
  },
  {
    type: 'report',
    title: 'Report',
    states: ['CREATED', 'RUNNING', 'COMPLETED', 'FAILED'],
    problems: ['FAILED'],
    filters: { vault: false, resource: false },
    async list(backup, f, NextToken, MaxResults) {
      const r = await backup.send(new ListReportJobsCommand({ ByStatus: f.state, NextToken, MaxResults }));
      return {
        next: r.NextToken,
        rows: (r.ReportJobs ?? []).map((j) => ({
          type: 'report',
          id: j.ReportJobId!,
          state: j.Status ?? '',
          message: j.StatusMessage,
          created: j.CreationTime,
          completed: j.CompletionTime,
          origin: j.ReportPlanArn ? `report plan ${j.ReportPlanArn.split(':').pop()}` : undefined,
        })),
      };
    },
  },
];

export const jobSource = (type: string | null): JobSource => JOB_SOURCES.find((s) => s.type === type) ?? JOB_SOURCES[0]!;

/**
 * The first screen of a listing: without a state filter, the first page of each problem state,
 * then the first page of all; rows seen twice kept once, problems first.
 */
export async function firstJobs(backup: BackupClient, source: JobSource, filters: JobFilters, max: number): Promise<JobPage> {
  const problems = filters.state ? [] : await Promise.all(source.problems.map((state) => source.list(backup, { ...filters, state }, undefined, max)));
  const all = await source.list(backup, filters, undefined, max);
  return { rows: mergeJobs(problems.flatMap((p) => p.rows), all.rows), next: all.next };
}

/** `more` appended to `rows`, without the ones `rows` has already. */
export function mergeJobs(rows: JobRow[], more: JobRow[]): JobRow[] {
  const seen = new Set(rows.map((r) => r.id));
  const out = [...rows];
  for (const r of more) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push(r);
  }
  return out;
}
