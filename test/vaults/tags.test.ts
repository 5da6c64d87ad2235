import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CreateBackupVaultCommand,
  DeleteBackupVaultCommand,
  ListTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf, startTestServer, type TestServer } from '../helpers/server.js';
import type { ExtraModule } from '../../src/domains.js';
import { TaggableResources } from '../../src/services/tags/registry.js';
import { backupTaggable } from '../../src/services/common/taggable.js';

const ARN = `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`;

/** A taggable type another module contributes (the extra module below). */
const testThing = backupTaggable('test-thing', async (_scope, _arn, parsed) => parsed.resource === 'test-thing:known');
const testModule: ExtraModule = { name: 'test-thing', build: () => ({ taggable: [testThing], exports: {} }) };

describe('tags', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer({ extraModules: [testModule] })));
  after(async () => t.close());
  beforeEach(async () => {
    await t.admin('POST', '/reset');
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1', BackupVaultTags: { env: 'prod', team: 'ops' } }));
  });
  const list = async (arn = ARN) => (await t.client.send(new ListTagsCommand({ ResourceArn: arn }))).Tags;

  it("shows CreateBackupVault's tags, adds, replaces and removes tags", async () => {
    assert.deepEqual(await list(), { env: 'prod', team: 'ops' });
    await t.client.send(new TagResourceCommand({ ResourceArn: ARN, Tags: { env: 'test', 'cost center': 'a/b=c+d-e_f.g:h@i', empty: '' } }));
    assert.deepEqual(await list(), { env: 'test', team: 'ops', 'cost center': 'a/b=c+d-e_f.g:h@i', empty: '' });
    await t.client.send(new UntagResourceCommand({ ResourceArn: ARN, TagKeyList: ['team', 'not-there'] }));
    assert.deepEqual(await list(), { env: 'test', 'cost center': 'a/b=c+d-e_f.g:h@i', empty: '' });
  });

  it('answers ResourceNotFoundException for unknown, foreign or malformed ARNs', async () => {
    const arns = [
      `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:nope`,
      `arn:aws:backup:us-east-1:222222222222:backup-vault:v1`,
      `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:v1`,
      `arn:aws:backup:us-east-1:${ACCOUNT}:unknown-type:v1`,
      `arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0`,
      'not-an-arn',
    ];
    for (const arn of arns) {
      for (const send of [
        () => t.client.send(new ListTagsCommand({ ResourceArn: arn })),
        () => t.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { a: 'b' } })),
        () => t.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeyList: ['a'] })),
      ]) {
        const e = await errorOf(send);
        assert.equal(e.name, 'ResourceNotFoundException', arn);
        assert.match(e.message, /does not exist, or is not a resource that can be tagged/);
      }
    }
    // Another account sees nothing of this vault, not even through its ARN.
    const other = t.clientFor('222222222222');
    assert.equal((await errorOf(() => other.send(new ListTagsCommand({ ResourceArn: ARN })))).name, 'ResourceNotFoundException');
  });

  it("removes a vault's tags with the vault", async () => {
    await t.client.send(new DeleteBackupVaultCommand({ BackupVaultName: 'v1' }));
    assert.equal((await errorOf(() => list())).name, 'ResourceNotFoundException');
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    assert.deepEqual(await list(), {});
  });

  it("applies AWS's tag rules", async () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ '': 'x' }, /must be 1 to 128 characters/],
      [{ ['k'.repeat(129)]: 'x' }, /must be 1 to 128 characters/],
      [{ k: 'v'.repeat(257) }, /at most 256 characters/],
      [{ 'aws:owner': 'x' }, /may not begin with 'aws:'/],
      [{ 'AWS:Owner': 'x' }, /may not begin with 'aws:'/],
      [{ k: 'aws:x' }, /value of tag 'k' may not begin with 'aws:'/],
      [{ 'semi;colon': 'x' }, /contains characters that are not allowed/],
      [{ k: 'a*b' }, /value of tag 'k' contains characters that are not allowed/],
    ];
    for (const [tags, message] of bad) {
      const e = await errorOf(() => t.client.send(new TagResourceCommand({ ResourceArn: ARN, Tags: tags })));
      assert.equal(e.name, 'InvalidParameterValueException', JSON.stringify(tags).slice(0, 40));
      assert.match(e.message, message);
    }
    // Length counts Unicode characters, not UTF-16 units: a value of 256 letters from outside the
    // Basic Multilingual Plane (512 UTF-16 units) is fine.
    await t.client.send(new TagResourceCommand({ ResourceArn: ARN, Tags: { ['鍵'.repeat(128)]: '𝒜'.repeat(256) } }));
    const untagReserved = await errorOf(() => t.client.send(new UntagResourceCommand({ ResourceArn: ARN, TagKeyList: ['aws:owner'] })));
    assert.equal(untagReserved.name, 'InvalidParameterValueException');
    const noKeys = await errorOf(() => t.client.send(new UntagResourceCommand({ ResourceArn: ARN, TagKeyList: [] })));
    assert.equal(noKeys.name, 'InvalidParameterValueException');
  });

  it('allows at most 50 tags on a resource', async () => {
    const tags: Record<string, string> = {};
    for (let i = 0; i < 47; i++) tags[`k${i}`] = 'v';
    await t.client.send(new TagResourceCommand({ ResourceArn: ARN, Tags: tags }));
    assert.equal(Object.keys((await list()) ?? {}).length, 49);
    // Replacing existing keys does not count twice.
    await t.client.send(new TagResourceCommand({ ResourceArn: ARN, Tags: { k0: 'w', last: 'x' } }));
    const e = await errorOf(() => t.client.send(new TagResourceCommand({ ResourceArn: ARN, Tags: { one: 'too many' } })));
    assert.equal(e.name, 'LimitExceededException');
    assert.match(e.message, /at most 50 tags; this request would give it 51/);
    assert.equal(Object.keys((await list()) ?? {}).length, 50);
    const create: Record<string, string> = {};
    for (let i = 0; i < 51; i++) create[`k${i}`] = 'v';
    const onCreate = await errorOf(() => t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v2', BackupVaultTags: create })));
    assert.equal(onCreate.name, 'LimitExceededException');
  });

  it('lists tags in pages with opaque tokens', async () => {
    const tags: Record<string, string> = {};
    for (let i = 0; i < 23; i++) tags[`key-${String(i).padStart(2, '0')}`] = String(i);
    await t.client.send(new TagResourceCommand({ ResourceArn: ARN, Tags: tags }));
    const seen: Record<string, string> = {};
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await t.client.send(new ListTagsCommand({ ResourceArn: ARN, MaxResults: 10, NextToken: token }));
      assert.ok(Object.keys(page.Tags ?? {}).length <= 10);
      Object.assign(seen, page.Tags);
      token = page.NextToken;
      pages++;
    } while (token);
    assert.equal(pages, 3);
    assert.equal(Object.keys(seen).length, 25);
    assert.equal(seen['key-07'], '7');
    const forged = await errorOf(() => t.client.send(new ListTagsCommand({ ResourceArn: ARN, NextToken: 'eyJmb28iOjF9.AAAA' })));
    assert.equal(forged.name, 'InvalidParameterValueException');
    // A token of one resource is not valid for another.
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v2' }));
    const first = await t.client.send(new ListTagsCommand({ ResourceArn: ARN, MaxResults: 1 }));
    const replay = await errorOf(() =>
      t.client.send(new ListTagsCommand({ ResourceArn: ARN.replace(/v1$/, 'v2'), NextToken: first.NextToken })),
    );
    assert.equal(replay.name, 'InvalidParameterValueException');
    const range = await errorOf(() => t.client.send(new ListTagsCommand({ ResourceArn: ARN, MaxResults: 0 })));
    assert.equal(range.name, 'InvalidParameterValueException');
  });

  it('takes the taggable resource types other modules contribute', async () => {
    const known = `arn:aws:backup:us-east-1:${ACCOUNT}:test-thing:known`;
    await t.client.send(new TagResourceCommand({ ResourceArn: known, Tags: { a: 'b' } }));
    assert.deepEqual(await list(known), { a: 'b' });
    const unknown = await errorOf(() => list(`arn:aws:backup:us-east-1:${ACCOUNT}:test-thing:other`));
    assert.equal(unknown.name, 'ResourceNotFoundException');
    assert.throws(() => new TaggableResources([testThing, testThing]), /contributed twice/);
  });
});
