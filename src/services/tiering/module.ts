/** The tiering domain: tiering configurations (stored and validated; they change no tier). */
import type { ServiceDeps } from '../deps.js';
import type { DomainModule } from '../module.js';
import { TieringService } from './tiering-service.js';

export const tieringModule: DomainModule<{ deps: ServiceDeps }> = {
  name: 'tiering',
  build({ deps }) {
    const tiering = new TieringService(deps);
    return { handlers: tiering.handlers(), taggable: [tiering.taggable], exports: {} };
  },
};
