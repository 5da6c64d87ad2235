/** What every view gets from the shell: the scope, the clients for it, the business clock and the address. */
import type { BackupClient } from '@aws-sdk/client-backup';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AdminClient } from './admin.js';
import type { Scope } from './scope.js';

export interface ConsoleContext {
  scope: Scope;
  backup: BackupClient;
  admin: AdminClient;
  /** The business clock as last read (GET /_holdfast/clock). */
  now: Date;
  frozen: boolean;
  /** Changes whenever the clock is moved (from here or elsewhere) or the user asks to refresh: views load again. */
  version: number;
  /** The view's own URL parameters (filters, selection), besides account and region. */
  params: URLSearchParams;
  /** Changes this view's parameters (undefined or '' removes one). */
  setParams: (changes: Record<string, string | undefined>) => void;
  /** Opens another view with these parameters, in the same scope. */
  open: (view: string, params?: Record<string, string>) => void;
  /** Asks for an admin token or access key after the server refused a call. */
  needSignIn: (reason: string) => void;
}

export const Ctx = createContext<ConsoleContext | undefined>(undefined);

export function useConsole(): ConsoleContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useConsole outside the console shell');
  return ctx;
}
