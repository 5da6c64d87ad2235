/** The six backup access point operations as raw SigV4-signed calls (test/helpers/signed.ts). */
import assert from 'node:assert/strict';
import { label, signedClient, type SignedClient, type SignedReply } from '../helpers/signed.js';
import type { TestServer } from '../helpers/server.js';
import { PutBackupVaultNotificationsCommand, type BackupVaultEvent } from '@aws-sdk/client-backup';

export interface AccessPointApi {
  create(body: Record<string, unknown>): Promise<SignedReply>;
  describe(arn: string): Promise<SignedReply>;
  remove(arn: string): Promise<SignedReply>;
  list(query?: Record<string, string>): Promise<SignedReply>;
  byRecoveryPoint(pointArn: string, query?: Record<string, string>): Promise<SignedReply>;
  byResource(resourceArn: string, query?: Record<string, string>): Promise<SignedReply>;
  /** The raw client, for calls the wrappers do not shape. */
  raw: SignedClient;
}

export function accessPointApi(endpoint: string, accountId = '111111111111', region = 'us-east-1'): AccessPointApi {
  const raw = signedClient(endpoint, accountId, region);
  return {
    create: (body) => raw.call('PUT', '/backup-access-point/create', { body }),
    describe: (arn) => raw.call('GET', `/backup-access-point/${label(arn)}`),
    remove: (arn) => raw.call('DELETE', `/backup-access-point/delete/${label(arn)}`),
    list: (query) => raw.call('GET', '/backup-access-point', { query }),
    byRecoveryPoint: (pointArn, query) => raw.call('POST', `/backup-access-point/recovery-point/${label(pointArn)}`, { query }),
    byResource: (resourceArn, query) => raw.call('POST', `/backup-access-point/resource/${label(resourceArn)}`, { query }),
    raw,
  };
}

/** Asserts an error reply: HTTP 400 (unless given), the exception name, and a message matching. */
export function assertError(reply: SignedReply, name: string, message: RegExp, status = 400): void {
  assert.equal(reply.status, status, JSON.stringify(reply.json));
  assert.equal(reply.errorType, name, JSON.stringify(reply.json));
  assert.match(reply.json.Message, message);
}

/** A valid access point policy (as the developer guide's example): read access to the access point NAME. */
export function readPolicy(name: string, accountId = '111111111111', region = 'us-east-1'): string {
  const ap = `arn:aws:s3:${region}:${accountId}:accesspoint/${name}`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:role/DataAnalyst` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: [ap, `${ap}/object/*`] }],
  });
}

/** The statuses the log's access point events announce for one access point, in order. */
export async function statusEvents(t: Pick<TestServer, 'admin'>, arn: string): Promise<string[]> {
  const { json } = await t.admin('GET', `/events?detailType=${encodeURIComponent('Backup Access Point State Change')}&resource=${encodeURIComponent(arn)}&maxResults=1000`);
  return (json.events as { payload: { detail: { status: string; accessPointArn: string } } }[]).map((e) => {
    assert.equal(e.payload.detail.accessPointArn, arn);
    return e.payload.detail.status;
  });
}

/**
 * PutBackupVaultNotifications naming ACCESS_POINT_* events, which the SDK's BackupVaultEvent type
 * predates (the vendored botocore model lists them, and Holdfast takes them).
 */
export function notifyOn(BackupVaultName: string, SNSTopicArn: string, events: string[]): PutBackupVaultNotificationsCommand {
  return new PutBackupVaultNotificationsCommand({ BackupVaultName, SNSTopicArn, BackupVaultEvents: events as BackupVaultEvent[] });
}
