/**
 * Signed raw requests for the strict-mode tests: the AWS SDK's own signer (@smithy/signature-v4),
 * so that a test can sign one request and send another (a changed path, query or body).
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { parseCredentials } from '../../src/server/credentials.js';

class Sha256 {
  private readonly h;
  constructor(secret?: SourceData) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', Buffer.from(secret as Uint8Array));
  }
  update(d: SourceData): void {
    this.h.update(typeof d === 'string' ? d : Buffer.from(d as Uint8Array));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
}

export interface Key {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Two listed keys: an admin role of 111111111111, and a session of 222222222222. */
export const ADMIN: Key = { accessKeyId: 'AKIAADMIN0000000001', secretAccessKey: 'admin-secret' };
export const SESSION: Key = { accessKeyId: 'ASIASESSION00000001', secretAccessKey: 'session-secret', sessionToken: 'token-of-the-session' };
export const CREDENTIALS = parseCredentials({
  credentials: [
    { ...ADMIN, accountId: '111111111111', principalArn: 'arn:aws:iam::111111111111:role/Admin' },
    { ...SESSION, accountId: '222222222222', principalArn: 'arn:aws:sts::222222222222:assumed-role/Ops/alice' },
  ],
});

export interface RawRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

export interface SignOptions {
  region?: string;
  service?: string;
  date?: Date;
  presign?: { expiresIn: number };
}

/** Signs `signed` and answers the headers and query to send (the signature's parts). */
export async function sign(url: string, key: Key, signed: RawRequest, options: SignOptions = {}): Promise<{ headers: Record<string, string>; query: Record<string, string> }> {
  const u = new URL(url);
  const signer = new SignatureV4({ service: options.service ?? 'backup', region: options.region ?? 'us-east-1', credentials: key, sha256: Sha256 });
  const request = {
    method: signed.method,
    protocol: 'http:',
    hostname: u.hostname,
    port: Number(u.port),
    path: signed.path,
    query: { ...signed.query },
    headers: { host: u.host, ...(signed.body !== undefined ? { 'content-type': 'application/json' } : {}), ...signed.headers },
    body: signed.body,
  };
  const date = options.date ?? new Date();
  const out = options.presign
    ? await signer.presign(request, { signingDate: date, expiresIn: options.presign.expiresIn })
    : await signer.sign(request, { signingDate: date });
  return { headers: out.headers, query: out.query as Record<string, string> };
}

/** Sends a request with the given headers and query (encoded as the SDKs encode them). */
export async function send(url: string, req: RawRequest): Promise<{ status: number; type: string | null; json: any }> {
  const qs = Object.entries(req.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  const headers = { ...req.headers };
  delete headers.host;
  const res = await fetch(`${url}${req.path}${qs ? `?${qs}` : ''}`, { method: req.method, headers, body: req.body });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), json: text ? JSON.parse(text) : undefined };
}

/** Signs a request and sends it unchanged. */
export async function signedSend(url: string, key: Key, req: RawRequest, options: SignOptions = {}): Promise<{ status: number; type: string | null; json: any }> {
  const { headers, query } = await sign(url, key, req, options);
  return send(url, { ...req, headers, query });
}
