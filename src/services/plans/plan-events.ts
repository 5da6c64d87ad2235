/** Backup Plan State Change events (docs/events.md), as AWS's samples write them. */
import type { Scope } from '../../store/types.js';
import { detailDate, eventBridgeEvent, type Emitted } from '../common/events.js';
import type { PlanRecord } from './plan-record.js';

const DATE_MEMBER = { CREATED: 'creationDate', MODIFIED: 'modifiedAt', DELETED: 'deletionDate' } as const;

export function planStateChange(scope: Scope, plan: PlanRecord, state: keyof typeof DATE_MEMBER, at: number): Emitted {
  const detail = { backupPlanId: plan.id, versionId: plan.versionId, [DATE_MEMBER[state]]: detailDate(at), state };
  return eventBridgeEvent(scope, 'Backup Plan State Change', at, [plan.arn], detail, plan.arn);
}
