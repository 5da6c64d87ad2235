/**
 * Backing up an application stack (a CloudFormation stack of the inventory): one parent job for
 * the stack, one child job for the stack's template and one per member that AWS Backup supports.
 * The parent does no work of its own; its state, counts and recovery point follow its children
 * (rollup.ts). AWS: "recovery points are created for the CloudFormation template and for each
 * additional resource supported by AWS Backup in the stack" (docs/application-stacks.md).
 */
import type { Inventory, InventoryEntry } from '../../resources/inventory.js';
import type { ResourceInfo } from '../../resources/resource-types.js';
import type { BackupJobRecord } from '../common/job-record.js';

export type ResourceFacts = ResourceInfo & { entry?: InventoryEntry };

/** The size of a template recovery point when the stack's inventory entry gives no sizeBytes. */
export const DEFAULT_TEMPLATE_SIZE_BYTES = 4096;

/**
 * Builds (without storing) the parent job first, then its children: the template's, then the
 * members' in stackMembers order.
 */
export async function stackBackupJobs(
  inventory: Inventory,
  stackArn: string,
  stack: ResourceFacts,
  build: (arn: string, info: ResourceFacts) => BackupJobRecord,
): Promise<BackupJobRecord[]> {
  const parent = build(stackArn, stack);
  // The template: resource type CloudFormation and the stack's own ARN. The stack's inventory entry
  // describes it (sizeBytes, backupDurationSeconds, startDelaySeconds, and backupOutcome FAILED to
  // make it fail); it has no logical ID, so no CompositeMemberIdentifier.
  const template = build(stackArn, stack);
  template.sizeBytes = stack.entry?.sizeBytes ?? DEFAULT_TEMPLATE_SIZE_BYTES;
  const children: BackupJobRecord[] = [template];
  const members = stack.entry?.stackMembers ?? [];
  const infos = await inventory.infos(members.map((m) => m.arn));
  for (const [i, member] of members.entries()) {
    const info = infos[i];
    // AWS skips the resources of a stack that it cannot back up (IAM roles, Lambda functions, ...);
    // the inventory refused members whose ARN breaks a rule. Holdfast does not back up nested
    // stacks: a member that is itself a stack is skipped too.
    if (!info || info.type === 'CloudFormation') continue;
    const child = build(member.arn, info);
    child.compositeMemberIdentifier = member.logicalId;
    children.push(child);
  }
  for (const child of children) {
    child.parentJobId = parent.id;
    child.parentRecoveryPointArn = parent.recoveryPointArn;
    if (child.resourceType !== 'EC2') {
      child.backupOptions = undefined;
      child.backupType = undefined;
    }
  }
  parent.isParent = true;
  parent.numberOfChildJobs = children.length;
  parent.childJobsInState = { CREATED: children.length };
  parent.sizeBytes = children.reduce((sum, c) => sum + c.sizeBytes, 0);
  parent.durationMs = Math.max(0, ...children.map((c) => c.startAt + c.durationMs - parent.creationDate));
  parent.outcomeMessage = undefined;
  parent.outcomeCategory = undefined;
  // Its children move it.
  parent.dueAt = undefined;
  return [parent, ...children];
}
