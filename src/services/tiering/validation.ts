/**
 * The rules of a tiering configuration, from the service model and AWS's tiering guide:
 * names of 1-200 letters, digits and underscores; a vault name or `*`; 1 to 5 resource
 * selections; TieringDownSettingsInDays from 60 to 36500; ResourceType S3 only (the only type
 * AWS tiers today); Resources either `*` or S3 bucket ARNs, at most 100 specific resources per
 * configuration; CreatorRequestId of 1-50 letters, digits and `-_.`.
 */
import type { ResourceSelection } from '@aws-sdk/client-backup';
import { invalidParameter, limitExceeded } from '../../protocol/errors.js';
import type { TieringSelection } from './record.js';
import { VAULT_NAME } from '../common/names.js';
import { MAX_DAYS } from '../common/time.js';

export const MAX_SELECTIONS = 5;
export const MAX_SPECIFIC_RESOURCES = 100;
export const MIN_DAYS = 60;

const CONFIG_NAME = /^[a-zA-Z0-9_]{1,200}$/;
const RESOURCE_TYPE = /^[a-zA-Z0-9\-_.]{1,50}$/;
const CREATOR_REQUEST_ID = /^[a-zA-Z0-9\-_.]{1,50}$/;
const S3_BUCKET_ARN = /^arn:aws:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function checkConfigName(name: string): string {
  if (!CONFIG_NAME.test(name)) {
    throw invalidParameter(`Invalid TieringConfigurationName '${name}': use 1 to 200 letters, digits and underscores.`);
  }
  return name;
}

export function checkVaultName(name: string): string {
  if (name !== '*' && !VAULT_NAME.test(name)) {
    throw invalidParameter(`Invalid BackupVaultName '${name}': name a backup vault (2 to 50 letters, digits, hyphens and underscores) or use * for every vault.`);
  }
  return name;
}

export function checkCreatorRequestId(id: string | undefined): string | undefined {
  if (id !== undefined && !CREATOR_REQUEST_ID.test(id)) {
    throw invalidParameter(`Invalid CreatorRequestId '${id}': use 1 to 50 letters, digits, hyphens, underscores and periods.`);
  }
  return id;
}

/** Checks the resource selections and answers them as stored. */
export function checkSelections(input: ResourceSelection[]): TieringSelection[] {
  if (input.length === 0) throw invalidParameter('ResourceSelection must contain at least one resource selection.');
  if (input.length > MAX_SELECTIONS) {
    throw limitExceeded(`A tiering configuration can have at most ${MAX_SELECTIONS} resource selections; this one has ${input.length}.`);
  }
  const seen = new Set<string>();
  let specific = 0;
  const selections = input.map((s, i): TieringSelection => {
    const where = `ResourceSelection[${i}]`;
    const type = s.ResourceType!;
    if (!RESOURCE_TYPE.test(type)) throw invalidParameter(`${where}.ResourceType '${type}' is not a resource type.`);
    if (type !== 'S3') throw invalidParameter(`${where}.ResourceType is ${type}; tiering configurations support only S3.`);
    const days = s.TieringDownSettingsInDays!;
    if (!Number.isInteger(days) || days < MIN_DAYS || days > MAX_DAYS) {
      throw invalidParameter(`${where}.TieringDownSettingsInDays must be a whole number of days from ${MIN_DAYS} to ${MAX_DAYS}; got ${days}.`);
    }
    const resources = s.Resources!;
    if (resources.length === 0) throw invalidParameter(`${where}.Resources must name at least one resource, or * for all resources.`);
    if (resources.includes('*') && resources.length > 1) {
      throw invalidParameter(`${where}.Resources mixes * with specific resources; use either * alone or a list of S3 bucket ARNs.`);
    }
    for (const r of resources) {
      if (r !== '*' && !S3_BUCKET_ARN.test(r)) {
        throw invalidParameter(`${where}.Resources contains '${r}', which is not an S3 bucket ARN such as arn:aws:s3:::amzn-s3-demo-bucket.`);
      }
      // One resource tiered on two schedules would be ambiguous (the stricter reading: refused).
      if (seen.has(r)) throw invalidParameter(`Resource ${r} appears in more than one resource selection.`);
      seen.add(r);
      if (r !== '*') specific++;
    }
    return { resources: [...resources], tieringDownSettingsInDays: days, resourceType: type };
  });
  if (specific > MAX_SPECIFIC_RESOURCES) {
    throw limitExceeded(`A tiering configuration can name at most ${MAX_SPECIFIC_RESOURCES} specific resources; this one names ${specific}.`);
  }
  return selections;
}
