/**
 * Wall-clock time in IANA time zones through Intl, with no extra packages. Converts a local
 * date and time to the instant it names, following EventBridge Scheduler's documented rules
 * for daylight saving time: a local time skipped by a spring-forward shift does not exist
 * (answers undefined), and a local time repeated by a fall-back shift names only its first
 * occurrence.
 */
import { HOUR_MS, MINUTE_MS } from '../common/time.js';

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** IANA names only: Area/Location (with optional sub-location) or a bare name such as UTC. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/** Whether the name is a time zone that Intl knows (so an IANA name or a link to one). */
export function isValidTimeZone(name: string): boolean {
  if (!ZONE_NAME.test(name)) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

const isUtc = (tz: string): boolean => tz === 'UTC' || tz === 'Etc/UTC' || tz === 'Etc/GMT' || tz === 'GMT';

/** The wall-clock fields of an instant in a zone (seconds dropped). */
export function wallTimeOf(instantMs: number, timeZone: string): WallTime {
  if (isUtc(timeZone)) {
    const d = new Date(instantMs);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
  }
  const parts = formatter(timeZone).formatToParts(new Date(instantMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  let year = get('year');
  if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
  return { year, month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

const wallMs = (w: WallTime): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);

/** Offset (local minus UTC) in ms at an instant, at minute precision. */
function offsetAt(instantMs: number, timeZone: string): number {
  const floored = Math.floor(instantMs / MINUTE_MS) * MINUTE_MS;
  return wallMs(wallTimeOf(floored, timeZone)) - floored;
}

const HOURS_36 = 36 * HOUR_MS;

/**
 * The instant a local wall time names in a zone: undefined in a spring-forward gap, the first
 * occurrence in a fall-back overlap.
 */
export function instantOf(wall: WallTime, timeZone: string): number | undefined {
  const local = wallMs(wall);
  if (isUtc(timeZone)) return local;
  const offsets = new Set([offsetAt(local - HOURS_36, timeZone), offsetAt(local + HOURS_36, timeZone)]);
  let best: number | undefined;
  for (const offset of offsets) {
    const candidate = local - offset;
    if (offsetAt(candidate, timeZone) === offset && (best === undefined || candidate < best)) best = candidate;
  }
  return best;
}
