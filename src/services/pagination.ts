/**
 * Shared pagination: MaxResults bounds and opaque, tamper-proof NextToken values.
 * A token is the keyset position plus a fingerprint of the operation and its filters, signed
 * with a per-installation secret; a forged token, or one replayed against another operation or
 * other filters, is refused with InvalidParameterValueException.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalidParameter } from '../protocol/errors.js';

export const MAX_PAGE = 1000;

export function pageSize(maxResults: number | undefined, name = 'MaxResults', max = MAX_PAGE): number {
  if (maxResults === undefined) return max;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > max) {
    throw invalidParameter(`${name} must be an integer between 1 and ${max}; got ${maxResults}.`);
  }
  return maxResults;
}

export class TokenCodec {
  constructor(private readonly secret: Buffer) {}

  private sign(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(payload).digest().subarray(0, 16);
  }

  encode(fingerprint: string, position: unknown): string {
    const payload = Buffer.from(JSON.stringify([fingerprint, position])).toString('base64url');
    return `${payload}.${this.sign(payload).toString('base64url')}`;
  }

  /** Answers the position, or undefined when there is no token. */
  decode<P>(fingerprint: string, token: string | undefined): P | undefined {
    if (token === undefined || token === '') return undefined;
    const [payload, signature] = token.split('.');
    const bad = invalidParameter('The NextToken is not valid for this request. Start again without a NextToken.');
    if (!payload || !signature) throw bad;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.sign(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw bad;
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw bad;
    }
    if (!Array.isArray(decoded) || decoded[0] !== fingerprint) throw bad;
    return decoded[1] as P;
  }
}

/**
 * Pages through a keyset-ordered source (rows with a numeric seq), applying an in-memory filter,
 * until a page is full. Answers the page and the next token.
 */
export async function pageBySeq<T>(
  codec: TokenCodec,
  fingerprint: string,
  token: string | undefined,
  limit: number,
  fetch: (afterSeq: number, batch: number) => Promise<{ seq: number; doc: T }[]>,
  keep: (doc: T) => boolean = () => true,
): Promise<{ items: T[]; nextToken: string | undefined }> {
  let after = codec.decode<number>(fingerprint, token) ?? 0;
  if (typeof after !== 'number') after = 0;
  const items: T[] = [];
  let lastSeq = after;
  const batch = Math.max(limit + 1, 100);
  for (;;) {
    const rows = await fetch(after, batch);
    for (const row of rows) {
      if (!keep(row.doc)) {
        after = row.seq;
        continue;
      }
      if (items.length === limit) return { items, nextToken: codec.encode(fingerprint, lastSeq) };
      items.push(row.doc);
      lastSeq = row.seq;
      after = row.seq;
    }
    if (rows.length < batch) return { items, nextToken: undefined };
  }
}

/**
 * pageBySeq over a store's filtered list (the indexed tables): the token is bound to the
 * operation and the whole filter; the input's MaxResults is checked (1 to MAX_PAGE).
 */
export function pageFiltered<T>(
  codec: TokenCodec,
  operation: string,
  filter: unknown,
  input: { NextToken?: string; MaxResults?: number },
  fetch: (afterSeq: number, batch: number) => Promise<{ seq: number; doc: T }[]>,
): Promise<{ items: T[]; nextToken: string | undefined }> {
  return pageBySeq(codec, `${operation}:${JSON.stringify(filter)}`, input.NextToken, pageSize(input.MaxResults), fetch);
}
