/**
 * How an instance's business clock starts, from its options (--start-time, --frozen-clock) and
 * the clock its database holds (meta 'clock').
 *
 * - A database of its own (SQLite): a restart resumes the saved clock; --start-time sets it
 *   anew (a restart is the only server on it), --frozen-clock freezes a running one.
 * - A database other instances may share (PostgreSQL): the first instance makes the shared clock
 *   from its options and records them (meta 'clock-start'). An instance that joins a database
 *   that already holds a clock adopts it as it is: its options never move, freeze or put back
 *   the clock of the others. An option it is given that disagrees with the recorded one
 *   refuses the start-up (ClockStartError) rather than be ignored: the instance would not run
 *   at the time its operator asked for. Options equal to the recorded ones are welcome (every
 *   instance of a group may be started with the same options, and restarted with them).
 */
import type { MetaStore } from '../store/types.js';
import { Clock, type ClockOptions, type ClockState } from './clock.js';

/** An instance's clock options disagree with the shared clock of the database it joins. */
export class ClockStartError extends Error {
  constructor(
    message: string,
    /** The Node API's name of the option that disagrees. */
    readonly option: 'startTime' | 'frozenClock',
  ) {
    super(message);
  }
}

export interface StartedClock {
  clock: Clock;
  /** How the clock started (what the admin reset puts back): on a shared database, as its first instance started it. */
  start: ClockOptions;
}

/** The options the first instance on a shared database was given (meta 'clock-start'). */
interface RecordedStart {
  frozen: boolean;
  startTimeMs?: number;
}

function recordOf(options: ClockOptions): RecordedStart {
  return { frozen: options.frozen === true, ...(options.startTime ? { startTimeMs: options.startTime.getTime() } : {}) };
}

function shown(start: RecordedStart): string {
  const at = start.startTimeMs === undefined ? 'at real time' : `with --start-time ${new Date(start.startTimeMs).toISOString()}`;
  return `${at}, ${start.frozen ? 'frozen (--frozen-clock)' : 'running'}`;
}

/** Why the options disagree with the recorded start, or undefined when they agree (options not given agree). */
function disagreement(options: ClockOptions, recorded: RecordedStart | undefined): { message: string; option: ClockStartError['option'] } | undefined {
  const given = [
    ...(options.startTime ? [`--start-time ${options.startTime.toISOString()}`] : []),
    ...(options.frozen !== undefined ? [options.frozen ? '--frozen-clock' : 'a running clock (frozenClock: false)'] : []),
  ];
  if (!given.length) return undefined;
  const startDiffers = options.startTime !== undefined && options.startTime.getTime() !== recorded?.startTimeMs;
  const option = startDiffers ? 'startTime' : 'frozenClock';
  if (!recorded) return { message: `this instance was given ${given.join(' and ')}, and the database does not record how its clock started`, option };
  const frozenDiffers = options.frozen !== undefined && options.frozen !== recorded.frozen;
  if (!startDiffers && !frozenDiffers) return undefined;
  return { message: `this instance was given ${given.join(' and ')}, and the shared clock was started ${shown(recorded)}`, option };
}

/** Starts the instance's clock (see the header), saving it in the caller's transaction when it is new or set anew. */
export async function startClock(meta: MetaStore, options: ClockOptions, shared: boolean): Promise<StartedClock> {
  const saved = await meta.get('clock');
  const save = (clock: Clock): Promise<void> => meta.set('clock', JSON.stringify(clock.state()));
  if (!shared) {
    const clock = new Clock(options);
    if (saved && !options.startTime) clock.restore(JSON.parse(saved) as ClockState, options.frozen);
    await save(clock);
    return { clock, start: options };
  }
  if (saved === undefined) {
    const clock = new Clock(options);
    await save(clock);
    await meta.set('clock-start', JSON.stringify(recordOf(options)));
    return { clock, start: options };
  }
  const clock = new Clock();
  clock.restore(JSON.parse(saved) as ClockState);
  const recordedText = await meta.get('clock-start');
  // A clock saved before Holdfast recorded the options: --frozen-clock is checked against the
  // clock's own state, which becomes the record once accepted (a --start-time cannot be checked: refused).
  const recorded = recordedText !== undefined ? (JSON.parse(recordedText) as RecordedStart) : options.startTime ? undefined : { frozen: clock.frozen };
  const why = disagreement(options, recorded);
  if (why) {
    throw new ClockStartError(
      `The database already holds the business clock that its instances share (now ${clock.now().toISOString()}, ${clock.frozen ? 'frozen' : 'running'}); ` +
        `${why.message}. An instance that joins a database takes its clock as it is: start it with the same --start-time and --frozen-clock as the first instance, or without them (move the shared clock through the admin API).`,
      why.option,
    );
  }
  // Not refused: recorded is set (only a --start-time without a record leaves it unset, and that is refused).
  const start = recorded!;
  if (recordedText === undefined) await meta.set('clock-start', JSON.stringify(start));
  return { clock, start: { frozen: start.frozen, ...(start.startTimeMs !== undefined ? { startTime: new Date(start.startTimeMs) } : {}) } };
}
