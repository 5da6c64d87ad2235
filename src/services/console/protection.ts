/**
 * GET /_holdfast/console/protection?arn=...: why each recovery point cannot be deleted, asked of
 * RecoveryPointService.deletionRefusals, the rule DeleteRecoveryPoint itself applies (every
 * contributed removal guard, then the composite rules). A point that is not in the scope (gone
 * since the page listed it, or never there) answers `exists: false`.
 */
import type { RecoveryPointRecord } from '../common/recovery-point-record.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { Scope } from '../../store/types.js';
import { badRequest } from './query.js';

export const MAX_ARNS = 100;

/** The console's name for each refusal's source (a guard's module, or a composite rule). */
const KIND: Record<string, string> = {
  'legal-holds': 'legal-hold',
  vaults: 'vault-lock',
  'access-points': 'access-point',
};

export interface PointProtection {
  recoveryPointArn: string;
  exists: boolean;
  deletable: boolean;
  reasons: { kind: string; message: string; id?: string }[];
}

export async function protectionOf(points: RecoveryPointService, scope: Scope, arns: string[]): Promise<PointProtection[]> {
  if (arns.length === 0) throw badRequest('Give at least one recovery point ARN as "arn" (repeat it for more, up to 100).');
  if (arns.length > MAX_ARNS) throw badRequest(`At most ${MAX_ARNS} "arn" parameters per request; got ${arns.length}.`);
  const out: PointProtection[] = [];
  for (const arn of arns) {
    const p = await points.points.get<RecoveryPointRecord>(arn);
    if (!p || p.accountId !== scope.accountId || p.region !== scope.region) {
      out.push({ recoveryPointArn: arn, exists: false, deletable: false, reasons: [] });
      continue;
    }
    const reasons = (await points.deletionRefusals(p)).map((r) => ({ kind: KIND[r.source] ?? r.source, message: r.message, ...(r.id ? { id: r.id } : {}) }));
    out.push({ recoveryPointArn: arn, exists: true, deletable: reasons.length === 0, reasons });
  }
  return out;
}
