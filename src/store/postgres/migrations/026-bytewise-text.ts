import type { PgMigration } from './index.js';

/**
 * Every text column of the tables of migrations 001-008 and 025, and the record (data) columns
 * of 010-013, compare bytewise (COLLATE "C", as SQLite's BINARY; 010-013's other text columns
 * already did). A database created with a language collation (en_US.UTF-8, ICU) sorts
 * `arn:A_b` < `arn:a-x` < `arn:B`, where SQLite sorts `arn:A_b` < `arn:B` < `arn:a-x`: without
 * this, ties among equal due times (plan and restore testing schedules, vault creations, report
 * uploads) and any order or range on a text column could differ between the backends. Changing
 * a column's collation keeps its rows (no table rewrite) and rebuilds the indexes on it. Every
 * later migration declares its text columns COLLATE "C" (test/store/collation.contract.test.ts
 * checks the whole schema).
 */
const COLUMNS: Record<string, string[]> = {
  meta: ['key', 'value'],
  docs: ['kind', 'account', 'region', 'id', 'data'],
  tags: ['arn', 'account', 'region', 'data'],
  plan_schedule: ['account', 'region', 'plan_id', 'rule_id'],
  audit_schedule: ['kind', 'account', 'region', 'id'],
  report_jobs: ['id', 'account', 'region', 'plan_name', 'status', 'idempotency_token', 'data'],
  legal_holds: ['account', 'region', 'id', 'status', 'idempotency_token', 'data'],
  legal_hold_points: ['account', 'region', 'point_arn', 'vault_name', 'resource_arn', 'resource_type'],
  restore_testing_schedule: ['account', 'region', 'plan_name'],
  restore_testing_jobs: ['job_id', 'data'],
  restore_access_vaults: ['source_account', 'source_region', 'source_vault', 'arn', 'account', 'region', 'name', 'data'],
  vault_creations: ['account', 'region', 'name'],
  access_points: ['arn', 'account', 'region', 'point_arn', 'resource_arn', 'status', 'data'],
  outbox: ['channel', 'target', 'account', 'region', 'detail_type', 'order_key', 'resources', 'payload', 'pending', 'delivered', 'last_error'],
  report_uploads: ['job_id', 'account', 'region', 'last_error'],
  jobs: ['data'],
  recovery_points: ['data'],
  scan_jobs: ['data'],
  recovery_point_indexes: ['data'],
};

export const migration026: PgMigration = {
  version: 26,
  name: 'bytewise-text',
  sql: Object.entries(COLUMNS)
    .map(([table, columns]) => `ALTER TABLE ${table} ${columns.map((c) => `ALTER COLUMN ${c} TYPE TEXT COLLATE "C"`).join(', ')};`)
    .join('\n'),
};
