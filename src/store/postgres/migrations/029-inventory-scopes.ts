import type { PgMigration } from './index.js';

/**
 * SQLite's 027: each inventory entry moves from the global key (account '*', region '*') under its
 * ARN's own account and Region (arn:PARTITION:SERVICE:REGION:ACCOUNT:..., '' and '' for S3
 * buckets), the rule of resources/inventory.ts `inventoryScope`; seq is kept. docs_kind_order
 * exists since 001.
 */
export const migration029: PgMigration = {
  version: 29,
  name: 'inventory-scopes',
  sql: `
    UPDATE docs SET account = split_part(id, ':', 5), region = split_part(id, ':', 4)
      WHERE kind = 'inventory-resource' AND account = '*' AND region = '*';
  `,
};
