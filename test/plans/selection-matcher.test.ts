import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackupSelection } from '@aws-sdk/client-backup';
import { globMatches, selects } from '../../src/services/plans/selection-matcher.js';

const VOL = 'arn:aws:ec2:us-east-1:111111111111:volume/vol-0abc';
const VOL2 = 'arn:aws:ec2:us-east-1:111111111111:volume/vol-0def';
const TABLE = 'arn:aws:dynamodb:us-east-1:111111111111:table/Orders';
const BUCKET = 'arn:aws:s3:::my-bucket-logs';

const base: BackupSelection = { SelectionName: 's', IamRoleArn: 'arn:aws:iam::111111111111:role/r' };
const sel = (extra: Partial<BackupSelection>): BackupSelection => ({ ...base, ...extra });

describe('selection matcher', () => {
  it('matches ARN patterns with wildcards anywhere, case-sensitively', () => {
    assert.ok(globMatches('*', VOL));
    assert.ok(globMatches('arn:aws:ec2:*:*:volume/*', VOL));
    assert.ok(globMatches('arn:aws:s3:::my-bucket-*', BUCKET));
    assert.ok(globMatches('arn:aws:dynamodb:us-east-1:111111111111:table/Order?', TABLE));
    assert.ok(!globMatches('arn:aws:ec2:*:*:volume/*', TABLE));
    assert.ok(!globMatches('arn:aws:dynamodb:us-east-1:111111111111:table/orders', TABLE));
    assert.ok(!globMatches('arn:aws:s3:::my.bucket-*', 'arn:aws:s3:::myxbucket-logs'), 'dots are literal');
  });

  it('picks resources listed in Resources, exactly or by pattern', () => {
    assert.ok(selects(sel({ Resources: [VOL] }), { arn: VOL, tags: {} }));
    assert.ok(!selects(sel({ Resources: [VOL] }), { arn: VOL2, tags: {} }));
    assert.ok(selects(sel({ Resources: ['arn:aws:ec2:*:*:volume/*'] }), { arn: VOL2, tags: {} }));
    assert.ok(selects(sel({ Resources: [TABLE, VOL] }), { arn: TABLE, tags: {} }), 'Resources are OR-ed');
  });

  it('picks by ListOfTags with OR logic, exact values, either key form', () => {
    const s = sel({
      ListOfTags: [
        { ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'daily' },
        { ConditionType: 'STRINGEQUALS', ConditionKey: 'aws:ResourceTag/tier', ConditionValue: 'gold' },
      ],
    });
    assert.ok(selects(s, { arn: VOL, tags: { backup: 'daily' } }));
    assert.ok(selects(s, { arn: VOL, tags: { tier: 'gold' } }));
    assert.ok(!selects(s, { arn: VOL, tags: { backup: 'Daily' } }), 'values are case-sensitive');
    assert.ok(!selects(s, { arn: VOL, tags: { Backup: 'daily' } }), 'keys are case-sensitive');
    assert.ok(!selects(s, { arn: VOL, tags: {} }));
  });

  it('combines Resources and ListOfTags with OR', () => {
    const s = sel({ Resources: [TABLE], ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'yes' }] });
    assert.ok(selects(s, { arn: TABLE, tags: {} }));
    assert.ok(selects(s, { arn: VOL, tags: { backup: 'yes' } }));
    assert.ok(!selects(s, { arn: VOL, tags: { backup: 'no' } }));
  });

  it('excludes NotResources, even when picked by tag', () => {
    const s = sel({
      Resources: ['arn:aws:ec2:*:*:volume/*'],
      ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'yes' }],
      NotResources: [VOL, 'arn:aws:dynamodb:*'],
    });
    assert.ok(!selects(s, { arn: VOL, tags: {} }));
    assert.ok(selects(s, { arn: VOL2, tags: {} }));
    assert.ok(!selects(s, { arn: TABLE, tags: { backup: 'yes' } }));
  });

  it('requires every Conditions entry (AND), with IAM semantics for missing tags', () => {
    const s = sel({
      Resources: ['*'],
      Conditions: {
        StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'yes' }],
        StringNotEquals: [{ ConditionKey: 'aws:ResourceTag/env', ConditionValue: 'test' }],
        StringLike: [{ ConditionKey: 'aws:ResourceTag/app', ConditionValue: 'web-*' }],
        StringNotLike: [{ ConditionKey: 'aws:ResourceTag/owner', ConditionValue: '*-temp' }],
      },
    });
    const tags = { backup: 'yes', env: 'prod', app: 'web-frontend', owner: 'alice' };
    assert.ok(selects(s, { arn: VOL, tags }));
    assert.ok(!selects(s, { arn: VOL, tags: { ...tags, backup: 'no' } }), 'StringEquals fails');
    assert.ok(!selects(s, { arn: VOL, tags: { ...tags, env: 'test' } }), 'StringNotEquals fails');
    assert.ok(!selects(s, { arn: VOL, tags: { ...tags, app: 'api' } }), 'StringLike fails');
    assert.ok(!selects(s, { arn: VOL, tags: { ...tags, owner: 'bob-temp' } }), 'StringNotLike fails');
    const { env: _e, owner: _o, ...withoutOptional } = tags;
    assert.ok(selects(s, { arn: VOL, tags: withoutOptional }), 'a missing tag satisfies the negated operators');
    const { app: _a, ...withoutApp } = tags;
    assert.ok(!selects(s, { arn: VOL, tags: withoutApp }), 'a missing tag fails StringLike');
  });

  it('applies Conditions after Resources (Resources AND Conditions)', () => {
    const s = sel({
      Resources: ['arn:aws:ec2:*:*:volume/*'],
      Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/owner', ConditionValue: 'example' }] },
    });
    assert.ok(selects(s, { arn: VOL, tags: { owner: 'example' } }));
    assert.ok(!selects(s, { arn: TABLE, tags: { owner: 'example' } }));
    assert.ok(!selects(s, { arn: VOL, tags: {} }));
  });

  it('does not treat inherited object keys as tags', () => {
    const s = sel({ ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'constructor', ConditionValue: 'x' }] });
    assert.ok(!selects(s, { arn: VOL, tags: {} }));
  });
});
