/**
 * Composite recovery points: deleting a parent with its children (all or nothing, each asked of
 * the removal guards), DisassociateRecoveryPointFromParent, and lifecycle updates that apply to
 * the whole composite. A parent whose children go missing becomes PARTIAL.
 */
import type { Lifecycle } from '@aws-sdk/client-backup';
import { invalidRequest, invalidState } from '../../protocol/errors.js';
import type { DeletionRefusal, RecoveryPointDeps } from './contract.js';
import { nextLifecycleDue, refOf, type RecoveryPointRecord } from '../common/recovery-point-record.js';
import type { RecoveryPointService } from './recovery-point-service.js';

const creatingRefusal = (parent: RecoveryPointRecord): string =>
  `Composite recovery point ${parent.arn} is still being created by backup or copy job ${parent.createdByJobId}; delete it once the job has ended.`;

const nestedRefusal = (parent: RecoveryPointRecord, child: RecoveryPointRecord, reason: string): string =>
  `Composite recovery point ${parent.arn} cannot be deleted because its nested recovery point ${child.arn} ` +
  `(${child.compositeMemberIdentifier ?? child.resourceArn}) cannot be deleted: ${reason.replace(/\.?$/, '.')} Nothing was deleted.`;

/** Why DeleteRecoveryPoint refuses a nested point: stricter reading, it must leave its composite first. */
export const childDeletionRefusal = (child: RecoveryPointRecord): string =>
  `Recovery point ${child.arn} is nested in composite recovery point ${child.parentRecoveryPointArn}. ` +
  `Disassociate it first (DisassociateRecoveryPointFromParent), or delete the composite recovery point with all its nested points.`;

export class CompositePoints {
  constructor(
    private readonly deps: RecoveryPointDeps,
    private readonly service: RecoveryPointService,
  ) {}

  /** The nested points of a composite, as stored. */
  async children(parent: RecoveryPointRecord): Promise<RecoveryPointRecord[]> {
    const rows = await this.service.points.list<RecoveryPointRecord>({ accountId: parent.accountId, region: parent.region, parentRecoveryPointArn: parent.arn }, 0, -1);
    return rows.map((r) => r.point);
  }

  /** DeleteRecoveryPoint of a composite: its children go with it, unless a guard protects one. */
  async deleteParent(parent: RecoveryPointRecord): Promise<void> {
    if (parent.status === 'CREATING') throw invalidState(creatingRefusal(parent));
    await this.deps.store.atomically(async () => {
      const children = await this.children(parent);
      for (const child of children) {
        const reason = await this.deps.removalGuards.check(refOf(child), 'delete');
        // Refusals by a legal hold answer InvalidRequestException everywhere (see RecoveryPointService.guard).
        if (reason) throw invalidRequest(nestedRefusal(parent, child, reason));
      }
      const reason = await this.deps.removalGuards.check(refOf(parent), 'delete');
      if (reason) throw invalidRequest(reason);
      await this.service.remove([parent, ...children]);
    });
  }

  /** Every reason deleteParent would refuse this composite now (each nested point's, then its own). */
  async deletionRefusals(parent: RecoveryPointRecord): Promise<DeletionRefusal[]> {
    if (parent.status === 'CREATING') return [{ source: 'composite-creating', message: creatingRefusal(parent), id: parent.createdByJobId }];
    const out: DeletionRefusal[] = [];
    for (const child of await this.children(parent)) {
      for (const r of await this.deps.removalGuards.refusals(refOf(child), 'delete')) {
        out.push({ source: r.source, message: nestedRefusal(parent, child, r.message), id: child.arn });
      }
    }
    out.push(...(await this.deps.removalGuards.refusals(refOf(parent), 'delete')));
    return out;
  }

  /** DisassociateRecoveryPointFromParent: the child stands alone, the parent becomes PARTIAL. */
  async disassociate(scope: { accountId: string; region: string }, vaultName: string, arn: string): Promise<void> {
    await this.deps.store.atomically(async () => {
      const child = await this.service.require(scope, vaultName, arn);
      const parentArn = child.parentRecoveryPointArn;
      if (!parentArn) {
        throw invalidRequest(`Recovery point ${arn} has no parent (composite) recovery point; only a nested recovery point can be disassociated from its parent.`);
      }
      // The model lists no InvalidResourceStateException for this operation: a hold answers InvalidRequestException.
      const reason = await this.deps.removalGuards.check(refOf(child), 'disassociate-from-parent');
      if (reason) throw invalidRequest(reason);
      child.parentRecoveryPointArn = undefined;
      child.compositeMemberIdentifier = undefined;
      // Its lifecycle was the composite's; from now on it runs on its own.
      child.lifecycleDue = nextLifecycleDue(child);
      await this.service.points.update([child]);
      await this.markPartial(parentArn, `Nested recovery point ${arn} was disassociated from this composite.`);
    });
  }

  private async markPartial(parentArn: string, why: string): Promise<void> {
    const parent = await this.service.points.get<RecoveryPointRecord>(parentArn);
    if (!parent || parent.status === 'CREATING') return; // settled when its job ends
    if (parent.status === 'COMPLETED' || parent.status === 'PARTIAL') parent.status = 'PARTIAL';
    parent.statusMessage = why;
    await this.service.points.update([parent]);
  }

  /** UpdateRecoveryPointLifecycle of a composite: every nested point takes the same lifecycle. */
  async updateChildrenLifecycle(parent: RecoveryPointRecord, lifecycle: Lifecycle): Promise<number> {
    const children = await this.children(parent);
    for (const child of children) {
      child.lifecycle = lifecycle;
      if (child.status === 'EXPIRED') {
        child.status = 'COMPLETED';
        child.statusMessage = undefined;
      }
      child.lifecycleDue = nextLifecycleDue(child);
    }
    await this.service.points.update(children);
    return children.length;
  }

  /** A nested point's lifecycle is its composite's. */
  refuseChildLifecycle(child: RecoveryPointRecord): never {
    throw invalidRequest(
      `Recovery point ${child.arn} is nested in composite recovery point ${child.parentRecoveryPointArn}, whose lifecycle it follows. ` +
        `Update the composite's lifecycle, or disassociate this point first (DisassociateRecoveryPointFromParent).`,
    );
  }
}
