/**
 * The taggable resources. Each domain contributes, per ARN resource type, a resolver that says
 * whether an ARN names one of its resources in the caller's account and region (its module's
 * `taggable`); the composer hands them all to the tags domain, built last. The tag
 * operations (TagResource, UntagResource, ListTags) accept an ARN only when a resolver vouches
 * for it; anything else is ResourceNotFoundException.
 *
 * The key of a resource type is `service:type`, where type is the ARN's resource part up to the
 * first ':' or '/': `backup:backup-vault`, `backup:backup-plan`, `backup:recovery-point`,
 * `ec2:snapshot` (an EBS recovery point), `rds:snapshot` ...
 */
import { parseArn, type ParsedArn } from '../common/arn.js';
import type { TaggableResolver, TaggableType } from '../common/taggable.js';
import type { Scope } from '../../store/types.js';

/** The registry key of a parsed ARN, such as `backup:backup-vault`. */
export function resourceKeyOf(parsed: ParsedArn): string {
  const type = parsed.resource.split(/[:/]/, 1)[0] ?? '';
  return `${parsed.service}:${type}`;
}

export class TaggableResources {
  private readonly resolvers = new Map<string, TaggableResolver>();

  constructor(types: readonly TaggableType[]) {
    for (const { service = 'backup', type, exists } of types) {
      const key = `${service}:${type}`;
      if (this.resolvers.has(key)) throw new Error(`Taggable resource type ${key} is contributed twice`);
      this.resolvers.set(key, exists);
    }
  }

  types(): string[] {
    return [...this.resolvers.keys()].sort();
  }

  /**
   * Whether the ARN names an existing taggable resource the caller may tag: its partition is
   * aws, its region is the caller's, its account (when the ARN carries one) is the caller's,
   * and the registered resolver finds it.
   */
  async exists(scope: Scope, arn: string): Promise<boolean> {
    const parsed = parseArn(arn);
    if (!parsed || parsed.partition !== 'aws' || parsed.region !== scope.region) return false;
    // EBS and EC2 recovery point ARNs carry no account; every other one must be the caller's.
    if (parsed.accountId !== '' && parsed.accountId !== scope.accountId) return false;
    const resolver = this.resolvers.get(resourceKeyOf(parsed));
    return resolver ? resolver(scope, arn, parsed) : false;
  }
}
