/**
 * SigV4 verification of one request, as AWS verifies it: the signature is computed again over
 * the request as received (method, raw path, query, the signed headers, the payload hash) with
 * the listed key's secret, by @smithy/signature-v4's canonicalization (the AWS SDK's own signer),
 * and compared in constant time. Both forms: the Authorization header and the presigned query
 * (X-Amz-Algorithm, X-Amz-Credential, ...).
 *
 * Checked, each refused with AWS's error name and status (sigv4-errors.ts): the algorithm; the
 * credential scope (5 parts, the date of X-Amz-Date, a Region, the service `backup`, the
 * terminator); X-Amz-Date within 15 minutes of real time (presigned: not past X-Amz-Expires);
 * the key is listed; the session token when the key has one (and none when it has not); host
 * (and a header X-Amz-Date) among the signed headers; the payload hash. Stricter than some AWS
 * front doors, in writing: only X-Amz-Date dates a request (not `Date`), and UNSIGNED-PAYLOAD is
 * accepted only in presigned URLs, whose body the URL cannot sign; a header request's
 * x-amz-content-sha256 must be the body's SHA-256.
 */
import { createHash, createHmac, timingSafeEqual, type Hash as NodeHash, type Hmac } from 'node:crypto';
import { ALGORITHM_IDENTIFIER, getCanonicalHeaders, getSigningKey, SignatureV4Base, UNSIGNED_PAYLOAD } from '@smithy/signature-v4';
import type { HeaderBag, HttpRequest, QueryParameterBag, SourceData } from '@smithy/types';
import { REGION } from '../services/common/names.js';
import type { Credential, CredentialList } from './credentials.js';
import { authError, badSignature, SIGNATURE_MISMATCH, UNRECOGNIZED_TOKEN } from './sigv4-errors.js';

const SERVICE = 'backup';
/** AWS refuses a request dated more than 15 minutes before or after its own (real) time. */
const SKEW_MS = 15 * 60_000;
/** A presigned URL lives at most 7 days (X-Amz-Expires, seconds). */
const MAX_EXPIRES = 604_800;
const LONG_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** The request as it arrived, with its body read. */
export interface ReceivedRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  /** Node's headersDistinct: every value of every header, names in lower case. */
  headers: Record<string, string[] | undefined>;
  body: Buffer;
}

/** A verified caller. */
export interface Signer {
  credential: Credential;
  region: string;
}

/** node:crypto as the HashConstructor @smithy/signature-v4 takes (sha256 or HMAC-SHA256). */
class Sha256 {
  private readonly hash: NodeHash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}
const bytes = (d: SourceData): Buffer | string =>
  typeof d === 'string' ? d : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

/** The SDK signer's canonical request and string to sign, over a request given as received. */
class Canonicalizer extends SignatureV4Base {
  constructor() {
    super({ service: SERVICE, region: 'us-east-1', credentials: { accessKeyId: '', secretAccessKey: '' }, sha256: Sha256 });
  }

  async stringToSign(request: HttpRequest, signedHeaders: HeaderBag, payloadHash: string, longDate: string, scope: string): Promise<string> {
    return this.createStringToSign(longDate, scope, this.createCanonicalRequest(request, signedHeaders, payloadHash), ALGORITHM_IDENTIFIER);
  }
}
const canonicalizer = new Canonicalizer();

interface Parsed {
  presigned: boolean;
  accessKeyId: string;
  shortDate: string;
  region: string;
  longDate: string;
  signedHeaders: string[];
  signature: string;
  token: string | undefined;
  expires?: number;
  query: QueryParameterBag;
}

function decodeQuery(rawQuery: string): QueryParameterBag {
  const query: Record<string, string | string[]> = {};
  if (rawQuery === '') return query;
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
    } catch {
      throw authError('IncompleteSignatureException', 'The query string is not valid percent-encoding, so its signature cannot be checked.');
    }
    const seen = query[key];
    query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return query;
}

const single = (query: QueryParameterBag, key: string): string | undefined => {
  const v = query[key];
  if (Array.isArray(v)) throw authError('IncompleteSignatureException', `The query parameter ${key} appears more than once.`);
  return v ?? undefined;
};

function one(headers: ReceivedRequest['headers'], name: string): string | undefined {
  const values = headers[name];
  if (values === undefined) return undefined;
  if (values.length > 1) throw authError('IncompleteSignatureException', `The ${name} header appears more than once.`);
  return values[0];
}

/** The Authorization header's Credential, SignedHeaders and Signature. */
function parseHeader(authorization: string, req: ReceivedRequest, query: QueryParameterBag): Parsed {
  const space = authorization.indexOf(' ');
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  if (algorithm !== ALGORITHM_IDENTIFIER) {
    throw authError('IncompleteSignatureException', `Authorization header requires the ${ALGORITHM_IDENTIFIER} algorithm, with 'Credential', 'SignedHeaders' and 'Signature' parameters.`);
  }
  const params = new Map<string, string>();
  for (const part of authorization.slice(space + 1).split(',')) {
    const p = part.trim();
    const eq = p.indexOf('=');
    if (eq <= 0) throw authError('IncompleteSignatureException', 'Invalid key=value pair (missing equal-sign) in Authorization header.');
    const key = p.slice(0, eq);
    if (params.has(key)) throw authError('IncompleteSignatureException', `Authorization header has the '${key}' parameter more than once.`);
    params.set(key, p.slice(eq + 1));
  }
  const longDate = one(req.headers, 'x-amz-date');
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((k) => !params.get(k)).map((k) => `Authorization header requires '${k}' parameter.`);
  if (longDate === undefined) missing.push("Authorization header requires existence of a 'X-Amz-Date' header.");
  if (missing.length) throw authError('IncompleteSignatureException', missing.join(' '));
  const scope = credentialOf(params.get('Credential')!);
  const signedHeaders = params.get('SignedHeaders')!.split(';');
  if (!signedHeaders.includes('x-amz-date')) throw badSignature("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
  return {
    presigned: false,
    ...scope,
    longDate: longDate!,
    signedHeaders,
    signature: params.get('Signature')!,
    token: one(req.headers, 'x-amz-security-token'),
    query,
  };
}

/** The presigned query's X-Amz-* parameters. */
function parseQuery(query: QueryParameterBag): Parsed {
  const get = (k: string): string | undefined => single(query, k);
  const algorithm = get('X-Amz-Algorithm');
  const missing = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date', 'X-Amz-Expires']
    .filter((k) => !get(k))
    .map((k) => `AWS query-string parameters must include '${k}'.`);
  if (missing.length) throw authError('IncompleteSignatureException', `${missing.join(' ')} Re-examine the query-string parameters.`);
  if (algorithm !== ALGORITHM_IDENTIFIER) throw authError('IncompleteSignatureException', `X-Amz-Algorithm must be ${ALGORITHM_IDENTIFIER}.`);
  const expiresText = get('X-Amz-Expires')!;
  const expires = /^\d{1,7}$/.test(expiresText) ? Number(expiresText) : NaN;
  if (!(expires >= 1 && expires <= MAX_EXPIRES)) {
    throw authError('IncompleteSignatureException', `X-Amz-Expires must be a whole number of seconds from 1 to ${MAX_EXPIRES} (7 days), not '${expiresText}'.`);
  }
  return {
    presigned: true,
    ...credentialOf(get('X-Amz-Credential')!),
    longDate: get('X-Amz-Date')!,
    signedHeaders: get('X-Amz-SignedHeaders')!.split(';'),
    signature: get('X-Amz-Signature')!,
    token: get('X-Amz-Security-Token'),
    expires,
    query,
  };
}

function credentialOf(credential: string): { accessKeyId: string; shortDate: string; region: string } {
  const parts = credential.split('/');
  if (parts.length !== 5) {
    throw authError('IncompleteSignatureException', `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`);
  }
  const [accessKeyId, shortDate, region, service, terminator] = parts as [string, string, string, string, string];
  if (terminator !== 'aws4_request') throw badSignature(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
  if (service !== SERVICE) throw badSignature(`Credential should be scoped to correct service: '${SERVICE}'.`);
  if (!REGION.test(region)) throw badSignature(`Credential should be scoped to a valid region, not '${region}'.`);
  return { accessKeyId, shortDate, region };
}

const basic = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');

/** The signature's date against real time. */
function checkDate(p: Parsed, nowMs: number): void {
  const m = LONG_DATE.exec(p.longDate);
  const ms = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
  if (!m || Number.isNaN(ms) || basic(ms) !== p.longDate) {
    throw authError('IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${p.longDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  }
  if (p.shortDate !== p.longDate.slice(0, 8)) {
    throw badSignature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${p.shortDate}' != '${p.longDate.slice(0, 8)}', from '${p.longDate}'.`,
    );
  }
  if (ms > nowMs + SKEW_MS) {
    throw badSignature(`Signature not yet current: ${p.longDate} is still later than ${basic(nowMs + SKEW_MS)} (${basic(nowMs)} + 15 min.)`);
  }
  if (p.expires !== undefined) {
    if (ms + p.expires * 1000 < nowMs) throw badSignature(`Signature expired: ${basic(ms + p.expires * 1000)} is now earlier than ${basic(nowMs)} (X-Amz-Date + X-Amz-Expires).`);
  } else if (ms < nowMs - SKEW_MS) {
    throw badSignature(`Signature expired: ${p.longDate} is now earlier than ${basic(nowMs - SKEW_MS)} (${basic(nowMs)} - 15 min.)`);
  }
}

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The session token a request carries must be the key's own; a key without one takes none. */
function checkToken(credential: Credential, token: string | undefined): void {
  const ok = credential.sessionToken === undefined ? token === undefined : token !== undefined && sameText(token, credential.sessionToken);
  if (!ok) throw authError('UnrecognizedClientException', UNRECOGNIZED_TOKEN);
}

/**
 * Verifies a signed request against the listed keys; answers the signer, or throws the
 * ServiceError AWS answers. `nowMs` is REAL time (clock/wall-time.ts), never the business clock:
 * a client signs with its own wall clock whatever Holdfast's clock says.
 */
export async function verifySignature(req: ReceivedRequest, keys: CredentialList, nowMs: number): Promise<Signer> {
  const query = decodeQuery(req.rawQuery);
  const authorization = one(req.headers, 'authorization');
  const presigned = single(query, 'X-Amz-Algorithm') !== undefined || single(query, 'X-Amz-Credential') !== undefined;
  if (authorization !== undefined && presigned) {
    throw authError('IncompleteSignatureException', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.');
  }
  if (authorization === undefined && !presigned) throw authError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const p = authorization !== undefined ? parseHeader(authorization, req, query) : parseQuery(query);
  checkDate(p, nowMs);
  const credential = keys.get(p.accessKeyId);
  if (!credential) throw authError('UnrecognizedClientException', UNRECOGNIZED_TOKEN);
  checkToken(credential, p.token);
  if (!p.signedHeaders.includes('host')) throw badSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  if (!HEX64.test(p.signature)) throw badSignature(SIGNATURE_MISMATCH);
  const signed: Record<string, string> = {};
  for (const name of p.signedHeaders) {
    const values = req.headers[name];
    if (name === '' || name !== name.toLowerCase() || values === undefined) throw badSignature(SIGNATURE_MISMATCH);
    signed[name] = values.join(',');
  }
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  const declared = one(req.headers, 'x-amz-content-sha256');
  if (declared !== undefined && declared !== bodyHash && !(p.presigned && declared === UNSIGNED_PAYLOAD)) {
    throw badSignature('The provided x-amz-content-sha256 header does not match what was computed.');
  }
  const request: HttpRequest = { method: req.method, protocol: 'http:', hostname: '', path: req.rawPath, query: p.query, headers: {} };
  const canonicalHeaders = getCanonicalHeaders({ ...request, headers: signed }, undefined, new Set(p.signedHeaders));
  const scope = `${p.shortDate}/${p.region}/${SERVICE}/aws4_request`;
  const key = await getSigningKey(Sha256, credential, p.shortDate, p.region, SERVICE);
  // A presigned URL signs no body: its payload hash is UNSIGNED-PAYLOAD, or the SDKs' hash of
  // the empty body they presigned.
  const hashes = declared !== undefined ? [declared] : p.presigned ? [bodyHash, UNSIGNED_PAYLOAD] : [bodyHash];
  for (const hash of hashes) {
    const stringToSign = await canonicalizer.stringToSign(request, canonicalHeaders, hash, p.longDate, scope);
    const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
    if (sameText(expected, p.signature)) return { credential, region: p.region };
  }
  throw badSignature(SIGNATURE_MISMATCH);
}
