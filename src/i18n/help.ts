import type { Catalogue } from './catalogue.ts';

// `vigil --help`, `vigil help [command]`, and the man page (English): every command's summary
// and every flag's description. The English texts are the command table's own (src/cli/commands/*,
// GLOBAL_FLAGS in src/cli/args.ts); test/unit/cli-help.test.ts checks they stay the same.
export const help: Catalogue = {
  en: {
    'help.tagline': 'a Linux system guardian for developers.',
    'help.usage': 'Usage:',
    'help.commands': 'Commands:',
    'help.options': 'Options:',
    'help.globalOptions': 'Global options:',
    'help.noCommand': 'Without a command, on a terminal: the full-screen monitor (vigil watch).',
    'help.more':
      "Run 'vigil help COMMAND' for a command's options; 'man vigil' or docs/ in the package for more.",
    'help.summary.watch':
      'full-screen monitor (htop-style): processes, CPU, memory, GPU, disks, network, alerts',
    'help.summary.status': 'instant snapshot: CPU, memory, disks, network, top processes, active alerts',
    'help.summary.explain':
      'what a process is, who started it, what it costs, whether it is suspect, what to do',
    'help.summary.kill': 'signal a process (SIGTERM by default) through the safety policy, with confirmation',
    'help.summary.report': 'history report: alert timeline, top offenders, trends (terminal, JSON or HTML)',
    'help.summary.health':
      'self-check: config, data dir, database, collectors, kernel log, notifications, AI key, daemon',
    'help.summary.config':
      'edit, locate, show, check or create the config file; store the API key in the keyring',
    'help.summary.service':
      'install or remove the systemd unit that runs the daemon (prints the systemctl commands)',
    'help.summary.completion': 'print the shell completion script for bash, zsh or fish',
    'help.summary.help': "show the help of vigil or of one command (same as 'vigil COMMAND --help')",
    'help.summary.headless': 'the daemon: same engine, no UI; JSON-line logs on stderr',
    'help.flag.global.config': 'config file (env VIGIL_CONFIG)',
    'help.flag.global.dataDir': 'data directory (env VIGIL_DATA_DIR)',
    'help.flag.global.interval': 'seconds between samples',
    'help.flag.global.mode': 'observe | suggest | auto',
    'help.flag.global.lang': 'en | fr',
    'help.flag.global.color': '--no-color: no ANSI colours (also NO_COLOR)',
    'help.flag.global.headless': 'run the daemon without UI',
    'help.flag.global.help': 'show help',
    'help.flag.global.version': 'print the version',
    'help.flag.watch.mouse': '--no-mouse: keyboard only (leave the mouse to tmux/the terminal)',
    'help.flag.watch.keymap': 'key bindings (config [ui] keymap)',
    'help.flag.watch.resetView':
      '--reset-view: forget the view saved in tui.json (sort, tree, columns, theme) and start from [ui]',
    'help.flag.status.json': 'print the snapshot as one JSON object (the documented shape)',
    'help.flag.status.top': 'only the N busiest processes (by CPU, then RSS)',
    'help.flag.status.check':
      'one monitoring-plugin line with perfdata; exit 0 OK, 1 warning, 2 critical, 3 unknown',
    'help.flag.explain.json': 'print one JSON object',
    'help.flag.explain.ai': '--no-ai: local explanation only, nothing leaves the machine',
    'help.flag.kill.force': 'SIGKILL instead of SIGTERM',
    'help.flag.kill.signal': 'signal name or number (TERM, HUP, INT, KILL, 15…)',
    'help.flag.kill.tree': 'include every descendant',
    'help.flag.kill.yes': 'do not ask (required without a terminal)',
    'help.flag.report.since': 'window to report on: 30m, 24h, 7d (default 24h)',
    'help.flag.report.json': 'print the report as one JSON object',
    'help.flag.report.html': 'write a self-contained HTML report to FILE',
    'help.flag.health.json': 'print the checks as one JSON object',
    'help.flag.config.force': 'init: overwrite an existing file',
    'help.flag.service.system': 'the system unit (/etc/systemd/system) instead of the user unit',
    'help.flag.headless.ticks': 'exit 0 after N samples',
    'help.flag.headless.metrics': 'serve Prometheus metrics on HOST:PORT',
  },
  fr: {
    'help.tagline': 'un gardien du système Linux pour les développeurs.',
    'help.usage': 'Utilisation :',
    'help.commands': 'Commandes :',
    'help.options': 'Options :',
    'help.globalOptions': 'Options globales :',
    'help.noCommand': 'Sans commande, dans un terminal : le moniteur plein écran (vigil watch).',
    'help.more':
      "'vigil help COMMANDE' donne les options d'une commande ; 'man vigil' ou docs/ dans le paquet pour le reste.",
    'help.summary.watch':
      'moniteur plein écran (façon htop) : processus, CPU, mémoire, GPU, disques, réseau, alertes',
    'help.summary.status':
      'instantané : CPU, mémoire, disques, réseau, processus les plus actifs, alertes en cours',
    'help.summary.explain':
      "ce qu'est un processus, qui l'a lancé, ce qu'il coûte, s'il est suspect, que faire",
    'help.summary.kill':
      'envoie un signal à un processus (SIGTERM par défaut) via la politique de sûreté, avec confirmation',
    'help.summary.report':
      "rapport d'historique : chronologie des alertes, pires processus, tendances (terminal, JSON ou HTML)",
    'help.summary.health':
      'autodiagnostic : configuration, données, base, collecteurs, journal du noyau, notifications, clé IA, démon',
    'help.summary.config':
      'modifier, situer, afficher, vérifier ou créer le fichier de configuration ; ranger la clé d’API dans le trousseau',
    'help.summary.service':
      "installe ou retire l'unité systemd qui lance le démon (affiche les commandes systemctl)",
    'help.summary.completion': 'affiche le script de complétion pour bash, zsh ou fish',
    'help.summary.help': "affiche l'aide de vigil ou d'une commande (comme 'vigil COMMANDE --help')",
    'help.summary.headless': 'le démon : même moteur, sans interface ; journal en lignes JSON sur stderr',
    'help.flag.global.config': 'fichier de configuration (variable VIGIL_CONFIG)',
    'help.flag.global.dataDir': 'répertoire des données (variable VIGIL_DATA_DIR)',
    'help.flag.global.interval': 'secondes entre deux mesures',
    'help.flag.global.mode': 'observe | suggest | auto',
    'help.flag.global.lang': 'en | fr',
    'help.flag.global.color': '--no-color : sans couleurs ANSI (aussi NO_COLOR)',
    'help.flag.global.headless': 'lance le démon sans interface',
    'help.flag.global.help': "affiche l'aide",
    'help.flag.global.version': 'affiche la version',
    'help.flag.watch.mouse': '--no-mouse : clavier seul (la souris reste à tmux ou au terminal)',
    'help.flag.watch.keymap': 'raccourcis clavier (configuration [ui] keymap)',
    'help.flag.watch.resetView':
      '--reset-view : oublier la vue enregistrée dans tui.json (tri, arbre, colonnes, thème) et repartir de [ui]',
    'help.flag.status.json': "affiche l'instantané en un objet JSON (la forme documentée)",
    'help.flag.status.top': 'seulement les N processus les plus actifs (CPU, puis RSS)',
    'help.flag.status.check':
      'une ligne de sonde de supervision avec perfdata ; sortie 0 OK, 1 avertissement, 2 critique, 3 inconnu',
    'help.flag.explain.json': 'affiche un objet JSON',
    'help.flag.explain.ai': '--no-ai : explication locale seulement, rien ne quitte la machine',
    'help.flag.kill.force': 'SIGKILL au lieu de SIGTERM',
    'help.flag.kill.signal': 'nom ou numéro du signal (TERM, HUP, INT, KILL, 15…)',
    'help.flag.kill.tree': 'inclut tous les descendants',
    'help.flag.kill.yes': 'sans question (obligatoire sans terminal)',
    'help.flag.report.since': 'période couverte : 30m, 24h, 7d (24h par défaut)',
    'help.flag.report.json': 'affiche le rapport en un objet JSON',
    'help.flag.report.html': 'écrit un rapport HTML autonome dans FICHIER',
    'help.flag.health.json': 'affiche les vérifications en un objet JSON',
    'help.flag.config.force': 'init : remplace un fichier existant',
    'help.flag.service.system': "l'unité système (/etc/systemd/system) au lieu de l'unité utilisateur",
    'help.flag.headless.ticks': 'termine (code 0) après N mesures',
    'help.flag.headless.metrics': 'sert les métriques Prometheus sur HÔTE:PORT',
  },
};
