/** Every scenario module, in the order they run. Add a domain's module here (one line). */
import type { Scenario } from '../scenario.js';
import { vaultScenarios } from './vaults.js';

export const scenarios: Scenario[] = [...vaultScenarios];
