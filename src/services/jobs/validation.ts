/** The start and complete windows of a backup job. */
import { invalidParameter } from '../../protocol/errors.js';
import { MAX_WINDOW_MINUTES } from '../common/time.js';

export function validateWindow(minutes: number | undefined, name: string, min: number): void {
  if (minutes === undefined) return;
  if (!Number.isInteger(minutes) || minutes < min || minutes > MAX_WINDOW_MINUTES) {
    throw invalidParameter(`${name} must be a whole number of minutes from ${min} to ${MAX_WINDOW_MINUTES}; got ${minutes}.`);
  }
}
