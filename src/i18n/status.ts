import type { Catalogue } from './catalogue.ts';

// `vigil status`.
export const status: Catalogue = {
  en: {
    'status.noAlerts': 'No active alerts.',
    'status.processesShown': '{shown} of {total} processes',
  },
  fr: {
    'status.noAlerts': 'Aucune alerte active.',
    'status.processesShown': '{shown} processus sur {total}',
  },
};
