import type { Catalogue } from './index.ts';

export const core: Catalogue = {
  en: {
    'status.noAlerts': 'No active alerts.',
    'status.processesShown': '{shown} of {total} processes',
    'cli.noTty': "no terminal here; use 'vigil --headless' for the daemon or 'vigil status' for a snapshot",
  },
  fr: {
    'status.noAlerts': 'Aucune alerte active.',
    'status.processesShown': '{shown} processus sur {total}',
    'cli.noTty':
      "pas de terminal ici ; utilisez 'vigil --headless' pour le démon ou 'vigil status' pour un instantané",
  },
};
