/**
 * Backing up an application stack (a CloudFormation stack of the inventory): one parent job for
 * the stack and one child job per member that AWS Backup supports. The parent does no work of its
 * own; its state, counts and recovery point follow its children (rollup.ts).
 */
import type { Inventory, InventoryEntry } from '../../resources/inventory.js';
import type { ResourceInfo } from '../../resources/resource-types.js';
import type { BackupJobRecord } from '../jobs/job-record.js';

export type ResourceFacts = ResourceInfo & { entry?: InventoryEntry };

/** Builds (without storing) the parent job first, then its children. */
export async function stackBackupJobs(
  inventory: Inventory,
  stackArn: string,
  stack: ResourceFacts,
  build: (arn: string, info: ResourceFacts) => BackupJobRecord,
): Promise<BackupJobRecord[]> {
  const parent = build(stackArn, stack);
  const children: BackupJobRecord[] = [];
  for (const member of stack.entry?.stackMembers ?? []) {
    const info = await inventory.info(member.arn);
    // AWS skips the resources of a stack that it cannot back up (IAM roles, Lambda functions, ...).
    if (!info) continue;
    // Holdfast does not nest stacks: a nested stack member is skipped like an unsupported one.
    if (info.type === 'CloudFormation') continue;
    const child = build(member.arn, info);
    child.parentJobId = parent.id;
    child.parentRecoveryPointArn = parent.recoveryPointArn;
    child.compositeMemberIdentifier = member.logicalId;
    if (info.type !== 'EC2') {
      child.backupOptions = undefined;
      child.backupType = undefined;
    }
    children.push(child);
  }
  parent.isParent = true;
  parent.numberOfChildJobs = children.length;
  parent.childJobsInState = children.length ? { CREATED: children.length } : {};
  parent.sizeBytes = children.reduce((sum, c) => sum + c.sizeBytes, 0);
  parent.durationMs = Math.max(0, ...children.map((c) => c.startAt + c.durationMs - parent.creationDate));
  parent.outcomeMessage = undefined;
  parent.outcomeCategory = undefined;
  // Its children move it; a stack with nothing to back up is settled at once by the worker.
  parent.dueAt = children.length === 0 ? parent.creationDate : undefined;
  return [parent, ...children];
}
