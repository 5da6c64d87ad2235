/**
 * Raw AWS Backup REST calls signed with SigV4 by @smithy/signature-v4, for the operations no
 * pinned JS client has (the backup access points, which botocore has and @aws-sdk/client-backup
 * 3.1092.0 lacks): what a user without a generated client would send. Labels are
 * percent-encoded whole (an ARN's `:` and `/` too), as the SDKs encode them.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data): Buffer | string =>
  typeof d === 'string' ? d : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

/** SHA-256 (or HMAC-SHA-256 with a secret) over node:crypto, in the shape the signer takes. */
class Sha256 {
  private readonly hash;

  constructor(secret?: Data) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }

  update(data: Data): void {
    this.hash.update(bytes(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

export interface SignedReply {
  status: number;
  /** x-amzn-ErrorType, for an error. */
  errorType: string | null;
  json: any;
}

export interface SignedClient {
  call(method: string, path: string, options?: { query?: Record<string, string>; body?: unknown }): Promise<SignedReply>;
}

/** `label(arn)` for a path segment. */
export const label = (value: string): string => encodeURIComponent(value);

/** A client that signs as `accountId` (Holdfast's account from a 12-digit access key id) in `region`. */
export function signedClient(endpoint: string, accountId: string, region = 'us-east-1'): SignedClient {
  const signer = new SignatureV4({ service: 'backup', region, sha256: Sha256, credentials: { accessKeyId: accountId, secretAccessKey: 'secret' } });
  const url = new URL(endpoint);
  return {
    async call(method, path, options = {}) {
      const body = options.body === undefined ? undefined : JSON.stringify(options.body);
      const headers: Record<string, string> = { host: url.host };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const signed = await signer.sign({
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path,
        query: options.query ?? {},
        headers,
        body,
      });
      const query = new URLSearchParams(options.query ?? {}).toString();
      const res = await fetch(`${endpoint}${path}${query ? `?${query}` : ''}`, { method, headers: signed.headers, body });
      const text = await res.text();
      return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), json: text ? JSON.parse(text) : undefined };
    },
  };
}
