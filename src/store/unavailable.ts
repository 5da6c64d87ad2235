/**
 * The store cannot reach its database (a PostgreSQL server that stopped, refused or timed out).
 * Requests answer it as AWS's ServiceUnavailableException (HTTP 503): a retry may succeed, and
 * nothing of the failed call was written.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';

  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}
