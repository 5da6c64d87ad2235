/**
 * What every console route shares: the scope from the `account` and `region` query parameters
 * (default 000000000000 / us-east-1, the account of unsigned requests), and errors answered as
 * `{ "message": ... }` with 400 or 404.
 */
import { AdminError, type AdminRequest, type AdminRoute } from '../../server/admin.js';
import { ServiceError } from '../../protocol/errors.js';
import type { Scope } from '../../store/types.js';
import { ACCOUNT_ID, REGION } from '../common/names.js';

export const DEFAULT_SCOPE: Scope = { accountId: '000000000000', region: 'us-east-1' };

export const badRequest = (message: string): AdminError => new AdminError(400, message);

/** The one value of a query parameter; a repeated one is refused. */
export function single(req: AdminRequest, name: string): string | undefined {
  const values = req.query.getAll(name);
  if (values.length > 1) throw badRequest(`Give "${name}" once; it was given ${values.length} times.`);
  return values[0];
}

export function required(req: AdminRequest, name: string): string {
  const value = single(req, name);
  if (value === undefined || value === '') throw badRequest(`The query parameter "${name}" is required.`);
  return value;
}

export function scopeOf(req: AdminRequest): Scope {
  const accountId = single(req, 'account') ?? DEFAULT_SCOPE.accountId;
  const region = single(req, 'region') ?? DEFAULT_SCOPE.region;
  if (!ACCOUNT_ID.test(accountId)) throw badRequest(`"account" must be a 12-digit AWS account id; got '${accountId}'.`);
  if (!REGION.test(region)) throw badRequest(`"region" must be an AWS Region such as us-east-1; got '${region}'.`);
  return { accountId, region };
}

/** An integer query parameter within [min, max], or its default. */
export function intParam(req: AdminRequest, name: string, min: number, max: number, fallback: number): number {
  const text = single(req, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw badRequest(`"${name}" must be a whole number from ${min} to ${max}; got '${text}'.`);
  return n;
}

/** A console route: JSON out, and its refusals as `{ message }` (the other admin routes answer `{ error }`). */
export function consoleRoute(path: string, handle: (req: AdminRequest) => Promise<unknown>): AdminRoute {
  return {
    method: 'GET',
    path: `/console/${path}`,
    handle: async (req) => {
      try {
        return { status: 200, json: await handle(req) };
      } catch (e) {
        if (e instanceof AdminError) return { status: e.status, json: { message: e.message } };
        // A domain's own refusal, in its words: 404 for what does not exist (AWS answers that 400), else its status.
        if (e instanceof ServiceError) return { status: e.name === 'ResourceNotFoundException' ? 404 : e.status, json: { message: e.message } };
        throw e;
      }
    },
  };
}
