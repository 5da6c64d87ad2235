/**
 * Multi-party approval (MPA) for logically air-gapped vaults: associating an approval team with
 * a vault, removing it, and what DescribeBackupVault shows about both.
 *
 * Holdfast has no MPA service, so nobody can vote. The approval state machine is therefore the
 * simplest honest one: every request that AWS would put to an approval team is approved at
 * once, in the same call. On AWS the first association of a team takes effect at once too; a
 * change of team, a removal, a restore access request and a revocation each open an MPA
 * session that the current team must approve (LatestMpaApprovalTeamUpdate PENDING, then
 * APPROVED or FAILED). Holdfast records such a session as already APPROVED, with a session ARN
 * of MPA's form, and a StatusMessage that says why. Nothing here ever answers PENDING or FAILED.
 */
import { randomUUID } from 'node:crypto';
import type { DescribeBackupVaultOutput } from '@aws-sdk/client-backup';
import { invalidParameter, invalidRequest } from '../../protocol/errors.js';
import type { Handlers } from '../registry.js';
import type { VaultMpaUpdate, VaultRecord } from './vault-record.js';
import type { VaultService } from './vault-service.js';
import { assertVaultAvailable } from './vault-creation.js';
import { optionalDate as date } from '../common/time.js';

/** arn:aws:mpa:REGION:ACCOUNT:approval-team/TEAM-ID, as MPA writes them. */
const TEAM_ARN = /^arn:aws:mpa:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):approval-team\/([A-Za-z0-9_-]{1,128})$/;

export const AUTO_APPROVED = 'Approved at once: Holdfast has no Multi-party approval service, so no approval team is asked.';

/** Checks an approval team ARN and answers it. */
export function checkTeamArn(arn: string): string {
  if (!TEAM_ARN.test(arn)) {
    throw invalidParameter(
      `MpaApprovalTeamArn '${arn}' is not an MPA approval team ARN such as arn:aws:mpa:us-east-1:111122223333:approval-team/a1b2c3d4.`,
    );
  }
  return arn;
}

/** A new MPA session of the team (arn:aws:mpa:REGION:ACCOUNT:session/TEAM-ID/SESSION-ID). */
export function newSessionArn(teamArn: string): string {
  const [, region, account, team] = TEAM_ARN.exec(teamArn)!;
  return `arn:aws:mpa:${region}:${account}:session/${team}/${randomUUID()}`;
}

/** A session that the team approved at once (see the module comment). */
export function approvedAtOnce(teamArn: string, nowMs: number): VaultMpaUpdate {
  return { sessionArn: newSessionArn(teamArn), status: 'APPROVED', statusMessage: AUTO_APPROVED, initiationDate: nowMs };
}

/** Adds the MPA and restore-access members of DescribeBackupVault (not of ListBackupVaults' members) that the vault has. */
export function addMpaDescription(out: DescribeBackupVaultOutput, vault: VaultRecord): DescribeBackupVaultOutput {
  if (vault.sourceBackupVaultArn !== undefined) out.SourceBackupVaultArn = vault.sourceBackupVaultArn;
  if (vault.mpaApprovalTeamArn !== undefined) out.MpaApprovalTeamArn = vault.mpaApprovalTeamArn;
  if (vault.mpaSessionArn !== undefined) out.MpaSessionArn = vault.mpaSessionArn;
  const u = vault.latestMpaUpdate;
  if (u) {
    out.LatestMpaApprovalTeamUpdate = {
      MpaSessionArn: u.sessionArn,
      Status: u.status,
      StatusMessage: u.statusMessage,
      InitiationDate: new Date(u.initiationDate),
      ExpiryDate: date(u.expiryDate),
    };
  }
  return out;
}

function requireAirGapped(vault: VaultRecord, what: string): void {
  if (vault.vaultType !== 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT') {
    throw invalidRequest(`Backup vault ${vault.name} is a ${vault.vaultType}; ${what} only a LOGICALLY_AIR_GAPPED_BACKUP_VAULT.`);
  }
}

export class MpaService {
  constructor(private readonly vaults: VaultService) {}


  handlers(): Handlers {
    return {
      AssociateBackupVaultMpaApprovalTeam: async (input, ctx) => {
        const teamArn = checkTeamArn(input.MpaApprovalTeamArn!);
        const now = ctx.now.getTime();
        await this.vaults.modifyVault(ctx, input.BackupVaultName!, (vault) => {
          requireAirGapped(vault, 'an MPA approval team can be associated with');
          assertVaultAvailable(vault, 'an MPA approval team can be associated with it');
          const current = vault.mpaApprovalTeamArn;
          if (current === teamArn) return; // already associated: nothing to approve or change
          // The first team takes effect at once, as on AWS; replacing a team needs the current
          // team's approval on AWS, which Holdfast grants at once (module comment).
          vault.latestMpaUpdate =
            current === undefined ? { status: 'APPROVED', initiationDate: now } : approvedAtOnce(current, now);
          vault.mpaApprovalTeamArn = teamArn;
        });
        return {};
      },

      DisassociateBackupVaultMpaApprovalTeam: async (input, ctx) => {
        const now = ctx.now.getTime();
        await this.vaults.modifyVault(ctx, input.BackupVaultName!, (vault) => {
          requireAirGapped(vault, 'an MPA approval team can be disassociated from');
          const current = vault.mpaApprovalTeamArn;
          if (current === undefined) {
            throw invalidRequest(`Backup vault ${vault.name} has no MPA approval team to disassociate.`);
          }
          // On AWS the current team must approve its removal; Holdfast approves it at once.
          vault.latestMpaUpdate = approvedAtOnce(current, now);
          delete vault.mpaApprovalTeamArn;
        });
        return {};
      },
    };
  }
}
