/**
 * AWS cron expressions as AWS Backup takes them (EventBridge syntax):
 * `cron(minutes hours day-of-month month day-of-week year)`.
 *
 * - minutes 0-59, hours 0-23, month 1-12 or JAN-DEC, year 1970-2199: `*`, `,`, `-`, `/`;
 * - day-of-month 1-31: also `?`, `L` (last day) and `nW` (weekday nearest day n);
 * - day-of-week 1-7 or SUN-SAT (1 = Sunday): also `?`, `L` (Saturday), `nL` (last weekday n of
 *   the month) and `n#k` (k-th weekday n of the month);
 * - exactly one of day-of-month and day-of-week is `?`.
 * AWS Backup does not take `rate(...)` expressions (unlike EventBridge), so neither does this.
 *
 * `nextFireAfter` answers the first instant strictly after a given one at which the schedule
 * fires in an IANA zone, following EventBridge Scheduler's daylight-saving rules (see
 * zoned-time.ts): a skipped local time does not fire, a repeated one fires once.
 */
import { instantOf, wallTimeOf, type WallTime } from './zoned-time.js';

export class CronError extends Error {}

type DayOfMonth =
  | { kind: 'none' }
  | { kind: 'days'; days: Set<number> }
  | { kind: 'last' }
  | { kind: 'nearestWeekday'; day: number };

type DayOfWeek =
  | { kind: 'none' }
  | { kind: 'days'; days: Set<number> }
  | { kind: 'lastOfMonth'; weekday: number }
  | { kind: 'nth'; weekday: number; nth: number };

export interface CronSchedule {
  expression: string;
  minutes: number[];
  hours: number[];
  dayOfMonth: DayOfMonth;
  months: Set<number>;
  dayOfWeek: DayOfWeek;
  years: Set<number>;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
export const MIN_YEAR = 1970;
export const MAX_YEAR = 2199;

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS = {
  minutes: { name: 'minutes', min: 0, max: 59 },
  hours: { name: 'hours', min: 0, max: 23 },
  dayOfMonth: { name: 'day-of-month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: MONTHS },
  dayOfWeek: { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS },
  year: { name: 'year', min: MIN_YEAR, max: MAX_YEAR },
} satisfies Record<string, FieldSpec>;

function value(text: string, spec: FieldSpec): number {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < spec.min || n > spec.max) throw new CronError(`${spec.name} value ${text} is outside ${spec.min}-${spec.max}`);
    return n;
  }
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index < 0) throw new CronError(`'${text}' is not a valid ${spec.name} value`);
  return index + 1;
}

/** Parses a list of `*`, `a`, `a-b`, `*\/n`, `a/n`, `a-b/n` items into the values it names. */
function numbers(field: string, spec: FieldSpec): number[] {
  const out = new Set<number>();
  for (const item of field.split(',')) {
    const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    if (!m) throw new CronError(`'${item}' is not a valid ${spec.name} item`);
    const [, range, stepText] = m as unknown as [string, string, string | undefined];
    let start: number;
    let end: number;
    if (range === '*') {
      start = spec.min;
      end = spec.max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      start = value(a, spec);
      end = value(b, spec);
      if (start > end) throw new CronError(`${spec.name} range ${range} runs backwards`);
    } else {
      start = value(range, spec);
      end = stepText === undefined ? start : spec.max;
    }
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1 || step > spec.max - spec.min + 1) throw new CronError(`${spec.name} step /${stepText} is out of range`);
    for (let v = start; v <= end; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

function parseDayOfMonth(field: string): DayOfMonth {
  if (field === '?') return { kind: 'none' };
  if (field === 'L') return { kind: 'last' };
  const w = /^(\d+)W$/.exec(field);
  if (w) return { kind: 'nearestWeekday', day: value(w[1]!, FIELDS.dayOfMonth) };
  if (/[LW]/.test(field)) throw new CronError(`'${field}' is not a valid day-of-month: L and W stand alone ('L', '15W')`);
  return { kind: 'days', days: new Set(numbers(field, FIELDS.dayOfMonth)) };
}

function parseDayOfWeek(field: string): DayOfWeek {
  if (field === '?') return { kind: 'none' };
  if (field === 'L') return { kind: 'days', days: new Set([7]) };
  const last = /^([A-Za-z0-9]+)L$/.exec(field);
  if (last) return { kind: 'lastOfMonth', weekday: value(last[1]!, FIELDS.dayOfWeek) };
  const nth = /^([A-Za-z0-9]+)#(\d+)$/.exec(field);
  if (nth) {
    const k = Number(nth[2]);
    if (k < 1 || k > 5) throw new CronError(`day-of-week '${field}': the occurrence after # must be 1-5`);
    return { kind: 'nth', weekday: value(nth[1]!, FIELDS.dayOfWeek), nth: k };
  }
  if (/[L#]/.test(field)) throw new CronError(`'${field}' is not a valid day-of-week: L and # stand alone ('6L', 'MON#2')`);
  return { kind: 'days', days: new Set(numbers(field, FIELDS.dayOfWeek)) };
}

/** Parses `cron(...)`; throws CronError with a reason a person can act on. */
export function parseCron(expression: string): CronSchedule {
  if (/^rate\(/i.test(expression)) throw new CronError('AWS Backup takes cron(...) expressions only, not rate(...)');
  const m = /^cron\((.*)\)$/.exec(expression);
  if (!m) throw new CronError('a schedule expression has the form cron(minutes hours day-of-month month day-of-week year)');
  const fields = m[1]!.trim().split(/\s+/);
  if (fields.length !== 6) throw new CronError(`a cron expression has 6 fields (minutes hours day-of-month month day-of-week year); found ${fields.length}`);
  const [min, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  const dayOfMonth = parseDayOfMonth(dom);
  const dayOfWeek = parseDayOfWeek(dow);
  if ((dayOfMonth.kind === 'none') === (dayOfWeek.kind === 'none')) {
    throw new CronError('exactly one of day-of-month and day-of-week must be ? (you cannot set both, or neither)');
  }
  return {
    expression,
    minutes: numbers(min, FIELDS.minutes),
    hours: numbers(hour, FIELDS.hours),
    dayOfMonth,
    months: new Set(numbers(month, FIELDS.month)),
    dayOfWeek,
    years: new Set(numbers(year, FIELDS.year)),
  };
}

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** 1 = Sunday ... 7 = Saturday. */
const weekdayOf = (year: number, month: number, day: number): number => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;

function nearestWeekday(year: number, month: number, day: number): number | undefined {
  const last = daysInMonth(year, month);
  if (day > last) return undefined;
  const wd = weekdayOf(year, month, day);
  if (wd === 7) return day === 1 ? 3 : day - 1; // Saturday: Friday before, or Monday after on the 1st
  if (wd === 1) return day === last ? day - 2 : day + 1; // Sunday: Monday after, or Friday before on the last day
  return day;
}

export function dayMatches(s: CronSchedule, year: number, month: number, day: number): boolean {
  if (!s.years.has(year) || !s.months.has(month)) return false;
  const dom = s.dayOfMonth;
  switch (dom.kind) {
    case 'days':
      return dom.days.has(day);
    case 'last':
      return day === daysInMonth(year, month);
    case 'nearestWeekday':
      return nearestWeekday(year, month, dom.day) === day;
    case 'none':
      break;
  }
  const dow = s.dayOfWeek;
  const wd = weekdayOf(year, month, day);
  switch (dow.kind) {
    case 'days':
      return dow.days.has(wd);
    case 'lastOfMonth':
      return wd === dow.weekday && day + 7 > daysInMonth(year, month);
    case 'nth':
      return wd === dow.weekday && Math.ceil(day / 7) === dow.nth;
    case 'none':
      return false;
  }
}

const compareWall = (a: WallTime, b: WallTime): number =>
  a.year - b.year || a.month - b.month || a.day - b.day || a.hour - b.hour || a.minute - b.minute;

/** The first instant strictly after afterMs at which the schedule fires in timeZone, if any. */
export function nextFireAfter(s: CronSchedule, afterMs: number, timeZone = 'Etc/UTC'): number | undefined {
  const start = wallTimeOf(afterMs, timeZone);
  let { year, month, day } = start;
  if (year < MIN_YEAR) [year, month, day] = [MIN_YEAR, 1, 1];
  while (year <= MAX_YEAR) {
    if (!s.years.has(year)) {
      [year, month, day] = [year + 1, 1, 1];
      continue;
    }
    if (!s.months.has(month)) {
      if (month === 12) [year, month, day] = [year + 1, 1, 1];
      else [month, day] = [month + 1, 1];
      continue;
    }
    if (dayMatches(s, year, month, day)) {
      for (const hour of s.hours) {
        for (const minute of s.minutes) {
          const wall = { year, month, day, hour, minute };
          if (compareWall(wall, start) < 0) continue;
          const instant = instantOf(wall, timeZone);
          if (instant !== undefined && instant > afterMs) return instant;
        }
      }
    }
    if (day < daysInMonth(year, month)) day++;
    else if (month < 12) [month, day] = [month + 1, 1];
    else [year, month, day] = [year + 1, 1, 1];
  }
  return undefined;
}

/** The next `count` firing instants after afterMs. */
export function nextFires(s: CronSchedule, afterMs: number, timeZone: string, count: number): number[] {
  const out: number[] = [];
  let t = afterMs;
  while (out.length < count) {
    const next = nextFireAfter(s, t, timeZone);
    if (next === undefined) break;
    out.push(next);
    t = next;
  }
  return out;
}
