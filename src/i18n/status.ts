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
    'status.pendingLabel': 'PENDING',
    'status.pending': '{what} now; it fires once this lasts {duration}',
    'status.zombie': '{pid} (parent {parent}, pid {ppid})',
    'status.zombies': 'Zombies (state Z), {count}: {list}',
    'status.zombiesNeedDaemon':
      'How long they have been zombies needs a running daemon (/proc does not say): `zombie` fires through `vigil --headless`.',
    'status.earlierOom':
      'Older OOM kills still in the kernel log (last 24 h): {count}, the latest {name} (pid {pid}) at {time}',
    'status.needsDaemon': 'Judged over time by a running daemon only (none runs here): {rules}.',
    'status.daemonJudges':
      'Judged over time by the running {role} (pid {pid}), its alerts included: {rules}.',
  },
  fr: {
    'status.noAlerts': 'Aucune alerte active.',
    'status.processesShown': '{shown} processus sur {total}',
    'status.check.noAlerts': 'aucune alerte',
    'status.check.alertOne': '1 alerte',
    'status.check.unreadable': "impossible de lire l'état de la machine ({parts}) ; rien à juger",
    'status.check.alerts': '{count} alertes',
    'status.check.more': '+{count} autres',
    'status.pendingLabel': 'EN COURS',
    'status.pending': '{what} maintenant ; l’alerte part si cela dure {duration}',
    'status.zombie': '{pid} (parent {parent}, pid {ppid})',
    'status.zombies': 'Zombies (état Z), {count} : {list}',
    'status.zombiesNeedDaemon':
      'Depuis combien de temps ils sont zombies, seul un démon en marche le sait (/proc ne le dit pas) : `zombie` se déclenche via `vigil --headless`.',
    'status.earlierOom':
      'OOM kills plus anciens encore dans le journal du noyau (24 h) : {count}, le dernier {name} (pid {pid}) à {time}',
    'status.needsDaemon': 'Jugées dans la durée par un démon en marche seulement (aucun ici) : {rules}.',
    'status.daemonJudges':
      'Jugées dans la durée par le {role} en marche (pid {pid}), ses alertes incluses : {rules}.',
  },
};
