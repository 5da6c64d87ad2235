/** A taggable ARN resource type a domain contributes (Contributions.taggable; tags/ answers for them). */
import type { ParsedArn } from './arn.js';
import type { Scope } from '../../store/types.js';

/** Answers whether the ARN names an existing resource of this type in the scope. */
export type TaggableResolver = (scope: Scope, arn: string, parsed: ParsedArn) => Promise<boolean>;

/** One taggable ARN resource type: `service:type` (service defaults to backup) and its resolver. */
export interface TaggableType {
  service?: string;
  type: string;
  exists: TaggableResolver;
}

/** Backup's own resource types (arn:aws:backup:R:A:<type>:...). */
export const backupTaggable = (type: string, exists: TaggableResolver): TaggableType => ({ type, exists });
