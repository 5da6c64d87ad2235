/** Recovery points: storage class, lifecycle dates and why a point cannot be deleted. */
import type { ConsoleView } from './index.js';

function RecoveryPoints() {
  return <p>Recovery points</p>;
}

export const recoveryPointsView: ConsoleView = { id: 'recovery-points', title: 'Recovery points', Component: RecoveryPoints };
