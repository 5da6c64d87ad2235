/** The organization stand-in (PUT/GET/DELETE /_holdfast/organization): audit reports and cross-account copies read it. */
import type { ServiceDeps } from '../deps.js';
import type { DomainModule } from '../module.js';
import { Organization, ORGANIZATION_KIND, type OrganizationRecord } from './organization.js';

export const organizationModule: DomainModule<{ deps: ServiceDeps }, { organization: Organization }> = {
  name: 'organization',
  build({ deps }) {
    const organization = new Organization(deps.store.docs<OrganizationRecord>(ORGANIZATION_KIND));
    return { adminRoutes: organization.adminRoutes(), exports: { organization } };
  },
};
