/** Restore testing plans and selections as stored (times are epoch ms), and their outputs. */
import type {
  ProtectedResourceConditions,
  RestoreTestingPlanForGet,
  RestoreTestingPlanForList,
  RestoreTestingRecoveryPointSelection,
  RestoreTestingSelectionForGet,
  RestoreTestingSelectionForList,
} from '@aws-sdk/client-backup';
import { optionalDate as date } from '../common/time.js';

export const PLAN_KIND = 'restore-testing-plan';
export const SELECTION_KIND = 'restore-testing-selection';

/** AWS's defaults (API reference: RestoreTestingPlanForCreate). */
export const DEFAULT_START_WINDOW_HOURS = 24;
export const DEFAULT_SELECTION_WINDOW_DAYS = 30;
export const DEFAULT_TIMEZONE = 'Etc/UTC';

export interface RecoveryPointSelectionRecord {
  algorithm: 'LATEST_WITHIN_WINDOW' | 'RANDOM_WITHIN_WINDOW';
  includeVaults: string[];
  excludeVaults: string[];
  recoveryPointTypes: ('SNAPSHOT' | 'CONTINUOUS')[];
  selectionWindowDays: number;
}

/** Keyed by name within an account and Region. */
export interface RestoreTestingPlanRecord {
  name: string;
  arn: string;
  scheduleExpression: string;
  timezone: string;
  startWindowHours: number;
  selection: RecoveryPointSelectionRecord;
  creatorRequestId?: string;
  creationTime: number;
  lastUpdateTime?: number;
  lastExecutionTime?: number;
}

/** Keyed by `PLAN/SELECTION` within an account and Region. */
export interface RestoreTestingSelectionRecord {
  planName: string;
  name: string;
  iamRoleArn: string;
  protectedResourceType: string;
  /** ['*'] or specific ARNs. */
  protectedResourceArns: string[];
  conditions?: ProtectedResourceConditions;
  metadataOverrides?: Record<string, string>;
  validationWindowHours?: number;
  creatorRequestId?: string;
  creationTime: number;
  lastUpdateTime?: number;
}

export const selectionKey = (planName: string, selectionName: string): string => `${planName}/${selectionName}`;

export function selectionOutput(s: RecoveryPointSelectionRecord): RestoreTestingRecoveryPointSelection {
  return {
    Algorithm: s.algorithm,
    IncludeVaults: s.includeVaults,
    ExcludeVaults: s.excludeVaults,
    RecoveryPointTypes: s.recoveryPointTypes,
    SelectionWindowDays: s.selectionWindowDays,
  };
}

export function planForList(p: RestoreTestingPlanRecord): RestoreTestingPlanForList {
  return {
    CreationTime: new Date(p.creationTime),
    LastExecutionTime: date(p.lastExecutionTime),
    LastUpdateTime: date(p.lastUpdateTime),
    RestoreTestingPlanArn: p.arn,
    RestoreTestingPlanName: p.name,
    ScheduleExpression: p.scheduleExpression,
    ScheduleExpressionTimezone: p.timezone,
    StartWindowHours: p.startWindowHours,
  };
}

export function planForGet(p: RestoreTestingPlanRecord): RestoreTestingPlanForGet {
  return { ...planForList(p), CreatorRequestId: p.creatorRequestId, RecoveryPointSelection: selectionOutput(p.selection) };
}

export function selectionForList(s: RestoreTestingSelectionRecord): RestoreTestingSelectionForList {
  return {
    CreationTime: new Date(s.creationTime),
    IamRoleArn: s.iamRoleArn,
    ProtectedResourceType: s.protectedResourceType,
    RestoreTestingPlanName: s.planName,
    RestoreTestingSelectionName: s.name,
    ValidationWindowHours: s.validationWindowHours,
  };
}

export function selectionForGet(s: RestoreTestingSelectionRecord): RestoreTestingSelectionForGet {
  return {
    ...selectionForList(s),
    CreatorRequestId: s.creatorRequestId,
    ProtectedResourceArns: s.protectedResourceArns,
    ProtectedResourceConditions: s.conditions,
    RestoreMetadataOverrides: s.metadataOverrides,
  };
}
