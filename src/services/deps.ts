import type { Clock } from '../clock/clock.js';
import type { Store } from '../store/types.js';
import type { TokenCodec } from './pagination.js';

/** What every domain service is built from. */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
  tokens: TokenCodec;
}
