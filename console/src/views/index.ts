/**
 * The console's views, in navigation order. Each view is one file in this folder exporting a
 * ConsoleView; add a view by importing it here. A view reads its scope, clients, clock and URL
 * parameters from useConsole() (lib/context.ts).
 */
import type { ComponentType } from 'preact';
import { auditView } from './audit.js';
import { eventsView } from './events.js';
import { inventoryView } from './inventory.js';
import { jobsView } from './jobs.js';
import { legalHoldsView } from './legal-holds.js';
import { plansView } from './plans.js';
import { recoveryPointsView } from './recovery-points.js';
import { vaultsView } from './vaults.js';

export interface ConsoleView {
  /** The view's address: #/ID. */
  id: string;
  /** Its name in the navigation. */
  title: string;
  Component: ComponentType;
}

export const VIEWS: ConsoleView[] = [vaultsView, jobsView, recoveryPointsView, plansView, legalHoldsView, auditView, inventoryView, eventsView];
