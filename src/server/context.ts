/**
 * Who is calling and where. Without --strict: the region from the SigV4 credential scope
 * (us-east-1 when the request is unsigned), the account from the access key id (a listed key's
 * account and principal; else 12 digits = that account; else the configured map, else
 * 000000000000), nothing verified. With --strict: only a verified signature of a listed key
 * (server/sigv4.ts) names the caller.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Scope } from '../store/types.js';
import { ACCOUNT_ID } from '../services/common/names.js';
import { rootOf, type CredentialList } from './credentials.js';
import type { Signer } from './sigv4.js';

export const DEFAULT_ACCOUNT = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

/** The caller of one request: its account, Region and principal (an IAM or STS ARN). */
export interface Caller extends Scope {
  principalArn: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/[^/,\s]+\/aws4_request/;

export function identify(headers: IncomingHttpHeaders, accountMap: ReadonlyMap<string, string>, keys: CredentialList): Caller {
  const auth = headers.authorization;
  const m = auth ? CREDENTIAL.exec(auth) : null;
  if (!m) return { accountId: DEFAULT_ACCOUNT, region: DEFAULT_REGION, principalArn: rootOf(DEFAULT_ACCOUNT) };
  const accessKeyId = m[1]!;
  const listed = keys.get(accessKeyId);
  if (listed) return { accountId: listed.accountId, region: m[2]!, principalArn: listed.principalArn };
  const accountId = ACCOUNT_ID.test(accessKeyId) ? accessKeyId : (accountMap.get(accessKeyId) ?? DEFAULT_ACCOUNT);
  return { accountId, region: m[2]!, principalArn: rootOf(accountId) };
}

export const callerOf = (signer: Signer): Caller => ({
  accountId: signer.credential.accountId,
  region: signer.region,
  principalArn: signer.credential.principalArn,
});

export const newRequestId = (): string => randomUUID();
