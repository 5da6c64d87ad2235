import type { Migration } from './index.js';

export const migration006: Migration = {
  version: 6,
  name: 'legal-holds',
  sql: `
    -- Legal holds: few per account, but their own table so that the engine's next due time,
    -- the account-wide count of live holds and the CREATING holds of a scope are index-backed.
    CREATE TABLE legal_holds (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      id TEXT NOT NULL,
      status TEXT NOT NULL,
      idempotency_token TEXT,
      due_at INTEGER,
      retain_until INTEGER,
      data TEXT NOT NULL
    );
    CREATE UNIQUE INDEX legal_holds_key ON legal_holds (id);
    CREATE INDEX legal_holds_scope ON legal_holds (account, region, seq);
    CREATE INDEX legal_holds_status ON legal_holds (account, status, region);
    CREATE UNIQUE INDEX legal_holds_token ON legal_holds (account, region, idempotency_token) WHERE idempotency_token IS NOT NULL;
    CREATE INDEX legal_holds_due ON legal_holds (due_at) WHERE due_at IS NOT NULL;
    -- Which recovery points a hold covers, indexed both ways: by hold in insertion order
    -- (listing, cancelling, purging) and by point (the removal guard: one seek on a 53-bit hash
    -- of the ARN, which stays fast for 100,000 random ARNs; the ARN itself is compared too).
    -- active = 1 while the hold protects the point. hold_seq is legal_holds.seq.
    CREATE TABLE legal_hold_points (
      id INTEGER PRIMARY KEY,
      hold_seq INTEGER NOT NULL,
      point_hash INTEGER NOT NULL,
      active INTEGER NOT NULL,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      point_arn TEXT NOT NULL,
      vault_name TEXT NOT NULL,
      resource_arn TEXT NOT NULL,
      resource_type TEXT NOT NULL
    );
    CREATE INDEX legal_hold_points_by_hold ON legal_hold_points (hold_seq, id);
    CREATE INDEX legal_hold_points_by_point ON legal_hold_points (point_hash, active);
  `,
};
