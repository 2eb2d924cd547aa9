import type { Catalogue } from './catalogue.ts';

// `vigil status`.
export const status: Catalogue = {
  en: {
    'status.noAlerts': 'No active alerts.',
    'status.processesShown': '{shown} of {total} processes',
    'status.check.noAlerts': 'no alerts',
    'status.check.alertOne': '1 alert',
    'status.check.unreadable': 'cannot read the machine state ({parts}); nothing to judge',
    'status.check.alerts': '{count} alerts',
    'status.check.more': '+{count} more',
  },
  fr: {
    'status.noAlerts': 'Aucune alerte active.',
    'status.processesShown': '{shown} processus sur {total}',
    'status.check.noAlerts': 'aucune alerte',
    'status.check.alertOne': '1 alerte',
    'status.check.unreadable': "impossible de lire l'état de la machine ({parts}) ; rien à juger",
    'status.check.alerts': '{count} alertes',
    'status.check.more': '+{count} autres',
  },
};
