/**
 * A RecoveryPointQuery that finds nothing: legal holds run against it until the recovery-point
 * domain is wired in (src/services/index.ts).
 */
import type { RecoveryPointQuery } from '../recovery-points/contract.js';

export const noRecoveryPoints: RecoveryPointQuery = {
  forEachMatching: async () => undefined,
  children: async () => [],
};
