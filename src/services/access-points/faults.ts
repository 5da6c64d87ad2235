/**
 * POST /_holdfast/access-points/faults: what Holdfast cannot make happen by itself, since no
 * Amazon S3 stands behind its access points (docs/access-points.md):
 *
 * - `S3_ACCESS_POINT_DELETED`: the S3 access point deleted through S3 directly. AWS: "the backup
 *   access point moves to EXPIRED status and becomes unusable", and "lifecycle protection remains in
 *   place until you delete the orphaned backup access point". Only an AVAILABLE one has an S3
 *   access point; it turns EXPIRED at once.
 * - `CREATE_FAILS` (a CREATING one) and `DELETE_FAILS` (one DeleteBackupAccessPoint may delete):
 *   AWS's FAILED, "creation or deletion failed". The create in progress, or the next delete, ends
 *   FAILED instead of AVAILABLE or gone, at its usual instant, with a StatusMessage saying why.
 *
 * Body: {"AccessPointArn": "...", "Fault": "..."}. Answers the access point as DescribeBackupAccessPoint does.
 */
import { AdminError, parseAdminJson, type AdminRoute } from '../../server/admin.js';
import type { AccessPointRecord, AccessPointStore } from '../../store/repos/access-points-store.js';
import type { ServiceDeps } from '../deps.js';
import { CREATING_SECONDS } from './lifecycle.js';

const FAULTS = ['S3_ACCESS_POINT_DELETED', 'CREATE_FAILS', 'DELETE_FAILS'] as const;
type Fault = (typeof FAULTS)[number];

/** The statuses each fault applies to. */
const APPLIES: Record<Fault, readonly string[]> = {
  S3_ACCESS_POINT_DELETED: ['AVAILABLE'],
  CREATE_FAILS: ['CREATING'],
  DELETE_FAILS: ['AVAILABLE', 'FAILED', 'EXPIRED', 'DISASSOCIATED'],
};

export function faultRoutes(deps: ServiceDeps, store: AccessPointStore, describe: (r: AccessPointRecord) => unknown): AdminRoute[] {
  return [
    {
      method: 'POST',
      path: '/access-points/faults',
      handle: async (req) => {
        const body = parseAdminJson(req.body);
        const arn = body.AccessPointArn;
        const fault = body.Fault as Fault;
        if (typeof arn !== 'string') throw new AdminError(400, 'AccessPointArn (string) is required: the backup access point to inject a fault into.');
        if (!FAULTS.includes(fault)) throw new AdminError(400, `Fault must be one of ${FAULTS.join(', ')}.`);
        const updated = await deps.store.atomically(async () => {
          const r = await store.get(arn);
          if (!r || r.deletedAt !== undefined) throw new AdminError(404, `Backup access point ${arn} does not exist.`);
          if (!APPLIES[fault].includes(r.status)) {
            throw new AdminError(409, `Fault ${fault} applies to a backup access point that is ${APPLIES[fault].join(' or ')}; ${r.name} is ${r.status}.`);
          }
          if (fault === 'S3_ACCESS_POINT_DELETED') {
            const expired: AccessPointRecord = {
              ...r,
              status: 'EXPIRED',
              statusMessage: `The Amazon S3 access point ${r.metadata.S3AccessPointArn ?? r.name} was deleted outside AWS Backup; this backup access point is no longer usable and still protects its recovery point. Delete it with DeleteBackupAccessPoint.`,
            };
            await store.update(expired, null);
            return expired;
          }
          // A CREATING one stays due when its creation ends; the others wait for DeleteBackupAccessPoint.
          const marked = { ...r, fault };
          await store.update(marked, fault === 'CREATE_FAILS' ? r.creationTime + CREATING_SECONDS * 1000 : null);
          return marked;
        });
        return { status: 200, json: describe(updated) };
      },
    },
  ];
}
