/**
 * The account the console's access key acts as (GET /_holdfast/console/caller): when the console
 * signs with a listed key (under --strict it must), the AWS API reads that key's account whatever
 * the switcher says, so the shell pins the switcher to it. Undefined when no key is entered;
 * `pending` while it is asked; `unknown` with the server's reason when it cannot say.
 */
import { useEffect, useState } from 'preact/hooks';
import { AdminCallError, adminClient } from './admin.js';
import { DEFAULT_SCOPE } from './scope.js';
import type { Secrets } from './session.js';

export type KeyAccount = undefined | { state: 'pending' } | { state: 'known'; accountId: string; accessKeyId: string } | { state: 'unknown'; reason: string };

export function useKeyAccount(secrets: Secrets, needSignIn: (reason: string) => void): KeyAccount {
  const keyId = secrets.accessKeyId && secrets.secretAccessKey ? secrets.accessKeyId : undefined;
  const [answer, setAnswer] = useState<{ keyId: string; account: KeyAccount }>();
  useEffect(() => {
    if (!keyId) return;
    let stopped = false;
    adminClient(DEFAULT_SCOPE, secrets.adminToken)
      .get<{ accountId: string }>('/console/caller', { accessKeyId: keyId })
      .then(
        (r) => !stopped && setAnswer({ keyId, account: { state: 'known', accountId: r.accountId, accessKeyId: keyId } }),
        (e: unknown) => {
          if (stopped) return;
          if (e instanceof AdminCallError && e.unauthorised) needSignIn(e.message);
          setAnswer({ keyId, account: { state: 'unknown', reason: e instanceof Error ? e.message : String(e) } });
        },
      );
    return () => {
      stopped = true;
    };
  }, [keyId, secrets.adminToken, needSignIn]);
  if (!keyId) return undefined;
  return answer?.keyId === keyId ? answer.account : { state: 'pending' };
}
