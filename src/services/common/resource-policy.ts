/**
 * The one evaluator of a resource-based policy (a backup vault's access policy), as IAM evaluates
 * one for a request: an explicit Deny that applies wins; else an Allow that applies allows; else
 * nothing is said (the caller decides: same-account calls go ahead, cross-account calls need an
 * Allow). Used for every vault-scoped API call (server/vault-authorizer.ts) and for copies into
 * another account's vault (backup:CopyIntoBackupVault, jobs/job-worker.ts).
 *
 * A statement applies when its Principal (or NotPrincipal), Action (or NotAction, with `*` and
 * `?` wildcards, case-insensitive), Resource (or NotResource, wildcards) and Condition all match.
 * Principals: `*`, an account id or its root ARN (every principal of the account), an IAM user or
 * role ARN (that principal; a role also matches its STS sessions). Condition keys: aws:PrincipalArn
 * (a session's role ARN, as IAM gives it), aws:PrincipalAccount, and aws:PrincipalOrgID /
 * aws:PrincipalOrgPaths when the account belongs to the organization declared through
 * PUT /_holdfast/organization. Operators: String(Not)Equals(IgnoreCase), String(Not)Like,
 * Arn(Not)Equals, Arn(Not)Like, Null, each with IfExists and the ForAnyValue: / ForAllValues:
 * qualifiers, as IAM defines them. A key Holdfast does not know is absent. An operator Holdfast
 * does not know makes the statement unevaluable: such an Allow does not count and such a Deny
 * applies (the stricter reading).
 */
const COPY_INTO = 'backup:CopyIntoBackupVault';

/** Who is asking: an account and, when known, the principal (an IAM or STS ARN) acting in it. */
export interface PolicyPrincipal {
  account: string;
  /** Undefined: the account as a whole (a copy job), which any principal of the account in a policy names. */
  arn?: string;
  /** The organization the account belongs to, if any: its ID and the account's path (o-.../r-.../ou-.../). */
  orgId?: string;
  orgPaths?: string[];
}

/** The request context of a copy into another account's vault. */
export type CopyRequester = PolicyPrincipal;

export interface PolicyRequest {
  action: string;
  resource: string;
  principal: PolicyPrincipal;
}

export type PolicyDecision = 'Allow' | 'Deny' | 'None';

type OneOrMany = string | string[] | undefined;
const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function glob(pattern: string, value: string, ignoreCase = true): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.split('?').map(escape).join('.')).join('.*')}$`, ignoreCase ? 'i' : '');
  return re.test(value);
}
const escape = (s: string): string => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');

type PrincipalElement = '*' | { AWS?: OneOrMany; [other: string]: unknown };

interface Statement {
  Effect?: string;
  Principal?: PrincipalElement;
  NotPrincipal?: PrincipalElement;
  Action?: OneOrMany;
  NotAction?: OneOrMany;
  Resource?: OneOrMany;
  NotResource?: OneOrMany;
  Condition?: Record<string, Record<string, unknown>>;
}

const SESSION = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/;

/** The role ARN IAM puts in aws:PrincipalArn for a session; any other principal is its own ARN. */
function principalArnKey(arn: string): string {
  const m = SESSION.exec(arn);
  return m ? `arn:aws:iam::${m[1]}:role/${m[2]}` : arn;
}

/** Whether one value of a policy's Principal names this principal. */
function names(value: string, principal: PolicyPrincipal): boolean {
  const { account, arn } = principal;
  if (value === '*' || value === account || value === `arn:aws:iam::${account}:root`) return true;
  if (arn === undefined) return value.startsWith(`arn:aws:iam::${account}:`);
  if (value === arn) return true;
  // A role names its sessions: arn:aws:iam::A:role/path/Name matches arn:aws:sts::A:assumed-role/Name/session.
  const m = SESSION.exec(arn);
  const role = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(value);
  return m !== null && role !== null && role[1] === m[1] && role[2] === m[2];
}

function principalMatches(element: PrincipalElement | undefined, principal: PolicyPrincipal): boolean {
  if (element === '*') return true;
  return list(element?.AWS).some((p) => names(p, principal));
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

function conditionHolds(condition: Statement['Condition'], principal: PolicyPrincipal): boolean | undefined {
  const context: Record<string, string[] | undefined> = {
    'aws:principalarn': principal.arn === undefined ? undefined : [principalArnKey(principal.arn)],
    'aws:principalaccount': [principal.account],
    'aws:principalorgid': principal.orgId === undefined ? undefined : [principal.orgId],
    'aws:principalorgpaths': principal.orgPaths,
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

/** Whether a statement applies to this request; undefined when its condition cannot be evaluated. */
function applies(s: Statement, request: PolicyRequest): boolean | undefined {
  const { action, resource, principal } = request;
  if (s.NotPrincipal !== undefined ? principalMatches(s.NotPrincipal, principal) : !principalMatches(s.Principal, principal)) return false;
  if (s.NotAction !== undefined ? list(s.NotAction).some((a) => glob(a, action)) : !list(s.Action).some((a) => glob(a, action))) return false;
  if (s.NotResource !== undefined) {
    if (list(s.NotResource).some((r) => glob(r, resource))) return false;
  } else {
    const resources = list(s.Resource);
    if (resources.length > 0 && !resources.some((r) => glob(r, resource))) return false;
  }
  return s.Condition === undefined ? true : conditionHolds(s.Condition, principal);
}

/** Parsed statements by policy text: the same few policies are evaluated on every call. */
const parsed = new Map<string, Statement[] | undefined>();
const PARSED_MAX = 256;

function statementsOf(policy: string): Statement[] | undefined {
  if (parsed.has(policy)) return parsed.get(policy);
  let statements: Statement[] | undefined;
  try {
    const doc = JSON.parse(policy) as { Statement?: Statement | Statement[] };
    statements = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  } catch {
    statements = undefined;
  }
  if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value!);
  parsed.set(policy, statements);
  return statements;
}

/** What a resource policy says about a request. A policy that cannot be read allows nothing and denies nothing. */
export function evaluatePolicy(policy: string | undefined, request: PolicyRequest): PolicyDecision {
  const statements = policy ? statementsOf(policy) : undefined;
  if (!statements) return 'None';
  let allowed = false;
  for (const s of statements) {
    const result = applies(s, request);
    if (s.Effect === 'Deny' && result !== false) return 'Deny';
    if (s.Effect === 'Allow' && result === true) allowed = true;
  }
  return allowed ? 'Allow' : 'None';
}

/** Whether a backup vault's access policy lets another account copy into it (backup:CopyIntoBackupVault). */
export function policyAllowsCopy(policy: string | undefined, requester: CopyRequester, vaultArn: string): boolean {
  return evaluatePolicy(policy, { action: COPY_INTO, resource: vaultArn, principal: requester }) === 'Allow';
}
