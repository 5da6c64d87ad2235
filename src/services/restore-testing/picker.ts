/**
 * Which recovery points a restore testing selection restores at one firing of its plan.
 *
 * Eligible: COMPLETED points (never a composite parent) of the selection's resource type,
 * created within the plan's SelectionWindowDays before the firing, in a vault that
 * IncludeVaults names and ExcludeVaults does not, of one of the plan's RecoveryPointTypes
 * (CONTINUOUS: continuous backups; SNAPSHOT: the others).
 * Resources: every listed ARN that has an eligible point; with ["*"], one protected resource
 * chosen at random among those with an eligible point whose tags meet the conditions.
 * Point per resource: the newest (LATEST_WITHIN_WINDOW) or one at random (RANDOM_WITHIN_WINDOW).
 */
import { randomInt } from 'node:crypto';
import type { KeyValue, ProtectedResourceConditions } from '@aws-sdk/client-backup';
import type { Inventory } from '../../resources/inventory.js';
import type { RecoveryPointFilter, RecoveryPointsStore } from '../../store/repos/recovery-points-store.js';
import type { Scope } from '../../store/types.js';
import { DAY_MS } from '../common/time.js';
import type { RecoveryPointRecord } from '../recovery-points/record.js';
import type { RecoveryPointSelectionRecord, RestoreTestingSelectionRecord } from './records.js';
import { conditionTagKey } from './validation.js';

const BATCH = 500;

const globCache = new Map<string, RegExp>();
/** `*` in a vault selector matches any run of characters; everything else matches itself. */
function glob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    if (globCache.size > 1000) globCache.clear();
    globCache.set(pattern, re);
  }
  return re;
}

export function vaultSelected(vaultArn: string, rule: RecoveryPointSelectionRecord): boolean {
  const matches = (list: string[]): boolean => list.some((v) => v === '*' || glob(v).test(vaultArn));
  return matches(rule.includeVaults) && !matches(rule.excludeVaults);
}

export function conditionsMet(tags: Record<string, string>, conditions: ProtectedResourceConditions | undefined): boolean {
  const eq = (kv: KeyValue): boolean => tags[conditionTagKey(kv.Key!)] === kv.Value;
  return (conditions?.StringEquals ?? []).every(eq) && !(conditions?.StringNotEquals ?? []).some(eq);
}

function eligible(p: RecoveryPointRecord, type: string, rule: RecoveryPointSelectionRecord): boolean {
  if (p.status !== 'COMPLETED' || p.isParent || p.resourceType !== type) return false;
  if (!rule.recoveryPointTypes.includes(p.continuous ? 'CONTINUOUS' : 'SNAPSHOT')) return false;
  return vaultSelected(p.vaultArn, rule);
}

const pickOne = <T>(items: T[]): T => items[randomInt(items.length)]!;

export class RecoveryPointPicker {
  constructor(
    private readonly points: RecoveryPointsStore,
    private readonly inventory: Inventory,
  ) {}

  private async eligiblePoints(filter: RecoveryPointFilter, type: string, rule: RecoveryPointSelectionRecord): Promise<RecoveryPointRecord[]> {
    const out: RecoveryPointRecord[] = [];
    let after = 0;
    for (;;) {
      const rows = await this.points.list<RecoveryPointRecord>(filter, after, BATCH);
      for (const r of rows) if (eligible(r.point, type, rule)) out.push(r.point);
      if (rows.length < BATCH) return out;
      after = rows[rows.length - 1]!.seq;
    }
  }

  /** The recovery points to restore for one selection at a firing at atMs. */
  async pick(scope: Scope, rule: RecoveryPointSelectionRecord, selection: RestoreTestingSelectionRecord, atMs: number): Promise<RecoveryPointRecord[]> {
    const window = { ...scope, createdAfter: atMs - rule.selectionWindowDays * DAY_MS, createdBefore: atMs };
    const type = selection.protectedResourceType;
    const byResource = new Map<string, RecoveryPointRecord[]>();
    const add = (p: RecoveryPointRecord): void => {
      const list = byResource.get(p.resourceArn);
      if (list) list.push(p);
      else byResource.set(p.resourceArn, [p]);
    };
    if (selection.protectedResourceArns[0] === '*') {
      for (const p of await this.eligiblePoints({ ...window, resourceType: type }, type, rule)) add(p);
      const matching: string[] = [];
      for (const arn of byResource.keys()) {
        if (conditionsMet((await this.inventory.get(arn))?.tags ?? {}, selection.conditions)) matching.push(arn);
      }
      if (matching.length === 0) return [];
      const chosen = pickOne(matching.sort());
      return [this.choose(byResource.get(chosen)!, rule)];
    }
    for (const arn of selection.protectedResourceArns) {
      for (const p of await this.eligiblePoints({ ...window, resourceArn: arn }, type, rule)) add(p);
    }
    return [...byResource.values()].map((points) => this.choose(points, rule));
  }

  private choose(points: RecoveryPointRecord[], rule: RecoveryPointSelectionRecord): RecoveryPointRecord {
    if (rule.algorithm === 'RANDOM_WITHIN_WINDOW') return pickOne(points);
    // Points arrive in creation order, so the last of the newest instant is the newest.
    return points.reduce((best, p) => (p.creationDate >= best.creationDate ? p : best));
  }
}
