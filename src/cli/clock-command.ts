/** `holdfast clock show` and `holdfast clock advance 30d|12h|90m|SECONDS` against a running server. */
import { parseArgs } from 'node:util';
import { DEFAULT_PORT } from '../app.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text);
  if (!m) throw Object.assign(new Error(`'${text}' is not a duration; use 30d, 12h, 90m or a number of seconds`), { code: 'ERR_PARSE_ARGS_DURATION' });
  return Number(m[1]) * UNITS[m[2] || 's']!;
}

export async function clockCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { endpoint: { type: 'string' } },
  });
  const endpoint = (values.endpoint ?? `http://127.0.0.1:${DEFAULT_PORT}`).replace(/\/$/, '');
  const [sub, amount] = positionals;
  let response: Response;
  if (sub === 'show' && positionals.length === 1) {
    response = await fetch(`${endpoint}/_holdfast/clock`);
  } else if (sub === 'advance' && amount !== undefined && positionals.length === 2) {
    response = await fetch(`${endpoint}/_holdfast/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: parseDuration(amount) }),
    });
  } else {
    throw Object.assign(new Error('usage: holdfast clock show | holdfast clock advance 30d|12h|90m|SECONDS'), { code: 'ERR_PARSE_ARGS_CLOCK' });
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`the server answered ${response.status}: ${text}`);
  process.stdout.write(`${text}\n`);
}
