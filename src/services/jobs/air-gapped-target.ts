/**
 * Backups with a logically air-gapped (LAG) vault as their primary target: StartBackupJob's
 * LogicallyAirGappedBackupVaultArn and a plan rule's TargetLogicallyAirGappedBackupVaultArn.
 *
 * The model's documentation: "ARN must be in the same account and Region. If provided, supported
 * fully managed resources back up directly to logically air-gapped vault, while other supported
 * resources create a temporary (billable) snapshot in backup vault, then copy it to logically
 * air-gapped vault. Unsupported resources only back up to the specified backup vault."
 * The developer guide (lag-vault-primary-backup) adds that the behaviour depends on whether the
 * type is supported by LAG vaults and whether it supports full AWS Backup management.
 *
 * So a job takes one of three routes (`airGappedRoute`):
 * - 'direct': the job, and its recovery point, are in the LAG vault (BackupVaultName/Arn show it);
 * - 'copy': the job makes its point in BackupVaultName, then a copy job (CreatedByBackupJobId)
 *   copies it into the LAG vault (air-gapped-copies.ts);
 * - 'standard': the LAG vault is ignored and the point lands in BackupVaultName.
 */
import { invalidParameter } from '../../protocol/errors.js';
import type { Scope } from '../../store/types.js';
import { assertVaultAvailable } from '../vaults/vault-creation.js';
import type { VaultRecord } from '../vaults/vault-record.js';
import type { VaultService } from '../vaults/vault-service.js';
import { parseVaultArn } from '../common/names.js';

export type AirGappedRoute = 'direct' | 'copy' | 'standard';

/**
 * Fully managed types that LAG vaults take directly. AWS lists S3 and (advanced) DynamoDB as
 * direct, and EFS is fully managed and LAG-supported. Timestream, SAP HANA and VMware are fully
 * managed too, but no public source names them as direct targets: the stricter reading keeps them
 * in the standard vault. A CloudFormation stack (a composite of mixed types) also stays there.
 */
const DIRECT_WHEN_FULLY_MANAGED = new Set(['S3', 'EFS', 'DynamoDB']);
/** Types that are always fully managed (no region management preference exists for them). */
const ALWAYS_FULLY_MANAGED = new Set(['S3']);
/**
 * LAG-supported types without full AWS Backup management: a temporary snapshot in the backup
 * vault, then a copy. RDS is left out: public material lists it as unsupported (stricter reading).
 */
const COPY_TYPES = new Set(['EBS', 'EC2', 'Aurora', 'DocumentDB', 'Neptune']);

/** The route a backup of `type` takes when a LAG vault is named; `fullyManaged` is the region's preference for the type. */
export function airGappedRoute(type: string, fullyManaged: boolean): AirGappedRoute {
  if (DIRECT_WHEN_FULLY_MANAGED.has(type)) return fullyManaged || ALWAYS_FULLY_MANAGED.has(type) ? 'direct' : 'copy';
  return COPY_TYPES.has(type) ? 'copy' : 'standard';
}

/**
 * The LAG vault an ARN names, checked: same account and Region (as the model says), existing,
 * a LOGICALLY_AIR_GAPPED_BACKUP_VAULT, and AVAILABLE (a CREATING vault takes no backups, the
 * stricter reading, as for StartBackupJob into it by name).
 */
export async function requireAirGappedVault(vaults: VaultService, scope: Scope, arn: string, member = 'LogicallyAirGappedBackupVaultArn'): Promise<VaultRecord> {
  const ref = parseVaultArn(arn);
  if (!ref) throw invalidParameter(`Invalid ${member} '${arn}': expected arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME.`);
  if (ref.accountId !== scope.accountId || ref.region !== scope.region) {
    throw invalidParameter(`${member} ${arn} must be in the same account and Region as the backup job (${scope.accountId}, ${scope.region}).`);
  }
  const vault = await vaults.requireVault(scope, ref.vaultName);
  if (vault.vaultType !== 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT') {
    throw invalidParameter(`${member} must name a logically air-gapped vault; backup vault ${vault.name} is a ${vault.vaultType}.`);
  }
  assertVaultAvailable(vault, 'backup jobs can target it');
  return vault;
}
