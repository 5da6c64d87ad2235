/**
 * Backup, Copy and Restore Job State Change events, and the vault notifications of jobs
 * (docs/events.md). One hook: the jobs domain's JobsStore is wrapped by `withJobEvents`, so every
 * insert and update of a job, whoever makes it (StartBackupJob, the job worker, a stop, the
 * composite rollup, restore testing), emits the transitions it writes, in the same transaction.
 * A job record remembers the last state announced (`eventState`), so a state is announced once.
 */
import type { JobsStore } from '../../store/repos/jobs-store.js';
import type { Scope } from '../../store/types.js';
import { compact, detailDate, eventBridgeEvent, NOTIFICATION_SUBJECT, type Emitted, type EventPort } from '../common/events.js';
import type { VaultNotifications } from '../vaults/vault-record.js';
import { bytesTransferred, percentDone, type BackupJobRecord, type CopyJobRecord, type JobRecord, type RestoreJobRecord } from '../common/job-record.js';
import { overriding } from '../common/overriding.js';

/** A vault's notification settings (the vaults domain answers). */
export type NotificationsOf = (scope: Scope, vaultName: string) => Promise<VaultNotifications | undefined>;

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL']);
/** States AWS announces (ABORTING is not among the documented ones). */
const ANNOUNCED = new Set(['CREATED', 'PENDING', 'RUNNING', ...TERMINAL]);

const DETAIL_TYPE = { backup: 'Backup Job State Change', copy: 'Copy Job State Change', restore: 'Restore Job State Change' } as const;

/** The instant of a job's transition into its current state. */
function transitionAt(job: JobRecord, state: string, nowMs: number): number {
  if (state === 'CREATED') return job.creationDate;
  if (TERMINAL.has(state)) return job.completionDate ?? nowMs;
  if (state === 'RUNNING') return job.startedAt ?? nowMs;
  return job.state === 'PENDING' ? job.creationDate : nowMs;
}

const createdBy = (c: BackupJobRecord['createdBy']) =>
  c?.BackupPlanId
    ? compact({ backupPlanId: c.BackupPlanId, backupPlanArn: c.BackupPlanArn, backupPlanVersion: c.BackupPlanVersion, backupPlanRuleId: c.BackupRuleId })
    : undefined;

/** AWS's RUNNING sample writes the expected completion as "Jul 15, 2020 9:39:07 PM" (UTC here). */
function expectedCompletion(ms: number): string {
  const d = new Date(ms);
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const h = d.getUTCHours() % 12 || 12;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${month} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${h}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

function backupDetail(job: BackupJobRecord, state: string, at: number): Record<string, unknown> {
  if (state === 'CREATED') return { backupJobId: job.id, state, creationDate: detailDate(job.creationDate) };
  const completed = state === 'COMPLETED';
  // AWS's FAILED, ABORTED and EXPIRED samples say 0 bytes and 0 percent.
  const failed = TERMINAL.has(state) && !completed;
  return {
    backupJobId: job.id,
    backupSizeInBytes: state === 'RUNNING' || completed ? String(job.sizeBytes) : undefined,
    backupVaultArn: job.vaultArn,
    backupVaultName: job.vault,
    bytesTransferred: String(failed ? 0 : bytesTransferred(job, at)),
    creationDate: detailDate(job.creationDate),
    iamRoleArn: job.iamRoleArn,
    resourceArn: job.resourceArn,
    resourceType: job.resourceType,
    state,
    statusMessage: job.statusMessage ?? (state === 'PENDING' ? '' : undefined),
    completionDate: TERMINAL.has(state) ? detailDate(job.completionDate) : undefined,
    startBy: detailDate(job.startBy),
    expectedCompletionDate: state === 'RUNNING' && job.startedAt !== undefined ? expectedCompletion(job.startedAt + job.durationMs) : undefined,
    percentDone: failed ? 0 : Number(percentDone(job, at)),
    createdBy: createdBy(job.createdBy),
  };
}

function copyDetail(job: CopyJobRecord, state: string): Record<string, unknown> {
  if (state === 'CREATED') {
    return { creationDate: detailDate(job.creationDate), state, sourceBackupVaultArn: job.sourceVaultArn, destinationBackupVaultArn: job.vault };
  }
  return {
    copyJobId: job.id,
    backupSizeInBytes: job.sizeBytes,
    creationDate: detailDate(job.creationDate),
    iamRoleArn: job.iamRoleArn,
    resourceArn: job.resourceArn,
    resourceType: job.resourceType,
    sourceBackupVaultArn: job.sourceVaultArn,
    state,
    statusMessage: job.statusMessage,
    completionDate: TERMINAL.has(state) ? detailDate(job.completionDate) : undefined,
    destinationBackupVaultArn: job.vault,
    // AWS's samples write {} until the copy exists.
    destinationRecoveryPointArn: job.destinationRecoveryPointArn ?? {},
    createdBy: createdBy(job.createdBy),
  };
}

function restoreDetail(job: RestoreJobRecord, state: string): Record<string, unknown> {
  // AWS's CREATED sample says "state"; the others say "status", as DescribeRestoreJob does.
  if (state === 'CREATED') return { restoreJobId: job.id, creationDate: detailDate(job.creationDate), state };
  const completed = state === 'COMPLETED';
  return {
    restoreJobId: job.id,
    backupVaultArn: completed ? job.vault : undefined,
    recoveryPointArn: completed ? job.sourceRecoveryPointArn : undefined,
    sourceResourceArn: completed ? job.resourceArn : undefined,
    backupSizeInBytes: String(job.sizeBytes),
    creationDate: detailDate(job.creationDate),
    iamRoleArn: job.iamRoleArn,
    percentDone: 0,
    resourceType: job.resourceType,
    status: state,
    statusMessage: job.statusMessage,
    createdResourceArn: job.createdResourceArn,
    completionDate: TERMINAL.has(state) ? detailDate(job.completionDate) : undefined,
    restoreTestingPlanArn: job.planArn,
  };
}

function jobEvent(job: JobRecord, state: string, at: number): Emitted {
  let detail: Record<string, unknown>;
  let resources: string[];
  if (job.kind === 'backup') {
    detail = backupDetail(job, state, at);
    resources = state === 'COMPLETED' && job.recoveryPointArn ? [job.recoveryPointArn] : [];
  } else if (job.kind === 'copy') {
    detail = copyDetail(job, state);
    resources = [job.sourceRecoveryPointArn];
  } else {
    detail = restoreDetail(job, state);
    resources = [job.sourceRecoveryPointArn];
  }
  return eventBridgeEvent(job, DETAIL_TYPE[job.kind], at, resources, detail, job.id, [job.resourceArn]);
}

interface JobNotification {
  event: string;
  type: string;
  message: string;
}

/**
 * The vault events a job's new state is notified under, and their messages. BACKUP_JOB_COMPLETED
 * covers every end (AWS's samples: completed, failed, expired, with State telling them apart);
 * the deprecated BACKUP_JOB_SUCCESSFUL, _FAILED, _EXPIRED, RESTORE_JOB_SUCCESSFUL and _FAILED
 * notify nothing, as AWS says. Holdfast's choices, where AWS gives no sample (docs/events.md):
 * the object-level notifications of S3 and EKS jobs (objectNotifications),
 * CONTINUOUS_BACKUP_INTERRUPTED for a continuous backup job that failed or was stopped.
 */
function jobNotifications(job: JobRecord, state: string): JobNotification[] {
  const ids = (label: string): string => `Resource ARN : ${job.resourceArn}. ${label} ID : ${job.id}`;
  if (job.kind === 'backup') {
    const type = 'BACKUP_JOB';
    const out: JobNotification[] = [];
    if (state === 'RUNNING') out.push({ event: 'BACKUP_JOB_STARTED', type, message: `An AWS Backup job was started. ${ids('BackupJob')}` });
    if (state === 'COMPLETED') {
      out.push({ event: 'BACKUP_JOB_COMPLETED', type, message: `An AWS Backup job was completed successfully. Recovery point ARN: ${job.recoveryPointArn}. ${ids('BackupJob')}` });
      out.push(...objectNotifications(job));
    }
    if (state === 'FAILED') out.push({ event: 'BACKUP_JOB_COMPLETED', type, message: `An AWS Backup job failed. ${ids('BackupJob')}` });
    if (state === 'EXPIRED') out.push({ event: 'BACKUP_JOB_COMPLETED', type, message: `An AWS Backup job failed to complete in time. ${ids('BackupJob')}` });
    if (state === 'ABORTED') out.push({ event: 'BACKUP_JOB_COMPLETED', type, message: `An AWS Backup job was stopped. ${ids('BackupJob')}` });
    if (job.continuous && (state === 'FAILED' || state === 'ABORTED')) {
      const event = 'CONTINUOUS_BACKUP_INTERRUPTED';
      out.push({ event, type: event, message: `An AWS Backup continuous backup was interrupted. ${ids('BackupJob')}` });
    }
    return out;
  }
  if (job.kind === 'copy') {
    const type = 'COPY_JOB';
    if (state === 'RUNNING') return [{ event: 'COPY_JOB_STARTED', type, message: `An AWS Backup copy job was started. ${ids('CopyJob')}` }];
    if (state === 'COMPLETED') {
      const message = `An AWS Backup copy job was completed successfully. Recovery point ARN: ${job.destinationRecoveryPointArn}. ${ids('CopyJob')}`;
      return [{ event: 'COPY_JOB_SUCCESSFUL', type, message }];
    }
    if (state === 'FAILED' || state === 'ABORTED') return [{ event: 'COPY_JOB_FAILED', type, message: `An AWS Backup copy job failed. ${ids('CopyJob')}` }];
    return [];
  }
  const type = 'RESTORE_JOB';
  if (state === 'RUNNING') return [{ event: 'RESTORE_JOB_STARTED', type, message: `An AWS Backup restore job was started. ${ids('RestoreJob')}` }];
  if (state === 'COMPLETED') {
    const message = `An AWS Backup restore job was completed successfully. Created resource ARN: ${job.createdResourceArn}. ${ids('RestoreJob')}`;
    return [{ event: 'RESTORE_JOB_COMPLETED', type, message }, ...objectNotifications(job)];
  }
  if (state === 'FAILED' || state === 'ABORTED') return [{ event: 'RESTORE_JOB_COMPLETED', type, message: `An AWS Backup restore job failed. ${ids('RestoreJob')}` }];
  return [];
}

/**
 * The object-level notifications of an S3 or EKS job that completed with issues (no AWS sample:
 * Holdfast's wording, docs/events.md): a backup's status message is the objects it could not back
 * up (S3_/EKS_BACKUP_OBJECT_FAILED); a restore's the objects that failed to restore
 * (S3_/EKS_RESTORE_OBJECT_FAILED) and, for EKS, those it skipped (EKS_RESTORE_OBJECT_SKIPPED).
 */
function objectNotifications(job: BackupJobRecord | RestoreJobRecord): JobNotification[] {
  if (job.resourceType !== 'S3' && job.resourceType !== 'EKS') return [];
  const issues: [string, string | undefined, string][] =
    job.kind === 'backup'
      ? [['BACKUP_OBJECT_FAILED', job.statusMessage, `An AWS Backup job completed with objects that failed to back up. Recovery point ARN: ${job.recoveryPointArn}.`]]
      : [
          ['RESTORE_OBJECT_FAILED', job.objectsFailed, `An AWS Backup restore job completed with objects that failed to restore. Created resource ARN: ${job.createdResourceArn}.`],
          ['RESTORE_OBJECT_SKIPPED', job.objectsSkipped, `An AWS Backup restore job completed with objects that were skipped. Created resource ARN: ${job.createdResourceArn}.`],
        ];
  const label = job.kind === 'backup' ? 'BackupJob' : 'RestoreJob';
  return issues.flatMap(([suffix, issue, text]) => {
    const event = `${job.resourceType}_${suffix}`;
    // S3_RESTORE_OBJECT_SKIPPED is no BackupVaultEvents value: S3's skipped objects are not notified.
    if (!issue || event === 'S3_RESTORE_OBJECT_SKIPPED') return [];
    return [{ event, type: event, message: `${text} Resource ARN : ${job.resourceArn}. ${label} ID : ${job.id}. Status message: ${issue}` }];
  });
}

/** The vault whose notifications a job's events go to: the backup's vault, the copy's and the restore's source vault. */
function notifyingVault(job: JobRecord): string {
  if (job.kind === 'backup') return job.vault;
  if (job.kind === 'copy') return job.sourceVaultName;
  return job.vault.slice(job.vault.indexOf(':backup-vault:') + ':backup-vault:'.length);
}

class JobEvents {
  constructor(
    private readonly port: EventPort,
    private readonly notificationsOf: NotificationsOf,
    private readonly nowMs: () => number,
  ) {}

  /** The events of the jobs whose state changed since their last announcement; marks them announced. */
  async announce(jobs: JobRecord[], fresh: boolean): Promise<void> {
    const out: Emitted[] = [];
    // One read of each vault's settings per batch (an engine batch holds thousands of jobs).
    const settingsOf = new Map<string, Promise<VaultNotifications | undefined>>();
    for (const job of jobs) {
      const states = fresh ? ['CREATED', job.state] : [job.state];
      for (const state of states) {
        if (state === job.eventState || !ANNOUNCED.has(state)) continue;
        job.eventState = state;
        const at = transitionAt(job, state, this.nowMs());
        out.push(jobEvent(job, state, at));
        const notes = jobNotifications(job, state);
        if (notes.length === 0) continue;
        const vault = notifyingVault(job);
        const key = `${job.accountId}/${job.region}/${vault}`;
        let settings = settingsOf.get(key);
        if (!settings) settingsOf.set(key, (settings = this.notificationsOf(job, vault)));
        const notifications = await settings;
        for (const n of notes) {
          if (!notifications?.events.includes(n.event)) continue;
          out.push({
            channel: 'sns',
            scope: { accountId: job.accountId, region: job.region },
            notification: {
              topicArn: notifications.topicArn,
              event: n.event,
              subject: NOTIFICATION_SUBJECT,
              message: n.message,
              attributes: { EventType: n.type, State: state, AccountId: job.accountId, Id: job.id, StartTime: new Date(job.creationDate).toISOString() },
            },
            orderKey: job.id,
            related: [job.id, job.resourceArn],
            at,
          });
        }
      }
    }
    await this.port.emit(out);
  }
}

/** The jobs store with its writes announced (see the file comment). */
export function withJobEvents(store: JobsStore, port: EventPort, notificationsOf: NotificationsOf, nowMs: () => number): JobsStore {
  const events = new JobEvents(port, notificationsOf, nowMs);
  return overriding(store, {
    insert: async (job) => {
      await events.announce([job as JobRecord], true);
      await store.insert(job);
    },
    insertAll: async (jobs) => {
      await events.announce(jobs as JobRecord[], true);
      await store.insertAll(jobs);
    },
    update: async (jobs) => {
      await events.announce(jobs as JobRecord[], false);
      await store.update(jobs);
    },
  });
}
