/**
 * The business clock: now, frozen or running, advance by a duration, freeze, resume
 * (GET and POST /_holdfast/clock, the same route as `holdfast clock`). Durations are parsed by the
 * clock's own parser (src/clock/duration.ts).
 */
import { useState } from 'preact/hooks';
import { DurationError, parseDuration } from '../../../src/clock/duration.js';
import { formatTime } from '../lib/format.js';

export interface ClockState {
  now: string;
  frozen: boolean;
}

export interface ClockPanelProps {
  clock: ClockState | undefined;
  /** Sends a POST /_holdfast/clock body; resolves once the server answered. */
  change: (body: { advanceSeconds?: number; frozen?: boolean }) => Promise<void>;
}

export function ClockPanel({ clock, change }: ClockPanelProps) {
  const [by, setBy] = useState('1h');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const act = async (body: { advanceSeconds?: number; frozen?: boolean }): Promise<void> => {
    setBusy(true);
    setProblem(undefined);
    try {
      await change(body);
    } catch (e) {
      setProblem((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const advance = (ev: Event): void => {
    ev.preventDefault();
    let seconds: number;
    try {
      seconds = parseDuration(by.trim());
    } catch (e) {
      setProblem(e instanceof DurationError ? e.message : String(e));
      return;
    }
    void act({ advanceSeconds: seconds });
  };
  return (
    <section class="clock" aria-label="Business clock">
      <div>
        <span class="clock-now" data-testid="clock-now">
          {clock ? formatTime(clock.now) : '...'}
        </span>{' '}
        <span class={`badge ${clock?.frozen ? 'frozen' : 'running'}`} data-testid="clock-state">
          {clock ? (clock.frozen ? 'frozen' : 'running') : ''}
        </span>
      </div>
      <form onSubmit={advance} class="clock-controls">
        <label>
          Advance by{' '}
          <input name="advance" value={by} size={6} onInput={(e) => setBy((e.target as HTMLInputElement).value)} title="30d, 12h, 90m, 45s or seconds" />
        </label>
        <button type="submit" disabled={busy}>
          Advance
        </button>
        {clock?.frozen ? (
          <button type="button" disabled={busy} onClick={() => void act({ frozen: false })}>
            Resume
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={() => void act({ frozen: true })}>
            Freeze
          </button>
        )}
      </form>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
