// The schema's own words (src/config/schema.ts: the one source of every key's documentation) and
// their French translation, for `config init`'s comments. Keys: `config.doc.<table>[.<key>]`,
// `config.doc.<table>.*` for a map table, `config.default.<table>.<key>` for a computed default.
import type { Language } from '../i18n/catalogue.ts';
import { SCHEMA } from './schema.ts';

/** The English text of every table, key and computed default, from the schema. */
export function schemaDocs(): Record<string, string> {
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
export const SCHEMA_DOCS_FR: Record<string, string> = {
  'config.doc.general': 'Le fonctionnement de Vigil.',
  'config.doc.general.mode':
    '`observe` notifie ; `suggest` ajoute des commandes sûres à copier ; `auto` applique aussi les correctifs dont la sûreté est prouvée (voir docs/security.md).',
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
  'config.doc.thresholds.storm_min_ram_mb':
    '`ghost_process_storm` exige que ses processus occupent ensemble plus de RSS que le plus petit de ce nombre de Mio et de `storm_min_ram_percent` de la RAM.',
  'config.doc.thresholds.storm_min_ram_percent':
    '`ghost_process_storm` exige que ses processus occupent ensemble plus de RSS que le plus petit de cette part de la RAM totale et de `storm_min_ram_mb`.',
  'config.doc.thresholds.orphan_min_cpu_percent':
    '`orphan_cpu` se déclenche pour un orphelin qui utilise plus que ce CPU (% d’un cœur) pendant trois intervalles d’échantillonnage ; l’alerte cesse sous la moitié.',
  'config.doc.thresholds.zombie_timeout_secs':
    '`zombie` se déclenche pour un processus resté à l’état Z plus longtemps que cela, compté depuis que Vigil l’a vu la première fois (retenu d’un redémarrage à l’autre).',
  'config.doc.thresholds.temperature_cpu_max':
    '`temperature_high` se déclenche quand le CPU dépasse cette température (°C).',
  'config.doc.thresholds.temperature_gpu_max':
    '`temperature_high` se déclenche quand un GPU dépasse cette température (°C).',
  'config.doc.thresholds.leak_window_secs':
    '`memory_leak` observe la croissance de la RSS sur cette fenêtre.',
  'config.doc.thresholds.leak_min_growth_mb':
    '`memory_leak` se déclenche quand la RSS a crû de façon quasi monotone de plus de ce nombre de Mio sur la fenêtre.',
  'config.doc.ai':
    'Explications facultatives par Claude (docs/ai.md). Désactivées par défaut ; rien ne quitte la machine sans activation.',
  'config.doc.ai.enabled': 'Demander à Claude d’expliquer les nouvelles alertes et `vigil explain`.',
  'config.doc.ai.provider': 'Le fournisseur d’IA.',
  'config.doc.ai.model': 'L’identifiant du modèle Claude.',
  'config.doc.ai.api_key_env':
    'Nom de la variable d’environnement qui contient la clé d’API ; si elle est absente, la clé enregistrée dans le trousseau du système par `vigil config set-key` est utilisée. La clé elle-même n’est jamais lue dans ce fichier : une clé écrite ici est refusée.',
  'config.doc.ai.max_tokens': 'Nombre maximal de jetons d’une réponse.',
  'config.doc.ai.cooldown_secs': 'Au plus un appel par ce nombre de secondes.',
  'config.doc.ai.max_calls_per_day': 'Pas plus d’appels que cela par jour (0 : jamais).',
  'config.doc.ai.anonymize':
    'Remplacer aussi les noms d’utilisateur et d’hôte avant tout envoi (les secrets sont toujours masqués).',
  'config.doc.notifications': 'Où vont les alertes (docs/notifications.md).',
  'config.doc.notifications.desktop': 'Notifications de bureau via `notify-send`.',
  'config.doc.notifications.terminal': 'Alertes affichées dans le terminal (ANSI).',
  'config.doc.notifications.log_file':
    'Le journal JSON : un événement par ligne (`~/` est développé), expurgé, créé en 0600. Un chemin absolu ou `~/` vers un fichier nommé `*.log` ou `*.jsonl` : Vigil y ajoute du texte choisi par n’importe quel processus, il refuse donc tout autre nom (`/root/.bashrc`). En root, un chemin de journal qu’un autre utilisateur peut modifier est refusé au démarrage.',
  'config.default.notifications.log_file':
    '`$XDG_DATA_HOME/vigil/vigil.log` (`~/.local/share/vigil/vigil.log`)',
  'config.doc.notifications.webhook_url':
    'Envoyer les alertes (POST) ici : formats Slack et Discord selon l’URL, JSON générique sinon. Désactivé si absent.',
  'config.doc.notifications.alertmanager_url': 'URL de base d’Alertmanager (API v2). Désactivé si absent.',
  'config.doc.allowlist': 'Ce que Vigil laisse tranquille, quel que soit le mode (docs/security.md).',
  'config.doc.allowlist.ignore_commands':
    'Motifs de commandes dont les processus ne lèvent jamais d’alerte (par ex. `"postgres*"`, `"*mcp_server.py*"`). ' +
    'Un motif est comparé au nom du processus (comm), à argv0 (le premier mot de la ligne de commande), au nom ' +
    'de base de l’exécutable (celui d’argv0) et à toute la ligne de commande. Un motif couvre tout le champ : ' +
    '`*` une suite quelconque de caractères et `?` un caractère (jamais un saut de ligne), `[abc]`, `[a-z]`, ' +
    '`[!a]` ou `[^a]` (aucun de ceux-là), un `]` juste après l’ouverture ou la négation est littéral (`[]]`, ' +
    '`[!]]`), `\\` rend littéral le caractère suivant, entre crochets aussi (`\\*` ; en TOML, entre apostrophes : ' +
    "`'\\*'`), un `[` non fermé est littéral.",
  'config.doc.allowlist.protected_pids':
    'Pids jamais signalés, quel que soit le chemin (le PID 1 est toujours protégé).',
  'config.doc.allowlist.protected_commands':
    'Motifs de commandes jamais signalées, quel que soit le chemin, avec la syntaxe d’`ignore_commands`. Un ' +
    'motif est comparé au nom du processus (comm), à argv0 et au nom de base de l’exécutable, jamais à toute ' +
    'la ligne de commande : un processus choisit ses arguments, il pourrait ainsi se protéger lui-même.',
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
  'config.doc.ui.theme':
    'Couleurs pour un fond de terminal sombre ou clair, ou `mono` (attributs seulement). `NO_COLOR` et `--no-color` coupent la couleur quoi qu’il en soit.',
  'config.doc.ui.sort':
    'La colonne de tri du tableau des processus au départ (`time` : temps CPU, le TIME+ de htop).',
  'config.doc.ui.tree': 'Démarrer en vue arborescente.',
  'config.doc.ui.kernel_threads': 'Afficher les threads du noyau au départ.',
  'config.doc.ui.columns':
    'Colonnes du tableau des processus en plus du PID et de la commande, dans cet ordre (`gpu` : VRAM, affichée s’il y a un GPU).',
};

/** The schema's texts in `lang`, by key (English where a translation is missing; a test checks none is). */
export function schemaTexts(lang: Language): (key: string) => string {
  const en = schemaDocs();
  return (key) => (lang === 'fr' ? SCHEMA_DOCS_FR[key] : undefined) ?? en[key] ?? key;
}
