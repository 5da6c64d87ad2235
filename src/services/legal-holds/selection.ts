/**
 * Which recovery points a legal hold selects. Every criterion given must match: the vault name
 * is in VaultNames, the resource ARN is in ResourceIdentifiers, the creation date is inside the
 * DateRange; and the point existed when the hold was created (later copies are not covered).
 */
import type { LegalHoldRecord, HeldPoint } from '../../store/repos/legal-hold-store.js';
import type { RecoveryPointSelector } from '../recovery-points/contract.js';
import type { RecoveryPointRef } from '../common/removal.js';
import { resourceTypeOfArn } from '../../resources/resource-types.js';

/** The selector handed to RecoveryPointQuery.forEachMatching. */
export function selectorOf(hold: LegalHoldRecord): RecoveryPointSelector {
  const sel = hold.selection;
  const selector: RecoveryPointSelector = {
    createdTo: Math.min(sel?.dateRange?.toDate ?? hold.creationDate, hold.creationDate),
  };
  // An empty list is read as no restriction (as if absent): a hold that protects more is the stricter reading.
  if (sel?.vaultNames?.length) selector.vaultNames = sel.vaultNames;
  if (sel?.resourceIdentifiers?.length) selector.resourceArns = sel.resourceIdentifiers;
  if (sel?.dateRange) selector.createdFrom = sel.dateRange.fromDate;
  return selector;
}

/** Whether a point matches a selector (the same rule forEachMatching applies). */
export function matches(selector: RecoveryPointSelector, point: RecoveryPointRef): boolean {
  if (selector.vaultNames && !selector.vaultNames.includes(point.vaultName)) return false;
  if (selector.resourceArns && !selector.resourceArns.includes(point.resourceArn)) return false;
  if (selector.createdFrom !== undefined && point.creationDate < selector.createdFrom) return false;
  if (selector.createdTo !== undefined && point.creationDate > selector.createdTo) return false;
  return true;
}

/** The stored form of a covered point; `types` caches resource types by resource ARN. */
export function heldPoint(point: RecoveryPointRef, types?: Map<string, string>): HeldPoint {
  let resourceType = point.resourceType ?? types?.get(point.resourceArn);
  if (resourceType === undefined) {
    resourceType = resourceTypeOfArn(point.resourceArn);
    types?.set(point.resourceArn, resourceType);
  }
  return { pointArn: point.arn, vaultName: point.vaultName, resourceArn: point.resourceArn, resourceType };
}
