/**
 * What the console remembers for this browser tab (sessionStorage, gone when the tab closes): the
 * admin token and, for a server run with --strict, the access key the console signs with. Without
 * --strict no secret is needed: Holdfast takes the account from a 12-digit access key id.
 */
export interface Secrets {
  adminToken?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

const KEY = 'holdfast-console-secrets';

export function loadSecrets(): Secrets {
  try {
    const text = sessionStorage.getItem(KEY);
    return text ? (JSON.parse(text) as Secrets) : {};
  } catch {
    return {};
  }
}

export function saveSecrets(secrets: Secrets): void {
  const kept = Object.fromEntries(Object.entries(secrets).filter(([, v]) => typeof v === 'string' && v !== ''));
  sessionStorage.setItem(KEY, JSON.stringify(kept));
}
