/**
 * The shared server, and an account of its own for each test: Holdfast reads the account from
 * the access key id (12 digits), so tests that run in parallel never see each other's data.
 */
import { randomInt } from 'node:crypto';
import { BackupClient } from '@aws-sdk/client-backup';
import { connectHoldfast } from 'holdfast';
import { afterAll, inject } from 'vitest';

export const hf = await connectHoldfast(inject('holdfastEndpoint'));
afterAll(() => hf.close());

/** A client for a fresh 12-digit account, and that account. */
export function freshAccount(): { account: string; backup: BackupClient } {
  const account = String(randomInt(100_000_000_000, 999_999_999_999));
  return { account, backup: new BackupClient(hf.clientConfig(account)) };
}
