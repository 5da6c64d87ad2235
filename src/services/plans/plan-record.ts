/** Backup plans and selections as stored. Times are epoch milliseconds. */
import type { BackupPlan, BackupSelection } from '@aws-sdk/client-backup';

/**
 * The plan document as AWS answers it in GetBackupPlan: every rule carries its RuleId and the
 * defaults AWS fills in (schedule, time zone, windows). Only plain JSON (no Dates).
 */
export type PlanDocument = BackupPlan;

/** One plan, holding its current version (earlier versions are PlanVersionRecords). */
export interface PlanRecord {
  id: string;
  arn: string;
  versionId: string;
  /** When the current version was created. */
  versionDate: number;
  creatorRequestId?: string;
  deletionDate?: number;
  lastExecutionDate?: number;
  /** Fingerprint of the user's document, for "Backup plan with the same plan document already exists". */
  fingerprint: string;
  document: PlanDocument;
}

export interface PlanVersionRecord {
  planId: string;
  versionId: string;
  creationDate: number;
  deletionDate?: number;
  document: PlanDocument;
}

export interface SelectionRecord {
  selectionId: string;
  planId: string;
  creationDate: number;
  creatorRequestId?: string;
  /** Normalized: every list present, Conditions with all four operators. */
  selection: BackupSelection;
}

export const PLAN_KIND = 'backup-plan';
export const PLAN_VERSION_KIND = 'backup-plan-version';
export const SELECTION_KIND = 'backup-selection';

export const versionKey = (planId: string, versionId: string): string => `${planId}/${versionId}`;

export const DEFAULT_SCHEDULE = 'cron(0 5 ? * * *)';
export const DEFAULT_TIMEZONE = 'Etc/UTC';
export const DEFAULT_START_WINDOW = 480;
export const DEFAULT_COMPLETION_WINDOW = 10080;
