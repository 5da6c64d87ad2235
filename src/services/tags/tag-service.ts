/**
 * TagResource, UntagResource and ListTags for every resource type contributed to the
 * taggable resources (registry.ts). Tags live in store.tags, keyed by ARN.
 */
import { invalidParameter, notFound } from '../../protocol/errors.js';
import type { Scope } from '../../store/types.js';
import { validateTagKey, validateTags } from '../common/tags.js';
import type { ServiceDeps } from '../deps.js';
import { pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import type { TaggableResources } from './registry.js';

export class TagService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly taggable: TaggableResources,
  ) {}

  private async requireTaggable(scope: Scope, arn: string): Promise<void> {
    if (!(await this.taggable.exists(scope, arn))) {
      throw notFound(`Resource ${arn} does not exist, or is not a resource that can be tagged.`, { Type: 'User' });
    }
  }

  handlers(): Handlers {
    return {
      TagResource: async (input, ctx) => {
        const arn = input.ResourceArn!;
        const tags = input.Tags!;
        await this.requireTaggable(ctx, arn);
        await this.deps.store.atomically(async () => {
          const existing = (await this.deps.store.tags.get(arn)) ?? {};
          validateTags(tags, existing);
          await this.deps.store.tags.put(ctx, arn, { ...existing, ...tags });
        });
        return {};
      },

      UntagResource: async (input, ctx) => {
        const arn = input.ResourceArn!;
        const keys = input.TagKeyList!;
        if (keys.length === 0) throw invalidParameter('TagKeyList must name at least one tag key.');
        for (const key of keys) validateTagKey(key);
        await this.requireTaggable(ctx, arn);
        await this.deps.store.atomically(async () => {
          const existing = await this.deps.store.tags.get(arn);
          if (!existing) return;
          const kept = { ...existing };
          for (const key of keys) delete kept[key];
          await this.deps.store.tags.put(ctx, arn, kept);
        });
        return {};
      },

      ListTags: async (input, ctx) => {
        const arn = input.ResourceArn!;
        const limit = pageSize(input.MaxResults);
        await this.requireTaggable(ctx, arn);
        const fingerprint = `ListTags:${arn}`;
        const after = this.deps.tokens.decode<string>(fingerprint, input.NextToken);
        const tags = (await this.deps.store.tags.get(arn)) ?? {};
        // Keyset by tag key in code-point order: stable while tags are added or removed.
        const keys = Object.keys(tags)
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
          .filter((k) => after === undefined || k > after);
        const page = keys.slice(0, limit);
        const out: Record<string, string> = {};
        for (const k of page) out[k] = tags[k]!;
        const more = keys.length > limit;
        return { Tags: out, NextToken: more ? this.deps.tokens.encode(fingerprint, page[page.length - 1]) : undefined };
      },
    };
  }
}
