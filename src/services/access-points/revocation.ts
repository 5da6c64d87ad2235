/**
 * When access is revoked (AWS: "logically air-gapped vault unshared via RAM, or restore access
 * backup vault deleted or revoked"), "all backup access points created by the formerly authorized
 * account transition to DISASSOCIATED status" and lifecycle protection goes with the last one.
 * Holdfast has restore access backup vaults but no RAM: the vaults domain calls this, inside the
 * transaction of RevokeRestoreAccessBackupVault or DeleteBackupVault, for the vault it removes.
 * The account's access points reached through that vault turn DISASSOCIATING at once, then
 * DISASSOCIATED on the clock (lifecycle.ts). One reached through another restore access vault of
 * the same account keeps its access: each access point remembers the vault it was created through.
 */
import type { AccessPointRecord, AccessPointStore } from '../../store/repos/access-points-store.js';
import type { RestoreAccessLink } from '../../store/repos/restore-access-store.js';
import type { ServiceDeps } from '../deps.js';
import { DISASSOCIATING_SECONDS } from './lifecycle.js';

const PAGE = 500;
/** Already on their way out: a DELETING one is deleted all the same. */
const UNTOUCHED = new Set(['DELETING', 'DISASSOCIATING', 'DISASSOCIATED']);

export function accessRevoked(deps: ServiceDeps, store: AccessPointStore) {
  return async (link: RestoreAccessLink): Promise<void> => {
    const nowMs = deps.clock.nowMs();
    const scope = { accountId: link.accountId, region: link.region };
    const revoked: AccessPointRecord[] = [];
    for (let after = 0; ; ) {
      const rows = await store.list(scope, after, PAGE);
      for (const { doc } of rows) if (doc.viaVaultArn === link.arn && !UNTOUCHED.has(doc.status)) revoked.push(doc);
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]!.seq;
    }
    for (const r of revoked) {
      const statusMessage = `Access to recovery point ${r.recoveryPointArn} through restore access backup vault ${link.arn} was revoked; this backup access point is no longer usable. Delete it with DeleteBackupAccessPoint.`;
      await store.update({ ...r, fault: undefined, status: 'DISASSOCIATING', statusMessage }, nowMs + DISASSOCIATING_SECONDS * 1000);
    }
  };
}
