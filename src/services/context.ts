import type { Scope } from '../store/types.js';

export type { Scope };

/** Who is calling, where, and when: built by the server for every request. */
export interface RequestContext extends Scope {
  requestId: string;
  /** Business "now" for this request, read once from the clock. */
  now: Date;
  /** The calling principal (IAM or STS ARN): the account root unless a listed key names one (server/context.ts). */
  principalArn?: string;
}
