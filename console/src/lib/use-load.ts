/** Loads data for a view, again when `deps` change; an answer that arrives after a newer request is dropped. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { AdminCallError } from './admin.js';
import { useConsole } from './context.js';

export interface Loaded<T> {
  data?: T;
  error?: Error;
  loading: boolean;
}

/** Whether the AWS API refused the console's credentials (a --strict server and no key, or a wrong one). */
const refusedCredentials = (e: Error): boolean =>
  ['UnrecognizedClientException', 'InvalidSignatureException', 'AccessDeniedException', 'MissingAuthenticationTokenException'].includes(e.name);

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const { version, needSignIn } = useConsole();
  const [state, setState] = useState<Loaded<T>>({ loading: true });
  const seq = useRef(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ data: s.data, loading: true }));
    run().then(
      (data) => {
        if (mine === seq.current) setState({ data, loading: false });
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        const error = e instanceof Error ? e : new Error(String(e));
        if ((error instanceof AdminCallError && error.unauthorised) || refusedCredentials(error)) needSignIn(error.message);
        setState({ error, loading: false });
      },
    );
  }, [run, version, needSignIn]);
  return state;
}
