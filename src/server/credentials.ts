/**
 * The listed keys of `serve --credentials FILE` (HOLDFAST_CREDENTIALS):
 * `{"credentials": [{"accessKeyId", "secretAccessKey", "sessionToken"?, "accountId", "principalArn"?}]}`.
 * Each key acts as its account and principal (the account root when no principalArn is given).
 */
import { readFileSync } from 'node:fs';
import { ACCOUNT_ID } from '../services/common/names.js';

export interface Credential {
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, a request signed with this key must carry exactly this X-Amz-Security-Token. */
  sessionToken?: string;
  accountId: string;
  principalArn: string;
}

export type CredentialList = ReadonlyMap<string, Credential>;

export class CredentialsError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const FIELDS = ['accessKeyId', 'secretAccessKey', 'sessionToken', 'accountId', 'principalArn'];
/** AWS's access key id rule (16 to 128 word characters); 12-digit ids are allowed as Holdfast's own convention. */
const ACCESS_KEY_ID = /^\w{12,128}$/;
/** An IAM user or role, an STS assumed-role session, or the account root, all of the entry's account. */
const PRINCIPAL = /^arn:aws:(iam::(\d{12}):(root|user\/.+|role\/.+)|sts::(\d{12}):assumed-role\/.+\/.+)$/;

export const rootOf = (accountId: string): string => `arn:aws:iam::${accountId}:root`;

/** Checks a credentials document; every problem names the entry and the field. */
export function parseCredentials(doc: unknown): CredentialList {
  const list = isObject(doc) ? doc.credentials : undefined;
  if (!Array.isArray(list)) throw new CredentialsError('must hold {"credentials": [{"accessKeyId", "secretAccessKey", "accountId", ...}]}');
  const keys = new Map<string, Credential>();
  list.forEach((entry, i) => {
    const where = `credentials[${i}]`;
    if (!isObject(entry)) throw new CredentialsError(`${where} is not an object`);
    for (const key of Object.keys(entry)) {
      if (!FIELDS.includes(key)) throw new CredentialsError(`${where} has an unknown field '${key}' (known: ${FIELDS.join(', ')})`);
    }
    const text = (field: string, optional = false): string | undefined => {
      const v = entry[field];
      if (v === undefined && optional) return undefined;
      if (typeof v !== 'string' || v === '') throw new CredentialsError(`${where}.${field} must be a non-empty string`);
      return v;
    };
    const accessKeyId = text('accessKeyId')!;
    if (!ACCESS_KEY_ID.test(accessKeyId)) throw new CredentialsError(`${where}.accessKeyId must be 12 to 128 letters, digits or underscores`);
    if (keys.has(accessKeyId)) throw new CredentialsError(`${where}.accessKeyId ${accessKeyId} is listed twice`);
    const accountId = text('accountId')!;
    if (!ACCOUNT_ID.test(accountId)) throw new CredentialsError(`${where}.accountId must be a 12-digit account id`);
    const principalArn = text('principalArn', true) ?? rootOf(accountId);
    const m = PRINCIPAL.exec(principalArn);
    if (!m) throw new CredentialsError(`${where}.principalArn must be an IAM user, role or root ARN, or an STS assumed-role ARN`);
    if ((m[2] ?? m[4]) !== accountId) throw new CredentialsError(`${where}.principalArn is not in account ${accountId}`);
    keys.set(accessKeyId, { accessKeyId, secretAccessKey: text('secretAccessKey')!, sessionToken: text('sessionToken', true), accountId, principalArn });
  });
  return keys;
}

/** Reads and checks a credentials file. */
export function readCredentialsFile(path: string): CredentialList {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CredentialsError(`cannot read ${path}: ${(e as Error).message}`);
  }
  return parseCredentials(doc);
}
