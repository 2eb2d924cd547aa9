import type { Catalogue } from './catalogue.ts';

// The command line: usage errors, the no-terminal hint, help.
export const cli: Catalogue = {
  en: {
    'cli.noTty': "no terminal here; use 'vigil --headless' for the daemon or 'vigil status' for a snapshot",
    'cli.unknownCommand': "unknown command '{command}' (expected one of: {commands}; see 'vigil --help')",
    'cli.unknownOption': "unknown option {option} for '{command}' (see 'vigil {command} --help')",
    'cli.expectsNumber': "{flag} expects a number, got '{value}'",
    'cli.expectsValue': '{flag} expects a value',
    'cli.expectsChoice': "{flag} must be one of {choices}, got '{value}'",
    'cli.expectsPositiveSeconds': "--interval expects a positive number of seconds, got '{value}'",
    'cli.expectsWholeAtLeast0': "{flag} expects a whole number >= 0, got '{value}'",
    'cli.expectsWholeAbove0': "{flag} expects a whole number > 0, got '{value}'",
    'cli.unexpectedArgument': "unexpected argument '{value}' for {command}",
    'cli.together': '{a} and {b} cannot be used together',
    'cli.unknownCommandNear':
      "unknown command '{command}'; did you mean '{suggestion}'? (see 'vigil --help')",
    'cli.unknownOptionNear':
      "unknown option {option} for '{command}'; did you mean {suggestion}? (see 'vigil {command} --help')",
    'cli.unknownGlobalOptionNear': "unknown option {option}; did you mean {suggestion}? (see 'vigil --help')",
    'cli.unknownActionNear':
      "unknown action '{value}' for {command}; did you mean '{suggestion}'? (expected one of: {choices})",
    'cli.missingAction': '{command} needs one of: {choices}',
    'cli.unknownGlobalOption': "unknown option {option} (see 'vigil --help')",
    'cli.unknownAction': "unknown action '{value}' for {command} (expected one of: {choices})",
    'cli.daemonStatus': 'watching {processes} processes; {alerts} alerts firing',
    'cli.nodeTooOld': 'Node.js {supported} required, this is {version} ({path}); {how}',
    'cli.nodeHowBundled':
      'run it with the Node 24 installed beside it (npx vigil, or {node}), or install Node 24: https://nodejs.org/en/download',
    'cli.nodeHow':
      'install Node 24 (https://nodejs.org/en/download, or: nvm install 24) and run vigil with it',
  },
  fr: {
    'cli.noTty':
      "pas de terminal ici ; utilisez 'vigil --headless' pour le démon ou 'vigil status' pour un instantané",
    'cli.unknownCommand': "commande inconnue '{command}' (attendu : {commands} ; voir 'vigil --help')",
    'cli.unknownOption': "option inconnue {option} pour '{command}' (voir 'vigil {command} --help')",
    'cli.expectsNumber': "{flag} attend un nombre, reçu '{value}'",
    'cli.expectsValue': '{flag} attend une valeur',
    'cli.expectsChoice': "{flag} doit valoir {choices}, reçu '{value}'",
    'cli.expectsPositiveSeconds': "--interval attend un nombre de secondes positif, reçu '{value}'",
    'cli.expectsWholeAtLeast0': "{flag} attend un entier >= 0, reçu '{value}'",
    'cli.expectsWholeAbove0': "{flag} attend un entier > 0, reçu '{value}'",
    'cli.unexpectedArgument': "argument inattendu '{value}' pour {command}",
    'cli.together': '{a} et {b} ne peuvent pas être utilisés ensemble',
    'cli.unknownCommandNear':
      "commande inconnue '{command}' ; vouliez-vous dire '{suggestion}' ? (voir 'vigil --help')",
    'cli.unknownOptionNear':
      "option inconnue {option} pour '{command}' ; vouliez-vous dire {suggestion} ? (voir 'vigil {command} --help')",
    'cli.unknownGlobalOptionNear':
      "option inconnue {option} ; vouliez-vous dire {suggestion} ? (voir 'vigil --help')",
    'cli.unknownActionNear':
      "action '{value}' inconnue pour {command} ; vouliez-vous dire '{suggestion}' ? (attendu : {choices})",
    'cli.missingAction': '{command} attend : {choices}',
    'cli.unknownGlobalOption': "option inconnue {option} (voir 'vigil --help')",
    'cli.unknownAction': "action '{value}' inconnue pour {command} (attendu : {choices})",
    'cli.daemonStatus': 'surveille {processes} processus ; {alerts} alertes actives',
    'cli.nodeTooOld': 'Node.js {supported} requis, celui-ci est {version} ({path}) ; {how}',
    'cli.nodeHowBundled':
      'lancez-le avec le Node 24 installé à côté (npx vigil, ou {node}), ou installez Node 24 : https://nodejs.org/fr/download',
    'cli.nodeHow':
      'installez Node 24 (https://nodejs.org/fr/download, ou : nvm install 24) et lancez vigil avec',
  },
};
