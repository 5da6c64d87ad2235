import type { Clock } from '../clock/clock.js';
import type { Store } from '../store/types.js';
import type { TokenCodec } from './pagination.js';
import type { EventPort } from './common/events.js';

/**
 * What every domain is built from: the platform (repositories, clock, page tokens) and the
 * command line's settings. What one domain needs of another comes in as its module's ports
 * (module.ts), never through here.
 */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
  tokens: TokenCodec;
  /** Where file state lives (reports land in <dataDir>/s3); undefined in memory mode. */
  dataDir?: string;
  /**
   * Where domains emit EventBridge events and vault notifications, inside the transaction of the
   * change (common/events.ts; services/events/ delivers them after commit).
   */
  events: EventPort;
  /** Job behaviour from the command line (--strict-resources, default job duration). */
  jobSettings?: { strictResources?: boolean; defaultJobSeconds?: number };
}
