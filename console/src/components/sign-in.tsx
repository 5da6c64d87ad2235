/**
 * Shown when the server refused a call: the admin token (--admin-token) and, for a server run with
 * --strict, an access key of its --credentials list. Kept in sessionStorage for this tab only.
 */
import { useState } from 'preact/hooks';
import type { Secrets } from '../lib/session.js';

export interface SignInProps {
  reason: string;
  secrets: Secrets;
  save: (secrets: Secrets) => void;
  dismiss: () => void;
}

export function SignIn({ reason, secrets, save, dismiss }: SignInProps) {
  const [s, set] = useState<Secrets>(secrets);
  const field = (name: keyof Secrets, label: string, secret: boolean) => {
    const onInput = (e: Event): void => set({ ...s, [name]: (e.target as HTMLInputElement).value.trim() });
    return (
      <label>
        {label}
        {secret ? <input name={name} type="password" value={s[name] ?? ''} onInput={onInput} /> : <input name={name} type="text" value={s[name] ?? ''} onInput={onInput} />}
      </label>
    );
  };
  return (
    <div class="sign-in" role="dialog" aria-label="Sign in">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save(s);
        }}
      >
        <p>The server refused the console: {reason}</p>
        {field('adminToken', 'Admin token (--admin-token)', true)}
        <p class="hint">With --strict, an access key from the server's --credentials list:</p>
        {field('accessKeyId', 'Access key ID', false)}
        {field('secretAccessKey', 'Secret access key', true)}
        <div>
          <button type="submit">Use these</button>{' '}
          <button type="button" onClick={dismiss}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
