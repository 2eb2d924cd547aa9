import type { Catalogue } from './catalogue.ts';

// Who could tamper with Vigil's files (SPEC §4): what is wrong with a path and how to fix it.
export const files: Catalogue = {
  en: {
    'files.what.config': 'the config file',
    'files.what.data_dir': 'the data directory',
    'files.what.log_file': 'the JSON log',
    'files.issue.owner': '{path} belongs to another user (uid {uid})',
    'files.issue.writable': '{path} can be written by other users (mode {mode})',
    'files.issue.symlink': '{path} is a symbolic link (Vigil never writes through one)',
    'files.issue.hardlink': '{path} has other hard links',
    'files.issue.not_file': '{path} is not a regular file',
    'files.issue.not_dir': '{path} is not a directory',
    'files.fix.owner': 'use a path only you can write, or chown it to yourself',
    'files.fix.writable': 'chmod go-w {path}, or use a path only you can write',
    'files.fix.symlink': 'remove the link (rm {path}) or point Vigil at the real file',
    'files.fix.hardlink': 'remove the extra link, or use another path',
    'files.fix.not_file': 'remove it or choose another path',
    'files.fix.not_dir': 'remove it or choose another path',
    'files.refuse':
      'refusing to run as root: {what} is not safe: {problem}; another user could make Vigil write where they choose or run with their settings. Fix: {fix}',
    'files.warn': 'warning: {what} is not private: {problem}. Fix: {fix}',
    'files.ok': 'config, data directory and JSON log can only be written by you (and root)',
    'files.mode': '{path} is mode {mode}; Vigil tightens it to {want} when it next opens it',
  },
  fr: {
    'files.what.config': 'le fichier de configuration',
    'files.what.data_dir': 'le répertoire de données',
    'files.what.log_file': 'le journal JSON',
    'files.issue.owner': '{path} appartient à un autre utilisateur (uid {uid})',
    'files.issue.writable': "{path} est modifiable par d'autres utilisateurs (mode {mode})",
    'files.issue.symlink': "{path} est un lien symbolique (Vigil n'écrit jamais à travers)",
    'files.issue.hardlink': "{path} a d'autres liens physiques",
    'files.issue.not_file': "{path} n'est pas un fichier ordinaire",
    'files.issue.not_dir': "{path} n'est pas un répertoire",
    'files.fix.owner': 'utilisez un chemin que vous seul pouvez modifier, ou attribuez-le-vous (chown)',
    'files.fix.writable': 'chmod go-w {path}, ou utilisez un chemin que vous seul pouvez modifier',
    'files.fix.symlink': 'supprimez le lien (rm {path}) ou indiquez à Vigil le vrai fichier',
    'files.fix.hardlink': 'supprimez le lien en trop, ou utilisez un autre chemin',
    'files.fix.not_file': 'supprimez-le ou choisissez un autre chemin',
    'files.fix.not_dir': 'supprimez-le ou choisissez un autre chemin',
    'files.refuse':
      "refus de tourner en root : {what} n'est pas sûr : {problem} ; un autre utilisateur pourrait faire écrire Vigil où il veut ou le faire tourner avec ses réglages. Correction : {fix}",
    'files.warn': "attention : {what} n'est pas privé : {problem}. Correction : {fix}",
    'files.ok':
      'configuration, répertoire de données et journal JSON ne sont modifiables que par vous (et root)',
    'files.mode': '{path} est en mode {mode} ; Vigil le ramène à {want} à sa prochaine ouverture',
  },
};
