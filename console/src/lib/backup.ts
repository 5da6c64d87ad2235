/**
 * The real AWS SDK's Backup client against the page's own origin. Without --strict the access
 * key id is the selected account (Holdfast takes a 12-digit key id as the account) and the secret
 * is not checked; with --strict the console signs with the key the user entered, whose account
 * the server decides.
 */
import { BackupClient } from '@aws-sdk/client-backup';
import type { Scope } from './scope.js';
import type { Secrets } from './session.js';

export function backupClient(scope: Scope, secrets: Secrets): BackupClient {
  const strictKey = secrets.accessKeyId && secrets.secretAccessKey;
  return new BackupClient({
    endpoint: window.location.origin,
    region: scope.region,
    credentials: strictKey
      ? { accessKeyId: secrets.accessKeyId!, secretAccessKey: secrets.secretAccessKey! }
      : { accessKeyId: scope.accountId, secretAccessKey: 'holdfast-console' },
    maxAttempts: 1,
  });
}
