import type { PgMigration } from './index.js';

/**
 * Legal holds and the recovery points each covers (SQLite's 006): the link table is indexed by
 * hold in insertion order and by point (a 53-bit hash of the ARN; the ARN is compared too).
 */
export const migration003: PgMigration = {
  version: 3,
  name: 'legal-holds',
  sql: `
    CREATE TABLE legal_holds (
      seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      id TEXT NOT NULL,
      status TEXT NOT NULL,
      idempotency_token TEXT,
      due_at BIGINT,
      retain_until BIGINT,
      data TEXT NOT NULL
    );
    CREATE UNIQUE INDEX legal_holds_key ON legal_holds (id);
    CREATE INDEX legal_holds_scope ON legal_holds (account, region, seq);
    CREATE INDEX legal_holds_status ON legal_holds (account, status, region);
    CREATE UNIQUE INDEX legal_holds_token ON legal_holds (account, region, idempotency_token) WHERE idempotency_token IS NOT NULL;
    CREATE INDEX legal_holds_due ON legal_holds (due_at) WHERE due_at IS NOT NULL;
    CREATE TABLE legal_hold_points (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      hold_seq BIGINT NOT NULL,
      point_hash BIGINT NOT NULL,
      active SMALLINT NOT NULL,
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
