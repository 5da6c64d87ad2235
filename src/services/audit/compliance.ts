/**
 * Compliance evaluation, one ComplianceEvaluator per control, computed from the current state.
 * A control with no evaluator is reported as not evaluated (INSUFFICIENT_DATA, AWS Config's
 * word for "no evaluation result"), never with an invented result. Domains that own the state
 * a control reads (plans, recovery points, inventory) register evaluators here.
 */
import type { FrameworkControl } from '@aws-sdk/client-backup';
import type { DocCollection, Scope, TagStore } from '../../store/types.js';
import { VAULT_KIND, type VaultRecord } from '../vaults/vault-record.js';
import { effectiveParameters, splitList } from './controls.js';

export type ResourceStatus = 'COMPLIANT' | 'NON_COMPLIANT';
export type ControlStatus = ResourceStatus | 'INSUFFICIENT_DATA';

export interface ResourceEvaluation {
  resourceId: string;
  /** AWS Config type, e.g. AWS::Backup::BackupVault. */
  resourceType: string;
  status: ResourceStatus;
}

export type EvaluationResult = { evaluated: true; resources: ResourceEvaluation[] } | { evaluated: false; reason: string };

export interface ComplianceEvaluator {
  readonly controlName: string;
  evaluate(scope: Scope, control: FrameworkControl, nowMs: number): Promise<EvaluationResult>;
}

/** Which domain a control waits for, so the "not evaluated" reason says what is missing. */
export class ComplianceEvaluators {
  private readonly evaluators = new Map<string, ComplianceEvaluator>();

  constructor(evaluators: readonly ComplianceEvaluator[]) {
    for (const evaluator of evaluators) this.evaluators.set(evaluator.controlName, evaluator);
  }

  async evaluate(scope: Scope, control: FrameworkControl, nowMs: number): Promise<EvaluationResult> {
    const evaluator = this.evaluators.get(control.ControlName ?? '');
    if (!evaluator) {
      return {
        evaluated: false,
        reason: `No evaluator is registered for ${control.ControlName}: the domain whose state it reads is not running.`,
      };
    }
    return evaluator.evaluate(scope, control, nowMs);
  }
}

/** The control status from its resources: any non-compliant resource makes it non-compliant. */
export function controlStatus(result: EvaluationResult): ControlStatus {
  if (!result.evaluated || result.resources.length === 0) return 'INSUFFICIENT_DATA';
  return result.resources.some((r) => r.status === 'NON_COMPLIANT') ? 'NON_COMPLIANT' : 'COMPLIANT';
}

/** Whether a resource is inside a control's scope (resource IDs, types and one tag). */
export function inScope(control: FrameworkControl, resource: { id: string; types: string[]; tags: Record<string, string> }): boolean {
  const s = control.ControlScope;
  if (!s) return true;
  if (s.ComplianceResourceTypes?.length && !s.ComplianceResourceTypes.some((t) => resource.types.includes(t))) return false;
  if (s.ComplianceResourceIds?.length && !s.ComplianceResourceIds.includes(resource.id)) return false;
  for (const [key, value] of Object.entries(s.Tags ?? {})) {
    if (!(key in resource.tags)) return false;
    if (value !== '' && resource.tags[key] !== value) return false;
  }
  return true;
}

const PROTECTED_ACTIONS = ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:PutBackupVaultAccessPolicy'];

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function actionCovers(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(action);
}

/** The principal ARNs a Deny statement's conditions exempt (ArnNotEquals/ArnNotLike/StringNotEquals... on aws:PrincipalArn). */
function exemptedPrincipals(condition: unknown): string[] | undefined {
  if (condition === undefined) return [];
  if (typeof condition !== 'object' || condition === null) return undefined;
  const exempted: string[] = [];
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (!/^(ArnNotEquals|ArnNotLike|StringNotEquals|StringNotLike)$/.test(operator) || typeof block !== 'object' || block === null) return undefined;
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      if (key.toLowerCase() !== 'aws:principalarn') return undefined;
      for (const v of asList(values)) if (typeof v === 'string') exempted.push(v);
    }
  }
  return exempted;
}

/**
 * Whether a vault access policy denies everyone (but the allowed principals) the manual deletion
 * of recovery points: a Deny statement for Principal "*" covering DeleteRecoveryPoint,
 * UpdateRecoveryPointLifecycle and PutBackupVaultAccessPolicy, as the AWS Config rule
 * backup-recovery-point-manual-deletion-disabled checks.
 */
export function policyPreventsManualDeletion(policy: string | undefined, allowed: string[]): boolean {
  if (!policy) return false;
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(policy) as { Statement?: unknown };
  } catch {
    return false;
  }
  const covered = new Set<string>();
  for (const st of asList(doc.Statement)) {
    if (typeof st !== 'object' || st === null) continue;
    const s = st as Record<string, unknown>;
    if (s.Effect !== 'Deny') continue;
    const principal = s.Principal;
    const everyone = principal === '*' || (typeof principal === 'object' && principal !== null && asList((principal as Record<string, unknown>).AWS).includes('*'));
    if (!everyone) continue;
    const exempted = exemptedPrincipals(s.Condition);
    if (exempted === undefined || !exempted.every((p) => allowed.includes(p))) continue;
    for (const action of PROTECTED_ACTIONS) {
      if (asList(s.Action).some((a) => typeof a === 'string' && actionCovers(a, action))) covered.add(action);
    }
  }
  return PROTECTED_ACTIONS.every((a) => covered.has(a));
}

/** BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED, from the vaults' access policies. */
export class ManualDeletionDisabledEvaluator implements ComplianceEvaluator {
  readonly controlName = 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED';

  constructor(private readonly vaults: DocCollection<VaultRecord>, private readonly tags: TagStore) {}

  async evaluate(scope: Scope, control: FrameworkControl): Promise<EvaluationResult> {
    const allowed = splitList(effectiveParameters(control).principalArnList ?? '');
    const resources: ResourceEvaluation[] = [];
    for (const { doc: vault } of await this.vaults.list(scope)) {
      const tags = (await this.tags.get(vault.arn)) ?? {};
      if (!inScope(control, { id: vault.name, types: ['AWS::Backup::BackupVault'], tags })) continue;
      resources.push({
        resourceId: vault.name,
        resourceType: 'AWS::Backup::BackupVault',
        status: policyPreventsManualDeletion(vault.accessPolicy, allowed) ? 'COMPLIANT' : 'NON_COMPLIANT',
      });
    }
    return { evaluated: true, resources };
  }
}

export const vaultDocs = (docs: <T>(kind: string) => DocCollection<T>): DocCollection<VaultRecord> => docs<VaultRecord>(VAULT_KIND);
