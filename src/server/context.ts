/**
 * Who is calling and where: the region from the SigV4 credential scope (us-east-1 when the
 * request is unsigned), the account from the access key id (12 digits = that account; otherwise
 * the configured map, else 000000000000).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Scope } from '../store/types.js';
import { ACCOUNT_ID } from '../services/common/names.js';

export const DEFAULT_ACCOUNT = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/[^/,\s]+\/aws4_request/;

export function identify(headers: IncomingHttpHeaders, accountMap: ReadonlyMap<string, string>): Scope {
  const auth = headers.authorization;
  const m = auth ? CREDENTIAL.exec(auth) : null;
  if (!m) return { accountId: DEFAULT_ACCOUNT, region: DEFAULT_REGION };
  const accessKeyId = m[1]!;
  const accountId = ACCOUNT_ID.test(accessKeyId) ? accessKeyId : (accountMap.get(accessKeyId) ?? DEFAULT_ACCOUNT);
  return { accountId, region: m[2]! };
}

export const newRequestId = (): string => randomUUID();
