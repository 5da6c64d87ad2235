/**
 * Malware scan job events (detail type "Scan Job State Change", as the developer guide's samples
 * write it; docs/events.md). The scan jobs store is wrapped like the jobs store: every insert and
 * update announces the states the record has not announced yet (`eventState`).
 */
import type { ScanJobsStore } from '../../store/repos/scan-jobs-store.js';
import { detailDate, eventBridgeEvent, type Emitted, type EventPort } from '../common/events.js';
import { FINAL_SCAN_STATES, type ScanJobRecord } from './scan-job-record.js';
import { overriding } from '../common/overriding.js';

type Announced = ScanJobRecord & { eventState?: string };

function scanEvent(j: ScanJobRecord, state: string, at: number): Emitted {
  const c = j.createdBy;
  const detail = {
    accountId: j.accountId,
    backupVaultArn: j.vaultArn,
    backupVaultName: j.vaultName,
    completionDate: FINAL_SCAN_STATES.has(state) ? detailDate(j.completionDate) : undefined,
    createdBy: c && { backupPlanArn: c.BackupPlanArn, backupPlanId: c.BackupPlanId, backupPlanVersion: c.BackupPlanVersion, backupRuleId: c.BackupRuleId },
    creationDate: detailDate(j.creationDate),
    iamRoleArn: j.iamRoleArn,
    scannerRoleArn: j.scannerRoleArn,
    recoveryPointArn: j.recoveryPointArn,
    resourceArn: j.resourceArn,
    resourceType: j.resourceType,
    scanId: j.scanId,
    scanJobId: j.id,
    scanBaseRecoveryPointArn: j.scanBaseRecoveryPointArn,
    malwareScanner: j.malwareScanner,
    scanResult: FINAL_SCAN_STATES.has(state) && j.scanResult ? { scanResultStatus: j.scanResult } : undefined,
    state,
    statusMessage: j.statusMessage,
  };
  return eventBridgeEvent(j, 'Scan Job State Change', at, [j.recoveryPointArn], detail, j.id, [j.resourceArn]);
}

function announce(jobs: Announced[], fresh: boolean, nowMs: number): Emitted[] {
  const out: Emitted[] = [];
  for (const j of jobs) {
    for (const state of fresh ? ['CREATED', j.state] : [j.state]) {
      if (state === j.eventState) continue;
      j.eventState = state;
      const at = state === 'CREATED' ? j.creationDate : FINAL_SCAN_STATES.has(state) ? (j.completionDate ?? nowMs) : (j.startedAt ?? nowMs);
      out.push(scanEvent(j, state, at));
    }
  }
  return out;
}

export function withScanEvents(store: ScanJobsStore, port: EventPort, nowMs: () => number): ScanJobsStore {
  return overriding(store, {
    insert: async (job) => {
      await port.emit(announce([job as Announced], true, nowMs()));
      await store.insert(job);
    },
    update: async (jobs) => {
      await port.emit(announce(jobs as Announced[], false, nowMs()));
      await store.update(jobs);
    },
  });
}
