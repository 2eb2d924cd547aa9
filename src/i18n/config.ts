import { SCHEMA } from '../config/schema.ts';
import type { Catalogue } from './catalogue.ts';

/** The English meaning of every table and key comes from the schema (one source). */
function schemaDocs(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, table] of Object.entries(SCHEMA)) {
    out[`config.doc.${name}`] = table.doc;
    if (table.map) out[`config.doc.${name}.*`] = table.map.doc;
    for (const [key, f] of Object.entries(table.fields)) {
      out[`config.doc.${name}.${key}`] = f.doc;
      if (f.defaultDoc) out[`config.default.${name}.${key}`] = f.defaultDoc;
    }
  }
  return out;
}

/** The French meaning of every table and key (`config init` comments in French). */
const FR_DOCS: Record<string, string> = {
  'config.doc.general': 'Le fonctionnement de Vigil.',
  'config.doc.general.mode':
    '`observe` notifie ; `suggest` ajoute des commandes sûres à copier ; `auto` applique aussi les correctifs dont la sûreté est prouvée (SPEC §10).',
  'config.doc.general.interval_secs': 'Secondes entre deux échantillons (`--interval` l’emporte).',
  'config.doc.general.language':
    'Langue des messages, des notifications, de l’interface et des réponses de l’IA (`--lang` l’emporte).',
  'config.default.general.language': '`fr` quand `LC_ALL`/`LC_MESSAGES`/`LANG` commence par `fr`, sinon `en`',
  'config.doc.thresholds': 'Quand les règles se déclenchent (identifiants dans docs/rules.md).',
  'config.doc.thresholds.ram_warn_percent':
    '`ram_high` se déclenche (high) quand la RAM utilisée reste au-dessus de ce pourcentage.',
  'config.doc.thresholds.ram_critical_percent':
    '`ram_high` devient critique au-dessus de ce pourcentage ; au moins `ram_warn_percent`.',
  'config.doc.thresholds.ram_for_secs':
    'Durée pendant laquelle la RAM doit rester au-dessus du seuil d’alerte avant que `ram_high` se déclenche.',
  'config.doc.thresholds.swap_warn_percent':
    '`swap_high` se déclenche quand le swap utilisé dépasse ce pourcentage.',
  'config.doc.thresholds.cpu_load_factor':
    '`load_high` se déclenche quand load1 dépasse ce facteur multiplié par le nombre de cœurs.',
  'config.doc.thresholds.load_for_secs':
    'Durée pendant laquelle la charge doit rester élevée avant que `load_high` se déclenche.',
  'config.doc.thresholds.disk_min_free_percent':
    '`disk_low` se déclenche (high) quand un système de fichiers a moins d’espace (ou d’inodes) libre que ce pourcentage.',
  'config.doc.thresholds.disk_critical_free_percent':
    '`disk_low` devient critique sous ce pourcentage libre ; au plus `disk_min_free_percent`.',
  'config.doc.thresholds.max_duplicate_processes':
    '`duplicate_processes` se déclenche quand plus de processus que cela partagent une même ligne de commande normalisée.',
  'config.doc.thresholds.zombie_timeout_secs':
    '`zombie` se déclenche pour un processus resté à l’état Z plus longtemps que cela.',
  'config.doc.thresholds.temperature_cpu_max':
    '`temperature_high` se déclenche quand le CPU dépasse cette température (°C).',
  'config.doc.thresholds.temperature_gpu_max':
    '`temperature_high` se déclenche quand un GPU dépasse cette température (°C).',
  'config.doc.thresholds.leak_window_secs':
    '`memory_leak` observe la croissance de la RSS sur cette fenêtre.',
  'config.doc.thresholds.leak_min_growth_mb':
    '`memory_leak` se déclenche quand la RSS a crû de façon quasi monotone de plus de ce nombre de Mio sur la fenêtre.',
  'config.doc.ai':
    'Explications facultatives par Claude (SPEC §8). Désactivées par défaut ; rien ne quitte la machine sans activation.',
  'config.doc.ai.enabled': 'Demander à Claude d’expliquer les nouvelles alertes et `vigil explain`.',
  'config.doc.ai.provider': 'Le fournisseur d’IA.',
  'config.doc.ai.model': 'L’identifiant du modèle Claude.',
  'config.doc.ai.api_key_env':
    'Nom de la variable d’environnement qui contient la clé d’API. La clé elle-même n’est jamais lue dans ce fichier : une clé écrite ici est refusée.',
  'config.doc.ai.max_tokens': 'Nombre maximal de jetons d’une réponse.',
  'config.doc.ai.cooldown_secs': 'Au plus un appel par ce nombre de secondes.',
  'config.doc.ai.max_calls_per_day': 'Pas plus d’appels que cela par jour (0 : jamais).',
  'config.doc.ai.anonymize':
    'Remplacer aussi les noms d’utilisateur et d’hôte avant tout envoi (les secrets sont toujours masqués).',
  'config.doc.notifications': 'Où vont les alertes (SPEC §10).',
  'config.doc.notifications.desktop': 'Notifications de bureau via `notify-send`.',
  'config.doc.notifications.terminal': 'Alertes affichées dans le terminal (ANSI).',
  'config.doc.notifications.log_file': 'Le journal JSON : un événement par ligne (`~/` est développé).',
  'config.default.notifications.log_file':
    '`$XDG_DATA_HOME/vigil/vigil.log` (`~/.local/share/vigil/vigil.log`)',
  'config.doc.notifications.webhook_url':
    'Envoyer les alertes (POST) ici : formats Slack et Discord selon l’URL, JSON générique sinon. Désactivé si absent.',
  'config.doc.notifications.alertmanager_url': 'URL de base d’Alertmanager (API v2). Désactivé si absent.',
  'config.doc.allowlist': 'Ce que Vigil laisse tranquille (SPEC §10).',
  'config.doc.allowlist.ignore_commands':
    'Motifs de commandes dont les processus ne lèvent jamais d’alerte (par ex. `"postgres*"`).',
  'config.doc.allowlist.protected_pids':
    'Pids jamais signalés, quel que soit le chemin (le PID 1 est toujours protégé).',
  'config.doc.allowlist.protected_commands': 'Motifs de commandes jamais signalées, quel que soit le chemin.',
  'config.doc.history': 'L’historique SQLite dans le répertoire de données.',
  'config.doc.history.retention_hours':
    'Heures d’historique conservées ; les échantillons et événements plus anciens sont purgés.',
  'config.doc.history.snapshot_interval_secs': 'Secondes entre deux instantanés écrits dans l’historique.',
  'config.doc.metrics': 'Point d’accès des métriques Prometheus du démon.',
  'config.doc.metrics.listen':
    'Servir `/metrics` sur HÔTE:PORT (`--metrics` l’emporte). Désactivé si absent.',
  'config.doc.keys':
    'Surcharges des touches du keymap : nom de commande = touche ou liste de touches (voir docs/keymaps.md).',
  'config.doc.keys.*': 'Un nom de commande du keymap, associé à une touche ou à une liste de touches.',
  'config.doc.ui': 'Le moniteur plein écran (`vigil watch`).',
  'config.doc.ui.keymap': '`default` (façon htop) ou `vim` ; `[keys]` surcharge des touches isolées.',
};

// Strings of the configuration area: validation messages, `vigil config`, key meanings.
export const config: Catalogue = {
  en: {
    ...schemaDocs(),
    'config.init.oneOf': 'One of: {values}.',
    'config.init.range': 'Range: {min} to {max}.',
    'config.init.default': 'Default: {text}.',
    'config.init.example': 'Example:',
    'config.err.invalidOne': 'invalid configuration (1 problem); nothing was started:',
    'config.err.invalid': 'invalid configuration ({count} problems); nothing was started:',
    'config.err.syntax': 'TOML syntax error: {detail}',
    'config.err.notFound': 'file not found',
    'config.err.unreadable': 'cannot read the file: {detail}',
    'config.err.expected': '{key}: expected {expected}, found {found}',
    'config.err.expectedDidYouMean': '{key}: expected {expected}, found {found}; did you mean {suggestion}?',
    'config.err.unknownKey': '{key}: unknown key in [{table}] (known keys: {known})',
    'config.err.unknownKeyDidYouMean': '{key}: unknown key; did you mean {suggestion}?',
    'config.err.unknownTable': '{key}: unknown key (known tables: {known})',
    'config.err.unknownTableDidYouMean': '[{key}]: unknown table; did you mean [{suggestion}]?',
    'config.err.apiKeyField':
      '{key}: API keys are never read from the config file; export the key in the environment variable named by ai.api_key_env instead',
    'config.err.apiKeyLiteral':
      'an API key is written in the config file; remove it and export it in the environment variable named by ai.api_key_env ({env}) instead',
    'config.err.atLeast': '{key}: expected at least {other} ({otherValue}), found {found}',
    'config.err.atMost': '{key}: expected at most {other} ({otherValue}), found {found}',
    'config.expect.boolean': 'true or false',
    'config.expect.integer': 'an integer',
    'config.expect.integerRange': 'an integer from {min} to {max}',
    'config.expect.number': 'a number',
    'config.expect.numberRange': 'a number from {min} to {max}',
    'config.expect.enum': 'one of {values}',
    'config.expect.stringList': 'a list of non-empty strings',
    'config.expect.integerList': 'a list of integers',
    'config.expect.integerListRange': 'a list of integers from {min} to {max}',
    'config.expect.string': 'a non-empty string',
    'config.expect.url': 'an http:// or https:// URL',
    'config.expect.listen': 'HOST:PORT (e.g. "127.0.0.1:9464")',
    'config.expect.envName': 'an environment variable name (letters, digits, _)',
    'config.expect.model': 'a model id (e.g. "claude-sonnet-4-6")',
    'config.expect.table': 'a table ([{table}])',
    'config.expect.commandName': 'a keymap command name',
    'config.expect.binding': 'a key or a list of keys (e.g. "q" or ["q", "C-c"])',
    'config.expect.keyName': 'a key name (f1–f12, up, pageup, enter, escape, C-x, M-x or one character)',
    'config.err.unknownCommand': '{key}: unknown keymap command (the list is in docs/keymaps.md)',
    'config.err.keymap': '[keys]: {detail}',
    'config.check.ok': '{file}: OK',
    'config.check.defaults': 'no config file at {file}; the defaults apply: OK',
    'config.show.header': 'Effective configuration ({source}); secrets are masked.',
    'config.show.defaultsOnly': 'defaults only, no file at {file}',
    'config.show.notSet': '{key} is not set',
    'config.show.keySet': 'the environment variable {env} is set (the key is not shown)',
    'config.show.keyUnset': 'the environment variable {env} is not set',
    'config.init.header':
      'Vigil configuration. Every key is optional: the commented lines show the defaults; uncomment and change what you need. Reference: docs/configuration.md. Check with `vigil config check`.',
    'config.init.written': 'wrote {file}',
    'config.init.exists': '{file} already exists; use --force to overwrite it',
    'config.edit.noEditor': "cannot start the editor '{editor}' (set $VISUAL or $EDITOR)",
    'config.edit.editorFailed': "the editor '{editor}' exited with status {code}; {file} left untouched",
    'config.edit.unchanged': 'no changes; {file} left untouched',
    'config.edit.saved': 'saved {file}',
    'config.edit.rejected': 'the edited configuration is invalid; {file} left untouched',
    'config.edit.reopen': 'Re-open the editor to fix it? [Y/n] ',
    'config.edit.discarded': 'changes discarded; {file} left untouched',
    'config.usage.unknownAction': "unknown action '{action}' for 'vigil config' (expected one of: {actions})",
  },
  fr: {
    ...FR_DOCS,
    'config.init.oneOf': 'Valeurs : {values}.',
    'config.init.range': 'Plage : {min} à {max}.',
    'config.init.default': 'Par défaut : {text}.',
    'config.init.example': 'Exemple :',
    'config.err.invalidOne': 'configuration invalide (1 problème) ; rien n’a été démarré :',
    'config.err.invalid': 'configuration invalide ({count} problèmes) ; rien n’a été démarré :',
    'config.err.syntax': 'erreur de syntaxe TOML : {detail}',
    'config.err.notFound': 'fichier introuvable',
    'config.err.unreadable': 'impossible de lire le fichier : {detail}',
    'config.err.expected': '{key} : attendu {expected}, trouvé {found}',
    'config.err.expectedDidYouMean':
      '{key} : attendu {expected}, trouvé {found} ; vouliez-vous dire {suggestion} ?',
    'config.err.unknownKey': '{key} : clé inconnue dans [{table}] (clés connues : {known})',
    'config.err.unknownKeyDidYouMean': '{key} : clé inconnue ; vouliez-vous dire {suggestion} ?',
    'config.err.unknownTable': '{key} : clé inconnue (tables connues : {known})',
    'config.err.unknownTableDidYouMean': '[{key}] : table inconnue ; vouliez-vous dire [{suggestion}] ?',
    'config.err.apiKeyField':
      '{key} : les clés d’API ne sont jamais lues dans le fichier de configuration ; exportez la clé dans la variable d’environnement nommée par ai.api_key_env',
    'config.err.apiKeyLiteral':
      'une clé d’API est écrite dans le fichier de configuration ; retirez-la et exportez-la dans la variable d’environnement nommée par ai.api_key_env ({env})',
    'config.err.atLeast': '{key} : attendu au moins {other} ({otherValue}), trouvé {found}',
    'config.err.atMost': '{key} : attendu au plus {other} ({otherValue}), trouvé {found}',
    'config.expect.boolean': 'true ou false',
    'config.expect.integer': 'un entier',
    'config.expect.integerRange': 'un entier de {min} à {max}',
    'config.expect.number': 'un nombre',
    'config.expect.numberRange': 'un nombre de {min} à {max}',
    'config.expect.enum': 'l’une des valeurs {values}',
    'config.expect.stringList': 'une liste de chaînes non vides',
    'config.expect.integerList': 'une liste d’entiers',
    'config.expect.integerListRange': 'une liste d’entiers de {min} à {max}',
    'config.expect.string': 'une chaîne non vide',
    'config.expect.url': 'une URL http:// ou https://',
    'config.expect.listen': 'HÔTE:PORT (par ex. "127.0.0.1:9464")',
    'config.expect.envName': 'un nom de variable d’environnement (lettres, chiffres, _)',
    'config.expect.model': 'un identifiant de modèle (par ex. "claude-sonnet-4-6")',
    'config.expect.table': 'une table ([{table}])',
    'config.expect.commandName': 'un nom de commande du keymap',
    'config.expect.binding': 'une touche ou une liste de touches (par ex. "q" ou ["q", "C-c"])',
    'config.expect.keyName': 'un nom de touche (f1–f12, up, pageup, enter, escape, C-x, M-x ou un caractère)',
    'config.err.unknownCommand': '{key} : commande de keymap inconnue (la liste est dans docs/keymaps.md)',
    'config.err.keymap': '[keys] : {detail}',
    'config.check.ok': '{file} : OK',
    'config.check.defaults':
      'pas de fichier de configuration en {file} ; les valeurs par défaut s’appliquent : OK',
    'config.show.header': 'Configuration effective ({source}) ; les secrets sont masqués.',
    'config.show.defaultsOnly': 'valeurs par défaut seules, pas de fichier en {file}',
    'config.show.notSet': '{key} n’est pas défini',
    'config.show.keySet': 'la variable d’environnement {env} est définie (la clé n’est pas affichée)',
    'config.show.keyUnset': 'la variable d’environnement {env} n’est pas définie',
    'config.init.header':
      'Configuration de Vigil. Toutes les clés sont facultatives : les lignes en commentaire montrent les valeurs par défaut ; décommentez et modifiez ce dont vous avez besoin. Référence : docs/configuration.md. Vérification : `vigil config check`.',
    'config.init.written': '{file} écrit',
    'config.init.exists': '{file} existe déjà ; utilisez --force pour l’écraser',
    'config.edit.noEditor': "impossible de lancer l’éditeur '{editor}' (définissez $VISUAL ou $EDITOR)",
    'config.edit.editorFailed': "l’éditeur '{editor}' a terminé avec le code {code} ; {file} est inchangé",
    'config.edit.unchanged': 'aucune modification ; {file} est inchangé',
    'config.edit.saved': '{file} enregistré',
    'config.edit.rejected': 'la configuration modifiée est invalide ; {file} est inchangé',
    'config.edit.reopen': 'Rouvrir l’éditeur pour corriger ? [O/n] ',
    'config.edit.discarded': 'modifications abandonnées ; {file} est inchangé',
    'config.usage.unknownAction': "action '{action}' inconnue pour 'vigil config' (attendu : {actions})",
  },
};
