/**
 * Whether a backup vault's access policy lets another account copy into it
 * (backup:CopyIntoBackupVault). An explicit Deny wins; with no matching Allow the answer is no.
 * Statements with a Condition are not evaluated: an Allow with a Condition does not count and
 * a Deny with a Condition does not apply (Holdfast has no request context to test them).
 */
const ACTION = 'backup:CopyIntoBackupVault';

type OneOrMany = string | string[] | undefined;
const list = (v: OneOrMany): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function glob(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.split('?').map(escape).join('.')).join('.*')}$`, 'i');
  return re.test(value);
}
const escape = (s: string): string => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');

interface Statement {
  Effect?: string;
  Principal?: '*' | { AWS?: OneOrMany };
  NotPrincipal?: unknown;
  Action?: OneOrMany;
  NotAction?: OneOrMany;
  Resource?: OneOrMany;
  Condition?: unknown;
}

function principalMatches(principal: Statement['Principal'], account: string): boolean {
  if (principal === '*') return true;
  return list(principal?.AWS).some(
    (p) => p === '*' || p === account || p === `arn:aws:iam::${account}:root` || p.startsWith(`arn:aws:iam::${account}:`),
  );
}

function applies(s: Statement, account: string, vaultArn: string): boolean {
  if (s.Condition !== undefined || s.NotPrincipal !== undefined || s.NotAction !== undefined) return false;
  if (!principalMatches(s.Principal, account)) return false;
  if (!list(s.Action).some((a) => glob(a, ACTION))) return false;
  const resources = list(s.Resource);
  return resources.length === 0 || resources.some((r) => glob(r, vaultArn));
}

export function policyAllowsCopy(policy: string | undefined, sourceAccount: string, vaultArn: string): boolean {
  if (!policy) return false;
  let doc: { Statement?: Statement | Statement[] };
  try {
    doc = JSON.parse(policy) as typeof doc;
  } catch {
    return false;
  }
  const statements = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const matching = statements.filter((s) => applies(s, sourceAccount, vaultArn));
  if (matching.some((s) => s.Effect === 'Deny')) return false;
  return matching.some((s) => s.Effect === 'Allow');
}
