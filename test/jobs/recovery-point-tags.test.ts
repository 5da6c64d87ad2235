import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ListTagsCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf, startTestServer, type TestServer } from '../helpers/server.js';
import { backup, vault, VOLUME } from './fixtures.js';

const FILE_SYSTEM = `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/fs-12345678`;

describe('recovery point tags', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());
  beforeEach(async () => {
    await t.admin('POST', '/reset');
    await vault(t.client);
  });

  it('tags a fully managed recovery point, starting from its RecoveryPointTags', async () => {
    const { RecoveryPointArn } = await backup(t.client, FILE_SYSTEM, { RecoveryPointTags: { team: 'a' } });
    await t.advance(3600);
    assert.match(RecoveryPointArn, /:backup:us-east-1:\d{12}:recovery-point:/);
    assert.deepEqual((await t.client.send(new ListTagsCommand({ ResourceArn: RecoveryPointArn }))).Tags, { team: 'a' });
    await t.client.send(new TagResourceCommand({ ResourceArn: RecoveryPointArn, Tags: { case: '7' } }));
    await t.client.send(new UntagResourceCommand({ ResourceArn: RecoveryPointArn, TagKeyList: ['team'] }));
    assert.deepEqual((await t.client.send(new ListTagsCommand({ ResourceArn: RecoveryPointArn }))).Tags, { case: '7' });
  });

  it('refuses points whose tags live in another service, and points that do not exist', async () => {
    const { RecoveryPointArn } = await backup(t.client, VOLUME);
    await t.advance(3600);
    assert.match(RecoveryPointArn, /^arn:aws:ec2:us-east-1::snapshot\//);
    assert.equal((await errorOf(() => t.client.send(new ListTagsCommand({ ResourceArn: RecoveryPointArn })))).name, 'ResourceNotFoundException');
    const missing = `arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:00000000-0000-4000-a000-000000000000`;
    assert.equal((await errorOf(() => t.client.send(new ListTagsCommand({ ResourceArn: missing })))).name, 'ResourceNotFoundException');
  });
});
