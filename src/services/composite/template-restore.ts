/**
 * Restoring a stack's template recovery point (resource type CloudFormation, nested in a stack's
 * composite). AWS: "When you restore a CloudFormation template recovery point, you create a new
 * stack with a change set to represent the backup"; the stack is REVIEW_IN_PROGRESS until its
 * change set is executed, and the restore fails at the change set's creation when the stack
 * already exists. The accepted metadata: ChangeSetName and StackName (mandatory),
 * ChangeSetDescription, StackParameters and aws:backup:request-id (developer guide, "Restore
 * CloudFormation stacks", restoring-cfn-cli). See docs/application-stacks.md.
 */
import { invalidParameter, missingParameter } from '../../protocol/errors.js';
import type { Inventory } from '../../resources/inventory.js';
import { describeResourceArn, isStackName } from '../../resources/resource-types.js';
import type { RestoreJobRecord } from '../common/job-record.js';

const REQUIRED = ['ChangeSetName', 'StackName'];
const ACCEPTED = new Set([...REQUIRED, 'ChangeSetDescription', 'StackParameters', 'aws:backup:request-id']);
/** CloudFormation CreateChangeSet: ChangeSetName matches [a-zA-Z][-a-zA-Z0-9]* and has 1 to 128 characters. */
const CHANGE_SET_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;

/**
 * StartRestoreJob's Metadata for a template point. Stricter reading: keys outside AWS's list are
 * refused (AWS calls it "the accepted metadata"), and StackParameters must be JSON.
 */
export function checkTemplateRestoreMetadata(metadata: Record<string, string>): void {
  const missing = REQUIRED.filter((k) => !metadata[k]);
  if (missing.length) {
    throw missingParameter(
      `Restoring a CloudFormation template needs Metadata ${missing.join(' and ')}: StackName names the new stack, ChangeSetName the change set that represents the backup.`,
    );
  }
  for (const key of Object.keys(metadata)) {
    if (!ACCEPTED.has(key)) throw invalidParameter(`Metadata key '${key}' is not accepted for a CloudFormation restore; the accepted keys are ${[...ACCEPTED].join(', ')}.`);
  }
  if (!isStackName(metadata.StackName!)) {
    throw invalidParameter(`Invalid StackName '${metadata.StackName}': stack names are 1 to 128 letters, digits and hyphens, starting with a letter.`);
  }
  if (!CHANGE_SET_NAME.test(metadata.ChangeSetName!)) {
    throw invalidParameter(`Invalid ChangeSetName '${metadata.ChangeSetName}': change set names are 1 to 128 letters, digits and hyphens, starting with a letter.`);
  }
  const description = metadata.ChangeSetDescription;
  if (description !== undefined && (description.length < 1 || description.length > 1024)) {
    throw invalidParameter('Invalid ChangeSetDescription: it has 1 to 1024 characters.');
  }
  if (metadata.StackParameters !== undefined) {
    try {
      JSON.parse(metadata.StackParameters);
    } catch {
      throw invalidParameter('Invalid StackParameters: it is the JSON of the stack parameters the template requires.');
    }
  }
}

/**
 * When a template restore job completes (job-worker.ts, restoreCompletions): answers why it fails,
 * or adds the new stack to the inventory. Holdfast's new stack is what AWS's is before its change
 * set runs: REVIEW_IN_PROGRESS, without resources (no stackMembers), and a backup of it fails
 * (AWS backs up stacks whose status ends in COMPLETE). Executing the change set happens outside
 * AWS Backup; in Holdfast, PUT the stack's entry with its stackMembers.
 */
export function templateRestoreCompletion(inventory: Inventory): (job: RestoreJobRecord) => Promise<string | undefined> {
  return async (job) => {
    const name = job.metadata.StackName!;
    const changeSet = job.metadata.ChangeSetName!;
    const taken = (await inventory.listScope({ accountId: job.accountId, region: job.region })).find((e) => {
      const info = describeResourceArn(e.arn);
      return info?.type === 'CloudFormation' && info.name === name && info.region === job.region && info.accountId === job.accountId;
    });
    if (taken) {
      return `CloudFormation could not create change set ${changeSet}: Stack [${name}] already exists (${taken.arn}). Restore with another StackName, or delete that stack first.`;
    }
    await inventory.upsert([
      {
        arn: job.createdResourceArn!,
        stackMembers: [],
        backupOutcome: 'FAILED',
        failureMessage:
          `Stack ${name} is REVIEW_IN_PROGRESS (created by restore job ${job.id}): only a stack whose status ends in COMPLETE can be backed up. ` +
          `Execute its change set ${changeSet}, then give the stack its stackMembers (PUT /_holdfast/resources).`,
      },
    ]);
    return undefined;
  };
}
