/**
 * Whether a backup vault's access policy lets another account copy into it
 * (backup:CopyIntoBackupVault). An explicit Deny wins; with no matching Allow the answer is no.
 *
 * Conditions are evaluated against the copying account's request context: aws:PrincipalAccount,
 * and aws:PrincipalOrgID / aws:PrincipalOrgPaths when the account belongs to the organization
 * declared through PUT /_holdfast/organization. Operators: String(Not)Equals(IgnoreCase),
 * String(Not)Like, Arn(Not)Equals, Arn(Not)Like, Null, each with IfExists and the
 * ForAnyValue: / ForAllValues: qualifiers, as IAM defines them. A key Holdfast does not know is
 * absent. An operator Holdfast does not know makes the statement unevaluable: such an Allow does
 * not count and such a Deny applies (the stricter reading).
 */
const ACTION = 'backup:CopyIntoBackupVault';

/** The request context of a copy into another account's vault. */
export interface CopyRequester {
  account: string;
  /** The organization the account belongs to, if any: its ID and the account's path (o-.../r-.../ou-.../). */
  orgId?: string;
  orgPaths?: string[];
}

type OneOrMany = string | string[] | undefined;
const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function glob(pattern: string, value: string, ignoreCase = true): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.split('?').map(escape).join('.')).join('.*')}$`, ignoreCase ? 'i' : '');
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
  Condition?: Record<string, Record<string, unknown>>;
}

function principalMatches(principal: Statement['Principal'], account: string): boolean {
  if (principal === '*') return true;
  return list(principal?.AWS).some(
    (p) => p === '*' || p === account || p === `arn:aws:iam::${account}:root` || p.startsWith(`arn:aws:iam::${account}:`),
  );
}

const STRING_TESTS: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (p, v) => p === v,
  StringEqualsIgnoreCase: (p, v) => p.toLowerCase() === v.toLowerCase(),
  StringLike: (p, v) => glob(p, v, false),
  ArnEquals: (p, v) => p === v,
  ArnLike: (p, v) => glob(p, v, false),
};

/** One condition operator over one key: true, false, or undefined when Holdfast cannot evaluate it. */
function test(operator: string, values: string[], context: string[] | undefined): boolean | undefined {
  let op = operator;
  let qualifier: 'any' | 'all' | undefined;
  if (op.startsWith('ForAnyValue:')) [qualifier, op] = ['any', op.slice('ForAnyValue:'.length)];
  else if (op.startsWith('ForAllValues:')) [qualifier, op] = ['all', op.slice('ForAllValues:'.length)];
  const ifExists = op.endsWith('IfExists');
  if (ifExists) op = op.slice(0, -'IfExists'.length);
  if (op === 'Null') return values.some((v) => v.toLowerCase() === 'true') === (context === undefined);
  const negated = op.includes('Not');
  const base = STRING_TESTS[op.replace('Not', '')];
  if (!base) return undefined;
  if (context === undefined) return ifExists ? true : qualifier === 'all' ? true : negated && qualifier === undefined;
  const matches = (v: string): boolean => values.some((p) => base(p, v));
  if (qualifier === 'all') return context.every((v) => matches(v) !== negated);
  if (qualifier === 'any') return context.some((v) => matches(v) !== negated);
  // A single-valued key: its value matches one of the values (negated: none of them).
  return negated ? !context.some(matches) : context.some(matches);
}

function conditionHolds(condition: Statement['Condition'], requester: CopyRequester): boolean | undefined {
  const context: Record<string, string[] | undefined> = {
    'aws:principalaccount': [requester.account],
    'aws:principalorgid': requester.orgId === undefined ? undefined : [requester.orgId],
    'aws:principalorgpaths': requester.orgPaths,
  };
  let holds: boolean | undefined = true;
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    for (const [key, values] of Object.entries(keys ?? {})) {
      const result = test(operator, list(values), context[key.toLowerCase()]);
      if (result === undefined) return undefined;
      holds &&= result;
    }
  }
  return holds;
}

/** Whether a statement applies to this copy; undefined when its condition cannot be evaluated. */
function applies(s: Statement, requester: CopyRequester, vaultArn: string): boolean | undefined {
  if (s.NotPrincipal !== undefined || s.NotAction !== undefined) return false;
  if (!principalMatches(s.Principal, requester.account)) return false;
  if (!list(s.Action).some((a) => glob(a, ACTION))) return false;
  const resources = list(s.Resource);
  if (resources.length > 0 && !resources.some((r) => glob(r, vaultArn))) return false;
  return s.Condition === undefined ? true : conditionHolds(s.Condition, requester);
}

export function policyAllowsCopy(policy: string | undefined, requester: CopyRequester, vaultArn: string): boolean {
  if (!policy) return false;
  let doc: { Statement?: Statement | Statement[] };
  try {
    doc = JSON.parse(policy) as typeof doc;
  } catch {
    return false;
  }
  const statements = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  let allowed = false;
  for (const s of statements) {
    const result = applies(s, requester, vaultArn);
    if (s.Effect === 'Deny' && result !== false) return false;
    if (s.Effect === 'Allow' && result === true) allowed = true;
  }
  return allowed;
}
