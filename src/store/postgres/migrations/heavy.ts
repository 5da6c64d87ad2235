/** The PostgreSQL migrations of the high-volume tables (jobs, recovery points, scan jobs, backup indexes), in order. */
import type { Migration } from '../../sqlite/migrations/index.js';
import { migration010 } from './010-jobs.js';
import { migration011 } from './011-recovery-points.js';
import { migration012 } from './012-scan-jobs.js';
import { migration013 } from './013-point-indexes.js';

export const heavyMigrations: Migration[] = [migration010, migration011, migration012, migration013];
