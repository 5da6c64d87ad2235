import type { Migration } from './index.js';

/**
 * The inventory (resources/inventory.ts) was stored under one global key (account '*', region
 * '*'): every plan firing read all of it to keep one scope's. Each entry moves under its ARN's own
 * account and Region (arn:PARTITION:SERVICE:REGION:ACCOUNT:..., '' and '' for S3 buckets), the
 * rule of `inventoryScope`; seq (the order entries were first stored in) is kept. docs_kind_order
 * (PostgreSQL has it since its 001) keeps paging the whole inventory in seq order an indexed read.
 */
export const migration027InventoryScopes: Migration = {
  version: 27,
  name: 'inventory-scopes',
  sql: `
    CREATE INDEX docs_kind_order ON docs (kind, seq);
    WITH
      f1 AS (SELECT seq, substr(id, instr(id, ':') + 1) AS rest FROM docs WHERE kind = 'inventory-resource' AND account = '*' AND region = '*'),
      f2 AS (SELECT seq, substr(rest, instr(rest, ':') + 1) AS rest FROM f1),
      f3 AS (SELECT seq, substr(rest, instr(rest, ':') + 1) AS rest FROM f2),
      f4 AS (SELECT seq, substr(rest, 1, instr(rest, ':') - 1) AS region, substr(rest, instr(rest, ':') + 1) AS rest FROM f3)
    UPDATE docs SET region = f4.region, account = substr(f4.rest, 1, instr(f4.rest, ':') - 1)
      FROM f4 WHERE docs.seq = f4.seq;
  `,
};
