import type { Migration } from './index.js';

/**
 * Fewer per-resource recovery point indexes. A resource's points sit together in such an index,
 * so every new point and every deletion dirties a page of its own (a day of a thousand scheduled
 * backups touched every page of five such indexes twice). Two remain:
 * - rp_vault_resource_seq (account, region, vault, resource, seq): lists by vault and resource,
 *   and ListProtectedResources of one vault (it took rp_vault_resource's place);
 * - rp_resource_anywhere, now (resource, account, region, seq, creation_date, status): lists by
 *   resource (keyset on seq), a resource's latest point (creation_date, without the table),
 *   ListProtectedResources (in resource order) and the audit's question of where a resource has
 *   points in any account and Region (DISTINCT account, region, status, from the index alone).
 * Jobs: the source point and message category indexes hold only rows with a value (a backup job
 * has no source point; a job has no category until it ends): their filters are equalities, which
 * imply IS NOT NULL, so the partial indexes serve them alike.
 * And the per-vault counts of migration 014 are kept by the recovery points store, one statement
 * per vault and batch: its per-row triggers cost more than the rows' own inserts and deletes.
 */
export const migration015: Migration = {
  version: 15,
  name: 'point-index-upkeep',
  sql: `
    DROP INDEX rp_vault_resource;
    DROP INDEX rp_resource;
    DROP INDEX rp_resource_seq;
    DROP INDEX rp_resource_anywhere;
    DROP TRIGGER rp_count_insert;
    DROP TRIGGER rp_count_delete;
    CREATE INDEX rp_resource_anywhere ON recovery_points (resource_arn, account, region, seq, creation_date, status);
    DROP INDEX jobs_source_rp;
    CREATE INDEX jobs_source_rp ON jobs (kind, account, region, source_rp_arn, seq) WHERE source_rp_arn IS NOT NULL;
    DROP INDEX jobs_category;
    CREATE INDEX jobs_category ON jobs (kind, account, region, message_category, seq) WHERE message_category IS NOT NULL;
  `,
};
