/**
 * A stand-in for AWS Organizations, declared through the admin API (PUT /_holdfast/organization)
 * and stored durably in the docs table: the management account, delegated administrators, and
 * organizational units with their member accounts. Cross-account reports read it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AdminError, parseAdminJson, type AdminRoute } from '../../server/admin.js';
import type { DocCollection, Store } from '../../store/types.js';
import { ACCOUNT_ID } from '../common/names.js';

/** An AWS Organizations stand-in, declared through PUT /_holdfast/organization. */
export interface OrganizationRecord {
  /** o-…: given in the declaration, or derived from the management account (organizationIds). */
  id?: string;
  managementAccountId: string;
  delegatedAdministrators: string[];
  organizationalUnits: { id: string; name?: string; accounts: string[] }[];
  /** Member accounts that sit directly under the root, outside any OU. */
  accounts: string[];
}

/** The organization is one document for the whole server (the stored kind keeps its first name). */
export const ORGANIZATION_KIND = 'audit-organization';
const GLOBAL_SCOPE = { accountId: 'global', region: 'global' };

export const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ORG_ID = 'organization';

function stringList(value: unknown, what: string, pattern: RegExp, example: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new AdminError(400, `"${what}" must be a list of strings.`);
  for (const v of value) if (!pattern.test(v)) throw new AdminError(400, `"${what}": '${v}' is not valid; expected ${example}.`);
  return value;
}

export function parseOrganization(body: Record<string, unknown>): OrganizationRecord {
  const management = body.managementAccountId;
  if (typeof management !== 'string' || !ACCOUNT_ID.test(management)) {
    throw new AdminError(400, '"managementAccountId" is required: the 12-digit ID of the organization\'s management account.');
  }
  const ousRaw = body.organizationalUnits ?? [];
  if (!Array.isArray(ousRaw)) throw new AdminError(400, '"organizationalUnits" must be a list of {"id", "name", "accounts"} objects.');
  const seen = new Map<string, string>([[management, 'the management account']]);
  const claim = (account: string, where: string): void => {
    const before = seen.get(account);
    if (before) throw new AdminError(400, `Account ${account} appears twice: in ${before} and in ${where}. An account belongs to one place in an organization.`);
    seen.set(account, where);
  };
  const ous = ousRaw.map((ou: unknown, i: number) => {
    if (typeof ou !== 'object' || ou === null) throw new AdminError(400, `"organizationalUnits[${i}]" must be an object.`);
    const { id, name, accounts } = ou as Record<string, unknown>;
    if (typeof id !== 'string' || !OU_ID.test(id)) {
      throw new AdminError(400, `"organizationalUnits[${i}].id" must be an OU ID such as ou-ab12-cd34ef56 (ou-, 4-32 characters, -, 8-32 characters).`);
    }
    if (name !== undefined && typeof name !== 'string') throw new AdminError(400, `"organizationalUnits[${i}].name" must be a string.`);
    const members = stringList(accounts, `organizationalUnits[${i}].accounts`, ACCOUNT_ID, 'a 12-digit account ID');
    for (const a of members) claim(a, `OU ${id}`);
    return { id, name: name, accounts: members };
  });
  if (new Set(ous.map((o) => o.id)).size !== ous.length) throw new AdminError(400, 'Two organizational units have the same id.');
  const rootAccounts = stringList(body.accounts, 'accounts', ACCOUNT_ID, 'a 12-digit account ID');
  for (const a of rootAccounts) claim(a, 'the root');
  const id = body.id;
  if (id !== undefined && (typeof id !== 'string' || !ORGANIZATION_ID.test(id))) {
    throw new AdminError(400, '"id" must be an organization ID such as o-a1b2c3d4e5 (o- and 10-32 lowercase letters or digits).');
  }
  const delegated = stringList(body.delegatedAdministrators, 'delegatedAdministrators', ACCOUNT_ID, 'a 12-digit account ID');
  for (const d of delegated) {
    if (d === management) throw new AdminError(400, `Account ${d} is the management account; it cannot also be a delegated administrator.`);
    if (!seen.has(d)) throw new AdminError(400, `Delegated administrator ${d} is not a member account of the organization; add it to "accounts" or an OU.`);
  }
  return { ...(id === undefined ? {} : { id }), managementAccountId: management, delegatedAdministrators: delegated, organizationalUnits: ous, accounts: rootAccounts };
}

/** The organization's ID and root ID: the declared ID, else both derived from the management account (stable across restarts). */
export function organizationIds(org: OrganizationRecord): { orgId: string; rootId: string } {
  const hash = createHash('sha256').update(org.managementAccountId).digest('hex');
  return { orgId: org.id ?? `o-${hash.slice(0, 10)}`, rootId: `r-${hash.slice(10, 14)}` };
}

/** aws:PrincipalOrgID and aws:PrincipalOrgPaths of an account, or undefined when it is not in the organization. */
export function principalOrg(org: OrganizationRecord | undefined, account: string): { orgId: string; orgPaths: string[] } | undefined {
  if (!org) return undefined;
  const { orgId, rootId } = organizationIds(org);
  const root = `${orgId}/${rootId}/`;
  if (org.managementAccountId === account || org.accounts.includes(account)) return { orgId, orgPaths: [root] };
  const ou = org.organizationalUnits.find((o) => o.accounts.includes(account));
  return ou ? { orgId, orgPaths: [`${root}${ou.id}/`] } : undefined;
}

export class Organization {
  constructor(private readonly docs: DocCollection<OrganizationRecord>) {}

  get(): Promise<OrganizationRecord | undefined> {
    return this.docs.get(GLOBAL_SCOPE, ORG_ID);
  }

  /** Every account of the organization, the management account first. */
  static allAccounts(org: OrganizationRecord): string[] {
    return [org.managementAccountId, ...org.accounts, ...org.organizationalUnits.flatMap((o) => o.accounts)];
  }

  static isAdministrator(org: OrganizationRecord | undefined, accountId: string): boolean {
    return org !== undefined && (org.managementAccountId === accountId || org.delegatedAdministrators.includes(accountId));
  }

  adminRoutes(): AdminRoute[] {
    return [
      {
        method: 'PUT',
        path: '/organization',
        handle: async (req) => {
          const org = parseOrganization(parseAdminJson(req.body));
          await this.docs.put(GLOBAL_SCOPE, ORG_ID, org);
          return { status: 200, json: { organization: org } };
        },
      },
      {
        method: 'GET',
        path: '/organization',
        handle: async () => {
          const org = await this.get();
          if (!org) throw new AdminError(404, 'No organization is declared; declare one with PUT /_holdfast/organization.');
          return { status: 200, json: { organization: org } };
        },
      },
      {
        method: 'DELETE',
        path: '/organization',
        handle: async () => {
          await this.docs.delete(GLOBAL_SCOPE, ORG_ID);
          return { status: 200, json: { status: 'ok' } };
        },
      },
    ];
  }
}

/**
 * Declares the organization in FILE (`--organization FILE`), the same JSON document that
 * PUT /_holdfast/organization takes. It replaces any organization declared before.
 */
/** Reads and checks an --organization file (JSON, as PUT /_holdfast/organization takes). */
export async function readOrganizationFile(path: string): Promise<OrganizationRecord> {
  let body: unknown;
  try {
    body = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new Error(`--organization: cannot read ${path} as JSON: ${(e as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error(`--organization: ${path} must hold a JSON object.`);
  try {
    return parseOrganization(body as Record<string, unknown>);
  } catch (e) {
    throw new Error(`--organization: ${path}: ${(e as Error).message}`);
  }
}

/** Declares the organization (what PUT /_holdfast/organization stores). */
export async function storeOrganization(store: Store, org: OrganizationRecord): Promise<void> {
  await store.docs<OrganizationRecord>(ORGANIZATION_KIND).put(GLOBAL_SCOPE, ORG_ID, org);
}
