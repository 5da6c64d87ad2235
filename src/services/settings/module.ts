/** The settings domain: region and global settings; other domains read full management through its export. */
import type { ServiceDeps } from '../deps.js';
import type { DomainModule } from '../module.js';
import { SettingsService } from './settings-service.js';

export const settingsModule: DomainModule<{ deps: ServiceDeps }, { settings: SettingsService }> = {
  name: 'settings',
  build({ deps }) {
    const settings = new SettingsService(deps);
    return { handlers: settings.handlers(), exports: { settings } };
  },
};
