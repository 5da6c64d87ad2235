import type { Clock } from '../clock/clock.js';
import type { Store } from '../store/types.js';
import type { TokenCodec } from './pagination.js';
import type { Engine } from '../engine/engine.js';
import type { RemovalGuards } from './recovery-points/contract.js';
import type { TaggableResources } from './tags/registry.js';
import type { S3SinkOptions } from './audit/s3-sink.js';
import type { EventPort } from './common/events.js';

/** What every domain service is built from. */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
  tokens: TokenCodec;
  engine: Engine;
  /** Checked before any recovery point is deleted or disassociated (legal holds and backup access points register here). */
  removalGuards: RemovalGuards;
  /** Taggable resource types: each domain registers its own (see services/tags/registry.ts). */
  taggable: TaggableResources;
  /** Where file state lives (reports land in <dataDir>/s3); undefined in memory mode. */
  dataDir?: string;
  /** Audit reports go to this S3-compatible server instead of <dataDir>/s3 (--s3-endpoint). */
  reportS3?: S3SinkOptions;
  /**
   * Where domains emit EventBridge events and vault notifications, inside the transaction of the
   * change (common/events.ts; services/events/ delivers them after commit).
   */
  events: EventPort;
  /** Job behaviour from the command line (--strict-resources, default job duration). */
  jobSettings?: { strictResources?: boolean; defaultJobSeconds?: number };
}
