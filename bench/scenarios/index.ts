/**
 * What `npm run bench` runs, in order. A domain adds its HTTP scenario module to `scenarios`
 * and, for in-process measurements of its internals, an entry to `suites` (one line each).
 */
import { benchApi } from '../api.js';
import { benchAuditReport } from '../audit-report.js';
import { runCompositeBench } from '../composite.js';
import { runConsoleBench } from '../console.js';
import { runJobsBench } from '../jobs.js';
import { benchLegalHolds } from '../legal-holds.js';
import { runPlansBench } from '../plans.js';
import type { BenchSuite, Scenario } from '../scenario.js';
import { vaultScenarios } from './vaults.js';

export const scenarios: Scenario[] = [...vaultScenarios];

export const suites: BenchSuite[] = [
  { name: 'jobs', run: runJobsBench },
  { name: 'composite', run: runCompositeBench },
  { name: 'legal holds', run: () => benchLegalHolds() },
  { name: 'audit report', run: async () => [await benchAuditReport()] },
  { name: 'plans', run: runPlansBench },
  { name: 'node api', run: benchApi },
  { name: 'console', run: runConsoleBench },
];
