/**
 * The shell: scope switcher, navigation from the view registry (views/index.ts), the clock panel,
 * sign-in when the server asks for it, and the current view.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ClockPanel, type ClockState } from './components/clock-panel.js';
import { ScopeSwitcher, type ScopeSummary } from './components/scope-switcher.js';
import { SignIn } from './components/sign-in.js';
import { Loading } from './components/status.js';
import { AdminCallError, adminClient } from './lib/admin.js';
import { backupClient } from './lib/backup.js';
import { Ctx, type ConsoleContext } from './lib/context.js';
import { parseRoute, routeHash, scopeOf, withParams } from './lib/route.js';
import type { Scope } from './lib/scope.js';
import { loadSecrets, saveSecrets, type Secrets } from './lib/session.js';
import { useKeyAccount } from './lib/use-key-account.js';
import { VIEWS } from './views/index.js';

/** How often the clock is read again (a running clock, or another client moving it). */
const CLOCK_POLL_MS = 2000;
/** A clock that is this far from where it should be was moved by someone else: views load again. */
const JUMP_MS = 3000;

function useRoute() {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onChange = (): void => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return parseRoute(hash);
}

export function App() {
  const route = useRoute();
  const view = VIEWS.find((v) => v.id === route.view) ?? VIEWS[0]!;
  const scope = scopeOf(route.params);
  const [secrets, setSecrets] = useState<Secrets>(loadSecrets);
  const [signIn, setSignIn] = useState<string>();
  const [clock, setClock] = useState<ClockState>();
  const [version, setVersion] = useState(0);
  const [scopes, setScopes] = useState<ScopeSummary[]>();
  const lastRead = useRef<{ clock: ClockState; wall: number } | undefined>(undefined);

  const { accountId, region } = scope;
  const backup = useMemo(() => backupClient({ accountId, region }, secrets), [accountId, region, secrets]);
  const admin = useMemo(() => adminClient({ accountId, region }, secrets.adminToken), [accountId, region, secrets]);
  const needSignIn = useCallback((reason: string) => setSignIn(reason), []);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  // Signing with a listed key, the API reads that key's account only: the switcher is pinned to it.
  const keyAccount = useKeyAccount(secrets, needSignIn);
  const pinned = keyAccount?.state === 'known' ? keyAccount.accountId : undefined;
  useEffect(() => {
    if (pinned && accountId !== pinned) window.location.replace(routeHash(view.id, withParams(route.params, { account: pinned })));
  }, [pinned, accountId, view.id, route.params]);

  const takeClock = useCallback((next: ClockState, moved: boolean) => {
    const wall = Date.now();
    const before = lastRead.current;
    if (before && !moved) {
      const expected = Date.parse(before.clock.now) + (before.clock.frozen ? 0 : wall - before.wall);
      moved = before.clock.frozen !== next.frozen || Math.abs(Date.parse(next.now) - expected) > JUMP_MS;
    }
    lastRead.current = { clock: next, wall };
    setClock(next);
    if (moved) setVersion((v) => v + 1);
  }, []);

  useEffect(() => {
    let stopped = false;
    const read = (): void => {
      admin.get<ClockState>('/clock').then(
        (c) => !stopped && takeClock(c, false),
        (e: unknown) => {
          if (!stopped && e instanceof AdminCallError && e.unauthorised) needSignIn(e.message);
        },
      );
    };
    read();
    const timer = setInterval(read, CLOCK_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [admin, takeClock, needSignIn]);

  useEffect(() => {
    admin.get<{ scopes: ScopeSummary[] }>('/console/scopes').then(
      (r) => setScopes(r.scopes),
      () => setScopes(undefined),
    );
  }, [admin, version]);

  const go = (viewId: string, params: URLSearchParams): void => {
    window.location.hash = routeHash(viewId, params);
  };
  const chooseScope = (s: Scope): void => go(view.id, new URLSearchParams({ account: s.accountId, region: s.region }));
  const ctx: ConsoleContext = {
    scope,
    backup,
    admin,
    now: clock ? new Date(clock.now) : new Date(0),
    frozen: clock?.frozen ?? true,
    version,
    params: route.params,
    setParams: (changes) => go(view.id, withParams(route.params, changes)),
    open: (viewId, params = {}) => go(viewId, new URLSearchParams({ account: accountId, region, ...params })),
    needSignIn,
  };
  const changeClock = async (body: { advanceSeconds?: number; frozen?: boolean }): Promise<void> => {
    takeClock(await admin.post<ClockState>('/clock', body), true);
  };
  const scopeQuery = new URLSearchParams({ account: accountId, region });

  return (
    <Ctx.Provider value={ctx}>
      <header class="top">
        <h1>Holdfast</h1>
        <ScopeSwitcher key={`${accountId}/${region}`} scope={scope} scopes={scopes} choose={chooseScope} pinned={keyAccount?.state === 'known' ? keyAccount : undefined} />
        <ClockPanel clock={clock} change={changeClock} />
        <button type="button" class="refresh" onClick={refresh} title="Load this view again">
          Refresh
        </button>
      </header>
      <nav class="views" aria-label="Views">
        {VIEWS.map((v) => (
          <a key={v.id} href={routeHash(v.id, scopeQuery)} aria-current={v.id === view.id ? 'page' : undefined}>
            {v.title}
          </a>
        ))}
      </nav>
      <main class="view" data-view={view.id}>
        {keyAccount?.state === 'pending' || (pinned && accountId !== pinned) ? (
          <Loading what="the access key's account" />
        ) : (
          <view.Component key={`${view.id}/${accountId}/${region}`} />
        )}
        {keyAccount?.state === 'unknown' && <p class="error">The account of the access key is not known: {keyAccount.reason}</p>}
      </main>
      {signIn !== undefined && (
        <SignIn
          reason={signIn}
          secrets={secrets}
          dismiss={() => setSignIn(undefined)}
          save={(s) => {
            saveSecrets(s);
            setSecrets(s);
            setSignIn(undefined);
            refresh();
          }}
        />
      )}
    </Ctx.Provider>
  );
}
