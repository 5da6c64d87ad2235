/** The tags domain: TagResource, UntagResource and ListTags over every domain's taggable resource types. */
import type { ServiceDeps } from '../deps.js';
import type { DomainModule } from '../module.js';
import { TaggableResources } from './registry.js';
import { type TaggableType } from '../common/taggable.js';
import { TagService } from './tag-service.js';

export interface TagsPorts {
  deps: ServiceDeps;
  /** Every domain's contributed types: the tags module is built after all of them. */
  taggable: readonly TaggableType[];
}

export const tagsModule: DomainModule<TagsPorts, { taggable: TaggableResources }> = {
  name: 'tags',
  build({ deps, taggable }) {
    const resources = new TaggableResources(taggable);
    return { handlers: new TagService(deps, resources).handlers(), exports: { taggable: resources } };
  },
};
