/**
 * The account and Region switcher: the scopes that hold data (GET /_holdfast/console/scopes), and
 * any other account and Region typed in. Pinned to the account of the access key the console signs
 * with (the API reads that account only): other accounts are neither offered nor accepted.
 */
import { useState } from 'preact/hooks';
import { ACCOUNT_ID, REGION, type Scope } from '../lib/scope.js';

export interface ScopeSummary extends Scope {
  vaults: number;
  recoveryPoints: number;
  jobs: number;
}

export interface ScopeSwitcherProps {
  scope: Scope;
  scopes: ScopeSummary[] | undefined;
  choose: (scope: Scope) => void;
  /** The account of the access key the console signs with, when it signs with one. */
  pinned?: { accountId: string; accessKeyId: string };
}

const key = (s: Scope): string => `${s.accountId}/${s.region}`;

export function ScopeSwitcher({ scope, scopes, choose, pinned }: ScopeSwitcherProps) {
  const [typing, setTyping] = useState(false);
  const [account, setAccount] = useState(scope.accountId);
  const [region, setRegion] = useState(scope.region);
  const [problem, setProblem] = useState<string>();
  const listed = (scopes ?? []).filter((s) => !pinned || s.accountId === pinned.accountId);
  const options = listed.some((s) => key(s) === key(scope)) ? listed : [{ ...scope, vaults: 0, recoveryPoints: 0, jobs: 0 }, ...listed];
  const submit = (ev: Event): void => {
    ev.preventDefault();
    if (!ACCOUNT_ID.test(account)) return setProblem('An account ID is 12 digits.');
    if (!REGION.test(region)) return setProblem('A Region looks like us-east-1.');
    if (pinned && account !== pinned.accountId) {
      return setProblem(`The console signs with ${pinned.accessKeyId}, a key of account ${pinned.accountId}; the API answers it for that account only.`);
    }
    setProblem(undefined);
    setTyping(false);
    choose({ accountId: account, region });
  };
  return (
    <section class="scope" aria-label="Account and Region">
      <select
        aria-label="Account and Region"
        data-testid="scope-select"
        value={key(scope)}
        onChange={(e) => {
          const [accountId, region] = (e.target as HTMLSelectElement).value.split('/');
          choose({ accountId: accountId!, region: region! });
        }}
      >
        {options.map((s) => (
          <option key={key(s)} value={key(s)}>
            {s.accountId} / {s.region}
            {scopes ? ` (${s.vaults} vaults, ${s.recoveryPoints} points, ${s.jobs} jobs)` : ''}
          </option>
        ))}
      </select>{' '}
      {pinned && (
        <span class="hint" data-testid="signed-as">
          signed with {pinned.accessKeyId}{' '}
        </span>
      )}
      {typing ? (
        <form onSubmit={submit} class="inline">
          <input aria-label="Account ID" value={account} size={13} onInput={(e) => setAccount((e.target as HTMLInputElement).value.trim())} />
          <input aria-label="Region" value={region} size={14} onInput={(e) => setRegion((e.target as HTMLInputElement).value.trim())} />
          <button type="submit">Go</button>
          {problem && <span class="error">{problem}</span>}
        </form>
      ) : (
        <button type="button" class="link" onClick={() => setTyping(true)}>
          other...
        </button>
      )}
    </section>
  );
}
