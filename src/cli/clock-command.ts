/**
 * `holdfast clock show`, `holdfast clock advance 30d|12h|90m|SECONDS` and
 * `holdfast clock set ISO` against a running server. The clock only moves forward: advance
 * refuses a negative duration here, and the server refuses any move backwards.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_PORT } from '../app.js';
import { parseDuration } from '../clock/duration.js';

/** Every flag of `holdfast clock` (USAGE documents each). */
export const CLOCK_OPTIONS = {
  endpoint: { type: 'string' },
  'admin-token': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const usageError = (message: string): Error => Object.assign(new Error(message), { code: 'ERR_PARSE_ARGS_CLOCK' });

/** A duration argument; a bad one is a usage error. */
function durationArg(text: string): number {
  try {
    return parseDuration(text);
  } catch (e) {
    throw usageError((e as Error).message);
  }
}

export async function clockCommand(args: string[], usage: string): Promise<void> {
  // A negative duration would otherwise read as an unknown option.
  const negative = args.find((a) => /^-\d/.test(a));
  if (negative !== undefined) durationArg(negative);
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: CLOCK_OPTIONS });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const endpoint = (values.endpoint ?? `http://127.0.0.1:${DEFAULT_PORT}`).replace(/\/$/, '');
  const adminToken = values['admin-token'] ?? (process.env.HOLDFAST_ADMIN_TOKEN || undefined);
  const auth: Record<string, string> = adminToken === undefined ? {} : { authorization: `Bearer ${adminToken}` };
  const [sub, arg] = positionals;
  let body: unknown;
  if (sub === 'show' && positionals.length === 1) body = undefined;
  else if (sub === 'advance' && arg !== undefined && positionals.length === 2) body = { advanceSeconds: durationArg(arg) };
  else if (sub === 'set' && arg !== undefined && positionals.length === 2) {
    if (Number.isNaN(Date.parse(arg))) throw usageError(`'${arg}' is not an ISO-8601 instant such as 2026-01-02T03:04:05Z`);
    body = { set: arg };
  } else throw usageError('usage: holdfast clock show | advance 30d|12h|90m|SECONDS | set ISO-INSTANT');
  let response: Response;
  try {
    response = await fetch(`${endpoint}/_holdfast/clock`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`cannot reach a Holdfast server at ${endpoint}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // not JSON: show it as it came
    }
    throw new Error(`the server refused (${response.status}): ${message}`);
  }
  process.stdout.write(`${text}\n`);
}
