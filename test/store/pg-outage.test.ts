/**
 * The PostgreSQL server goes away under a running Holdfast and comes back: requests answer AWS's
 * ServiceUnavailableException (503) at once instead of hanging, an engine pass fails without
 * losing its work, and the instance recovers by itself, with every acknowledged write kept.
 * (Vaults, tags and vault creations only: the paths whose repositories are built on PostgreSQL.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateBackupVaultCommand,
  CreateLogicallyAirGappedBackupVaultCommand,
  ListTagsCommand,
} from '@aws-sdk/client-backup';
import { LAG_CREATING_SECONDS } from '../../src/services/vaults/vault-creation.js';
import { VAULT_KIND, type VaultRecord } from '../../src/services/vaults/vault-record.js';
import { StoreUnavailableError } from '../../src/store/unavailable.js';
import { postgresAvailable, startPostgresCluster, type PostgresServer } from '../helpers/postgres.js';
import { ACCOUNT, errorOf, startTestServer, type TestServer } from '../helpers/server.js';

describe('a PostgreSQL server lost mid-run', { skip: !postgresAvailable() && 'PostgreSQL 15 is not installed' }, () => {
  let cluster: PostgresServer;
  let t: TestServer;
  before(async () => {
    cluster = await startPostgresCluster();
    t = await startTestServer({ database: cluster.url });
  });
  after(async () => {
    await t?.close();
    cluster?.stop();
  });

  it('answers 503 while it is away, and recovers by itself with nothing acknowledged lost', async () => {
    const { BackupVaultArn } = await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'before', BackupVaultTags: { team: 'a' } }));
    await t.client.send(new CreateLogicallyAirGappedBackupVaultCommand({ BackupVaultName: 'lag', MinRetentionDays: 7, MaxRetentionDays: 30 }));
    const scope = { accountId: ACCOUNT, region: 'us-east-1' };

    cluster.pause();
    const started = Date.now();
    for (const call of [
      () => t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'during' })),
      () => t.client.send(new ListTagsCommand({ ResourceArn: BackupVaultArn })),
    ]) {
      const e = await errorOf(call);
      assert.equal(e.name, 'ServiceUnavailableException');
      assert.equal(e.$metadata?.httpStatusCode, 503);
      assert.match(e.message, /^The database postgres:\/\/\S+ is unavailable: .*Retry the request later\.$/);
    }
    // The creation is due during the outage: the pass fails and commits nothing.
    await assert.rejects(t.advance(LAG_CREATING_SECONDS), StoreUnavailableError);
    assert.ok(Date.now() - started < 10_000, 'failures come at once (the server refuses), never a hang');

    cluster.resume();
    assert.deepEqual((await t.client.send(new ListTagsCommand({ ResourceArn: BackupVaultArn }))).Tags, { team: 'a' });
    const again = await errorOf(() => t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'before' })));
    assert.equal(again.name, 'AlreadyExistsException');
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'during' }));
    // The failed pass's work was still due, and runs now.
    await t.advance(LAG_CREATING_SECONDS);
    const lag = await t.hf.store.docs<VaultRecord>(VAULT_KIND).get(scope, 'lag');
    assert.equal(lag?.vaultState, 'AVAILABLE');
  });
});
