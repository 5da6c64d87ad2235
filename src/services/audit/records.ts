/** Backup Audit Manager records as stored. Times are epoch milliseconds. */
import type { FrameworkControl } from '@aws-sdk/client-backup';
import type { IndexedReportJob } from '../../store/repos/audit-store.js';
import { DAY_MS } from '../common/time.js';

export type DeploymentStatus = 'CREATE_IN_PROGRESS' | 'UPDATE_IN_PROGRESS' | 'DELETE_IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface FrameworkRecord {
  name: string;
  arn: string;
  description?: string;
  controls: FrameworkControl[];
  creationTime: number;
  deploymentStatus: DeploymentStatus;
  /** The token of the last create or update. */
  idempotencyToken?: string;
}

export const COMPLIANCE_TEMPLATES = ['RESOURCE_COMPLIANCE_REPORT', 'CONTROL_COMPLIANCE_REPORT'] as const;
export const JOB_TEMPLATES = ['BACKUP_JOB_REPORT', 'COPY_JOB_REPORT', 'RESTORE_JOB_REPORT', 'SCAN_JOB_REPORT'] as const;
export type ComplianceTemplate = (typeof COMPLIANCE_TEMPLATES)[number];
export type JobTemplate = (typeof JOB_TEMPLATES)[number];
export type ReportTemplate = ComplianceTemplate | JobTemplate;
export type ReportFormat = 'CSV' | 'JSON';

export interface ReportDelivery {
  bucket: string;
  prefix?: string;
  /** As sent (undefined when none were): see reportFormats. */
  formats?: ReportFormat[];
}

export interface ReportSettingRecord {
  template: ReportTemplate;
  frameworkArns?: string[];
  accounts?: string[];
  organizationUnits?: string[];
  regions?: string[];
}

export interface ReportPlanRecord {
  name: string;
  arn: string;
  description?: string;
  delivery: ReportDelivery;
  setting: ReportSettingRecord;
  creationTime: number;
  deploymentStatus: DeploymentStatus;
  lastAttemptedExecutionTime?: number;
  lastSuccessfulExecutionTime?: number;
  idempotencyToken?: string;
}

export type ReportJobStatus = 'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED';

export interface ReportJobRecord extends IndexedReportJob {
  planArn: string;
  template: ReportTemplate;
  status: ReportJobStatus;
  completionTime?: number;
  statusMessage?: string;
  bucket: string;
  keys: string[];
  /** The plan as it was when the job was created: a later update or delete does not change the job. */
  plan: { delivery: ReportDelivery; setting: ReportSettingRecord };
  /** The period the report covers. */
  periodStart: number;
  periodEnd: number;
}

export const FRAMEWORK_KIND = 'audit-framework';
export const REPORT_PLAN_KIND = 'audit-report-plan';

/** Steps of the audit worker (audit_schedule.kind). */
export const STEP = {
  frameworkDeploy: 'framework-deploy',
  planDeploy: 'report-plan-deploy',
  planDaily: 'report-plan-daily',
  jobStep: 'report-job',
} as const;
export type StepKind = (typeof STEP)[keyof typeof STEP];

/** Clock timings (documented in docs/audit.md). */
export const TIMING = {
  /** A framework or report plan deployment (create, update, delete) takes one minute. */
  deployMs: 60_000,
  /** A report job waits one minute in CREATED, then runs for one minute. */
  jobQueuedMs: 60_000,
  jobRunMs: 60_000,
  /** Every report plan reports on its own every 24 hours of clock time. */
  dailyMs: DAY_MS,
  /** Job reports cover the 24 hours before the job was created. */
  jobReportPeriodMs: DAY_MS,
} as const;
