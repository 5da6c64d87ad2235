/** The one error the `holdfast` package throws: a bad option, a refused call, an unreachable server. */
export class HoldfastError extends Error {
  override readonly name = 'HoldfastError';
  /** The start option at fault (`port`, `resources`, ...), when an option is. */
  readonly option: string | undefined;
  /** The HTTP status the admin API answered, when it answered. */
  readonly status: number | undefined;

  constructor(message: string, details: { option?: string; status?: number; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.option = details.option;
    this.status = details.status;
  }
}

/** An error about one start option: `startHoldfast: option 'port': ...`. */
export function optionError(option: string, problem: string, cause?: unknown): HoldfastError {
  return new HoldfastError(`startHoldfast: option '${option}' ${problem}`, { option, cause });
}
