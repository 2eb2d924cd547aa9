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
  },
};
