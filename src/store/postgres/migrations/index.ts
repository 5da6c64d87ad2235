/**
 * PostgreSQL's numbered schema migrations, applied in order by migrate.ts and recorded in
 * `schema_migrations`. Numbers 001-009 are the core tables and the repositories of docs, audit,
 * legal holds, restore testing, restore access, vault creations, access points and the outbox;
 * 010-019 are jobs, recovery points, scan jobs and backup indexes. Add a new file with the next free number for every
 * schema change; never edit one that has shipped. The tables mirror SQLite's (same columns,
 * same indexes); epoch-ms times and seq are BIGINT, records are JSON text. Text columns are
 * COLLATE "C" (bytewise, as SQLite's BINARY; 026 and test/store/collation.contract.test.ts).
 */
import { migration001 } from './001-core.js';
import { migration002 } from './002-audit.js';
import { migration003 } from './003-legal-holds.js';
import { migration004 } from './004-restore-testing.js';
import { migration005 } from './005-restore-access.js';
import { migration006 } from './006-vault-creations.js';
import { migration007 } from './007-access-points.js';
import { migration008 } from './008-outbox.js';
import { migration025 } from './025-report-uploads.js';
import { migration026 } from './026-bytewise-text.js';
import { migration028 } from './028-docs-key-order.js';
import { migration029 } from './029-inventory-scopes.js';
import { heavyMigrations } from './heavy.js';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

export const pgMigrations: PgMigration[] = [
  migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, ...heavyMigrations, migration025, migration026, migration028, migration029,
];
