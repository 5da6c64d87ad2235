/**
 * Numbered schema migrations, applied in order and recorded in `schema_migrations`. Add a new
 * file with the next number for every schema change; never edit one that has shipped.
 */
import { migration001 } from './001-core.js';
import { migration006 } from './006-legal-holds.js';
import { migration005 } from './005-audit.js';
import { migration004 } from './004-plan-schedule.js';
import { migration003 } from './003-jobs.js';
import { migration014 } from './014-vault-point-counts.js';
import { migration009 } from './009-audit-integration.js';
import { migration011 } from './011-restore-testing.js';
import { migration008 } from './008-plans-integration.js';
import { migration013 } from './013-scan-and-indexes.js';
import { migration012 } from './012-restore-access.js';
import { migration015 } from './015-point-index-upkeep.js';
import { migration017 } from './017-vault-creations.js';
import { migration019 } from './019-scan-job-reports.js';
import { migration020 } from './020-job-retention.js';
import { migration021AccessPoints } from './021-accesspoints-access-points.js';
import { migration022EventsOutbox } from './022-events-outbox.js';
import { migration024ReportUploads } from './024-report-uploads.js';
import { migration027InventoryScopes } from './027-inventory-scopes.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  migration001,
  migration003,
  migration004,
  migration005,
  migration006,
  migration008,
  migration009,
  migration011,
  migration012,
  migration013,
  migration014,
  migration015,
  migration017,
  migration019,
  migration020,
  migration021AccessPoints,
  migration022EventsOutbox,
  migration024ReportUploads,
  migration027InventoryScopes,
];
