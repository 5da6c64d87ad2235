/** ARNs of Holdfast's own resources. */
import { createHash } from 'node:crypto';
import type { Scope } from '../../store/types.js';

export const backupArn = (scope: Scope, type: string, id: string): string =>
  `arn:aws:backup:${scope.region}:${scope.accountId}:${type}:${id}`;

/** A UUID-shaped id that is always the same for the same seed. */
export function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The account's default AWS Backup KMS key in a region (aws/backup). */
export const defaultBackupKeyArn = (scope: Scope): string =>
  `arn:aws:kms:${scope.region}:${scope.accountId}:key/${stableUuid(`aws/backup:${scope.accountId}:${scope.region}`)}`;

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    accountId: parts[4]!,
    resource: parts.slice(5).join(':'),
  };
}
