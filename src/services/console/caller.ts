/**
 * GET /_holdfast/console/caller?accessKeyId=...: the account and principal a listed key
 * (--credentials) acts as, the account the AWS API then reads whatever the console's switcher
 * says (server/context.ts: a listed key's own account). The console pins its switcher to it when
 * it signs with an access key (under --strict it must). A key that is not listed answers 404:
 * under --strict the API refuses it (UnrecognizedClientException).
 */
import { AdminError } from '../../server/admin.js';
import type { CredentialList } from '../../server/credentials.js';

export function callerOf(keys: CredentialList | undefined, accessKeyId: string) {
  const key = keys?.get(accessKeyId);
  if (!key) throw new AdminError(404, `The access key ${accessKeyId} is not in this server's --credentials list.`);
  return { accessKeyId, accountId: key.accountId, principalArn: key.principalArn };
}
