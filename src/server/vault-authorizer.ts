/**
 * Vault access policies on every vault-scoped call, evaluated once in dispatch before the
 * handler runs: the operation's IAM action and resource ARN (vault-actions.ts), the vault's
 * policy read through a port, and the one policy evaluator (services/common/resource-policy.ts).
 * An explicit Deny refuses the call; a caller of another account needs an Allow; otherwise a
 * principal may do whatever its own account's vault policy does not deny (identity policies are
 * out of scope). A vault or recovery point that does not exist is left to the handler, which
 * answers its ResourceNotFoundException.
 */
import type { RequestContext } from '../services/context.js';
import { parseVaultArn } from '../services/common/names.js';
import { evaluatePolicy } from '../services/common/resource-policy.js';
import type { Scope } from '../store/types.js';
import { rootOf } from './credentials.js';
import { authError } from './sigv4-errors.js';
import { TAG_ACTIONS, VAULT_ACTIONS } from './vault-actions.js';

/** What the authorizer reads: vaults, which vault holds a recovery point, an account's organization. */
export interface VaultPolicyPort {
  /** A vault of the scope: its ARN and access policy; undefined when there is none. */
  vault(scope: Scope, name: string): Promise<{ arn: string; policy?: string } | undefined>;
  /** The name of the vault that holds a recovery point of the scope. */
  vaultOfPoint(scope: Scope, pointArn: string): Promise<string | undefined>;
  /** aws:PrincipalOrgID and aws:PrincipalOrgPaths of an account in the declared organization. */
  organizationOf(account: string): Promise<{ orgId?: string; orgPaths?: string[] }>;
}

export type Authorize = (operation: string, input: unknown, ctx: RequestContext) => Promise<void>;

interface Target {
  action: string;
  resource: string;
  scope: Scope;
  vault: { arn: string; policy?: string };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

async function targetOf(operation: string, input: Record<string, unknown>, ctx: RequestContext, port: VaultPolicyPort): Promise<Target | undefined> {
  const own: Scope = { accountId: ctx.accountId, region: ctx.region };
  const entry = VAULT_ACTIONS.get(operation);
  if (entry) {
    let scope: Scope = { accountId: (entry.account && text(input[entry.account])) || ctx.accountId, region: ctx.region };
    let name = entry.vaultName ? text(input[entry.vaultName]) : undefined;
    if (entry.vaultArn) {
      const ref = parseVaultArn(text(input[entry.vaultArn]) ?? '');
      if (!ref) return undefined;
      scope = { accountId: ref.accountId, region: ref.region };
      name = ref.vaultName;
    }
    const point = entry.point ? text(input[entry.point]) : undefined;
    if (name === undefined && point !== undefined) name = await port.vaultOfPoint(scope, point);
    const vault = name === undefined ? undefined : await port.vault(scope, name);
    const resource = entry.resource === 'backupVault' ? vault?.arn : point;
    return vault && resource ? { action: entry.action, resource, scope, vault } : undefined;
  }
  const tagAction = TAG_ACTIONS.get(operation);
  const arn = tagAction ? text(input.ResourceArn) : undefined;
  if (!tagAction || arn === undefined) return undefined;
  const ref = parseVaultArn(arn);
  const scope = ref ? { accountId: ref.accountId, region: ref.region } : own;
  const name = ref ? ref.vaultName : await port.vaultOfPoint(own, arn);
  const vault = name === undefined ? undefined : await port.vault(scope, name);
  return vault ? { action: tagAction, resource: ref ? vault.arn : arn, scope, vault } : undefined;
}

export function vaultAuthorizer(port: VaultPolicyPort): Authorize {
  return async (operation, input, ctx) => {
    if (!VAULT_ACTIONS.has(operation) && !TAG_ACTIONS.has(operation)) return;
    const target = await targetOf(operation, input as Record<string, unknown>, ctx, port);
    if (!target) return;
    const crossAccount = target.scope.accountId !== ctx.accountId;
    if (target.vault.policy === undefined && !crossAccount) return;
    const principalArn = ctx.principalArn ?? rootOf(ctx.accountId);
    const org = target.vault.policy === undefined ? {} : await port.organizationOf(ctx.accountId);
    const { action, resource } = target;
    const decision = evaluatePolicy(target.vault.policy, { action, resource, principal: { account: ctx.accountId, arn: principalArn, ...org } });
    // AWS's message shapes (IAM's authorization errors), e.g. for the EFS automatic backup vault:
    // "User: arn:aws:sts::X:assumed-role/R/S is not authorized to perform: backup:DeleteBackupVaultAccessPolicy
    // on resource: arn:aws:backup:...:backup-vault:... with an explicit deny in a resource-based policy".
    if (decision === 'Deny') {
      throw authError('AccessDeniedException', `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in a resource-based policy`);
    }
    if (crossAccount && decision !== 'Allow') {
      throw authError('AccessDeniedException', `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} because no resource-based policy allows the ${action} action`);
    }
  };
}
