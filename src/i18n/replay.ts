import type { Catalogue } from './catalogue.ts';

// Replay: `vigil status --at`, `vigil watch --at`, the TUI's replay mode and history view.
export const replay: Catalogue = {
  en: {
    'replay.badAt':
      "--at expects a time: ISO 8601 (2026-11-30T03:12 — local time without a zone), relative (-10m, -2h), a clock time (03:12: its last occurrence) or an alert id (vigil report --json lists them); got '{value}'",
    'replay.atWithCheck': '--at and --check cannot be combined: --check judges the machine now',
    'replay.noHistory':
      'No history in {dataDir} yet: the incident recorder runs in the daemon (vigil --headless) or in vigil watch.',
    'replay.unreadable': 'History unavailable: {reason}',
    'replay.noFrames':
      'Nothing recorded yet in {dataDir}: the incident recorder writes its first frame after one snapshot interval.',
    'replay.before': 'Nothing recorded at {time}: history starts at {first}.',
    'replay.after': 'Nothing recorded at {time}: history ends at {last}.',
    'replay.gap':
      'Nothing recorded at {time} (Vigil was not running); the nearest frame is at {near}. History spans {first} → {last}.',
    'replay.frameUnreadable': 'The frame recorded at {near} cannot be read (damaged history).',
    'replay.unknownAlert':
      "No firing of alert '{id}' in the history of {dataDir} (vigil report --json lists the alerts and when each fired).",
    'replay.header': 'REPLAY {time} — recorded by Vigil ({source}, CPU % over {window})',
    'replay.headerFirst': 'REPLAY {time} — recorded by Vigil ({source}; first frame: no CPU % yet)',
    'replay.source.incident': 'incident, every tick',
    'replay.source.minute': 'one frame per snapshot interval',
    'replay.asked': '(asked: {time})',
    'replay.tui.marker': 'REPLAY {time}',
    'replay.history.title': 'HISTORY {window}',
    'replay.history.local': 'local time',
    'replay.history.loading': 'reading the history…',
    'replay.history.cursor': 'cursor {time}',
    'replay.history.keys':
      '{move} cursor  {window} window ({windows})  {replay} replay the cursor  {close} close',
    'replay.history.incident': 'incident',
    'replay.history.cursorMark': 'cursor',
    'replay.history.gap': 'not recorded',
    'replay.history.cpu': 'CPU % · {at}',
    'replay.history.memory': 'Memory % · RAM {ram} · swap {swap}',
    'replay.history.ram': 'RAM',
    'replay.history.swap': 'swap',
    'replay.history.load': 'Load 1 min · {at}',
    'replay.history.disk': 'Fullest disk, used % · {at}',
    'replay.history.programs': 'RSS by program ({unit}) · {at}',
    'replay.tui.loading': 'REPLAY …',
    'replay.tui.every': 'every {window}',
    'replay.tui.keys': '{back}/{forward} step  {prev}/{next} incidents  {live} live',
    'replay.tui.noSignal': 'replay: nothing can be signalled from a recorded moment ({live} returns to live)',
    'replay.tui.live': 'live again',
    'replay.tui.noThreads': 'replay: threads are not recorded',
    'replay.tui.unavailable': 'replay needs the history (a data dir)',
    'replay.tui.nothing': 'nothing recorded near {time} (history: {first} → {last})',
    'replay.tui.oldest': 'the oldest recorded frame',
    'replay.tui.newest': 'the newest recorded frame (R returns to live)',
    'replay.tui.noEarlierIncident': 'no earlier incident in the history',
    'replay.tui.noLaterIncident': 'no later incident in the history',
    'replay.tui.explainAt': 'as recorded at {time} (local explanation: the process may be gone)',
  },
  fr: {
    'replay.badAt':
      '--at attend une date : ISO 8601 (2026-11-30T03:12 — heure locale sans fuseau), relative (-10m, -2h), une heure (03:12 : sa dernière occurrence) ou un identifiant d’alerte (vigil report --json les liste) ; reçu « {value} »',
    'replay.atWithCheck': '--at et --check ne se combinent pas : --check juge la machine maintenant',
    'replay.noHistory':
      'Pas encore d’historique dans {dataDir} : l’enregistreur d’incidents tourne dans le démon (vigil --headless) ou dans vigil watch.',
    'replay.unreadable': 'Historique indisponible : {reason}',
    'replay.noFrames':
      'Rien d’enregistré dans {dataDir} : l’enregistreur d’incidents écrit sa première trame après un intervalle d’instantané.',
    'replay.before': 'Rien d’enregistré à {time} : l’historique commence à {first}.',
    'replay.after': 'Rien d’enregistré à {time} : l’historique s’arrête à {last}.',
    'replay.gap':
      'Rien d’enregistré à {time} (Vigil ne tournait pas) ; la trame la plus proche est à {near}. L’historique couvre {first} → {last}.',
    'replay.frameUnreadable': 'La trame enregistrée à {near} est illisible (historique endommagé).',
    'replay.unknownAlert':
      'Aucun déclenchement de l’alerte « {id} » dans l’historique de {dataDir} (vigil report --json liste les alertes et leurs déclenchements).',
    'replay.header': 'REJEU {time} — enregistré par Vigil ({source}, CPU % sur {window})',
    'replay.headerFirst':
      'REJEU {time} — enregistré par Vigil ({source} ; première trame : pas encore de CPU %)',
    'replay.source.incident': 'incident, à chaque tick',
    'replay.source.minute': 'une trame par intervalle d’instantané',
    'replay.asked': '(demandé : {time})',
    'replay.tui.marker': 'REJEU {time}',
    'replay.history.title': 'HISTORIQUE {window}',
    'replay.history.local': 'heure locale',
    'replay.history.loading': 'lecture de l’historique…',
    'replay.history.cursor': 'curseur {time}',
    'replay.history.keys':
      '{move} curseur  {window} fenêtre ({windows})  {replay} rejouer le curseur  {close} fermer',
    'replay.history.incident': 'incident',
    'replay.history.cursorMark': 'curseur',
    'replay.history.gap': 'non enregistré',
    'replay.history.cpu': 'CPU % · {at}',
    'replay.history.memory': 'Mémoire % · RAM {ram} · swap {swap}',
    'replay.history.ram': 'RAM',
    'replay.history.swap': 'swap',
    'replay.history.load': 'Charge 1 min · {at}',
    'replay.history.disk': 'Disque le plus plein, % utilisé · {at}',
    'replay.history.programs': 'RSS par programme ({unit}) · {at}',
    'replay.tui.loading': 'REJEU …',
    'replay.tui.every': 'toutes les {window}',
    'replay.tui.keys': '{back}/{forward} pas  {prev}/{next} incidents  {live} direct',
    'replay.tui.noSignal':
      'rejeu : rien ne peut être signalé depuis un moment enregistré ({live} revient au direct)',
    'replay.tui.live': 'de nouveau en direct',
    'replay.tui.noThreads': 'rejeu : les threads ne sont pas enregistrés',
    'replay.tui.unavailable': 'le rejeu a besoin de l’historique (un répertoire de données)',
    'replay.tui.nothing': 'rien d’enregistré près de {time} (historique : {first} → {last})',
    'replay.tui.oldest': 'la plus ancienne trame enregistrée',
    'replay.tui.newest': 'la plus récente trame enregistrée (R revient au direct)',
    'replay.tui.noEarlierIncident': 'pas d’incident plus ancien dans l’historique',
    'replay.tui.noLaterIncident': 'pas d’incident plus récent dans l’historique',
    'replay.tui.explainAt':
      'tel qu’enregistré à {time} (explication locale : le processus n’existe peut-être plus)',
  },
};
