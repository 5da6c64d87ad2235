import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ListTagsCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { completedBackup } from '../helpers/backups.js';
import { suiteServer } from '../helpers/suite.js';
import { FILE_SYSTEM, VOLUME } from './fixtures.js';

describe('recovery point tags', () => {
  const t = suiteServer({ vaults: ['v1'] });

  it('tags a fully managed recovery point, starting from its RecoveryPointTags', async () => {
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: FILE_SYSTEM, RecoveryPointTags: { team: 'a' } });
    assert.match(RecoveryPointArn, /:backup:us-east-1:\d{12}:recovery-point:/);
    assert.deepEqual((await t.client.send(new ListTagsCommand({ ResourceArn: RecoveryPointArn }))).Tags, { team: 'a' });
    await t.client.send(new TagResourceCommand({ ResourceArn: RecoveryPointArn, Tags: { case: '7' } }));
    await t.client.send(new UntagResourceCommand({ ResourceArn: RecoveryPointArn, TagKeyList: ['team'] }));
    assert.deepEqual((await t.client.send(new ListTagsCommand({ ResourceArn: RecoveryPointArn }))).Tags, { case: '7' });
  });

  it('refuses points whose tags live in another service, and points that do not exist', async () => {
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: VOLUME });
    assert.match(RecoveryPointArn, /^arn:aws:ec2:us-east-1::snapshot\//);
    assert.equal((await errorOf(() => t.client.send(new ListTagsCommand({ ResourceArn: RecoveryPointArn })))).name, 'ResourceNotFoundException');
    const missing = `arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:00000000-0000-4000-a000-000000000000`;
    assert.equal((await errorOf(() => t.client.send(new ListTagsCommand({ ResourceArn: missing })))).name, 'ResourceNotFoundException');
  });
});
