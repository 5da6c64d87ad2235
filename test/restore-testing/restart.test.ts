/** A restore testing plan's schedule lives in the database: it fires after a restart too. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BackupClient, CreateBackupVaultCommand, ListRestoreJobsCommand, StartBackupJobCommand } from '@aws-sdk/client-backup';
import { startHoldfast, type Holdfast } from '../../src/app.js';
import { ACCOUNT, T0 } from '../helpers/server.js';
import { createPlan, createSelection, ROLE, VOLUME } from './fixtures.js';

describe('restore testing across a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-rtest-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const clientOf = (hf: Holdfast): BackupClient =>
    new BackupClient({ endpoint: hf.url, region: 'us-east-1', credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'x' }, maxAttempts: 1 });

  it('fires the plan on schedule after the server restarts', async () => {
    let hf = await startHoldfast({ port: 0, dataDir: dir, frozenClock: true, startTime: T0 });
    let client = clientOf(hf);
    await client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    await client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: VOLUME, IamRoleArn: ROLE }));
    const { RestoreTestingPlanArn: planArn } = await createPlan(client, 'p');
    await createSelection(client, 'p', 'ebs_sel', { ProtectedResourceArns: [VOLUME] });
    await hf.engine.advanceTo(T0.getTime() + 3600_000);
    client.destroy();
    await hf.close();

    hf = await startHoldfast({ port: 0, dataDir: dir, frozenClock: true });
    client = clientOf(hf);
    try {
      await hf.engine.advanceTo(T0.getTime() + 6 * 3600_000);
      const jobs = (await client.send(new ListRestoreJobsCommand({ ByRestoreTestingPlanArn: planArn }))).RestoreJobs!;
      assert.equal(jobs.length, 1);
      assert.deepEqual(jobs[0]!.CreationDate, new Date(T0.getTime() + 5 * 3600_000));
      assert.equal(jobs[0]!.Status, 'COMPLETED');
    } finally {
      client.destroy();
      await hf.close();
    }
  });
});
