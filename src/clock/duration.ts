/**
 * Durations the clock moves by: `30d`, `12h`, `90m`, `45s` or a plain number of seconds. The one
 * parser behind `holdfast clock advance` and the Node API's `clock.advance`.
 */
export class DurationError extends Error {}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** The number of seconds `text` stands for; the clock only moves forward, so never negative. */
export function parseDuration(text: string): number {
  if (/^-\d/.test(text)) throw new DurationError(`the clock cannot move backwards; '${text}' is negative`);
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text);
  if (!m) throw new DurationError(`'${text}' is not a duration; use 30d, 12h, 90m or a number of seconds`);
  return Number(m[1]) * UNITS[m[2] || 's']!;
}
