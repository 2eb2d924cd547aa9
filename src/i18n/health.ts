import type { Catalogue } from './catalogue.ts';

// `vigil health`: every check, its verdict and its fix.
export const health: Catalogue = {
  en: {
    'health.title': 'health',
    'health.summary.ok': 'All checks passed.',
    'health.summary.warn': 'Working, with {warns} warning(s).',
    'health.summary.fail': '{fails} required check(s) failed, {warns} warning(s).',
    'health.config.ok': 'valid: {path}',
    'health.config.defaults': 'no config file; defaults apply',
    'health.config.hint':
      "fix the file ('vigil config check' shows every problem, 'vigil config edit' opens it)",
    'health.dataDir.ok': 'writable: {path}',
    'health.dataDir.willCreate': '{path} will be created on first use',
    'health.dataDir.cannotCreate': 'cannot create {path}: {base} is not writable',
    'health.dataDir.notDir': '{path} is not a directory',
    'health.dataDir.notWritable': '{path} is not writable ({error})',
    'health.dataDir.hint':
      'make {path} writable by this user, or choose another with --data-dir / VIGIL_DATA_DIR',
    'health.db.absent': 'no history yet ({path} is created by the daemon)',
    'health.db.ok': 'integrity ok, schema v{schema}: {path}',
    'health.db.broken': '{path} is not usable: {error}',
    'health.db.hint':
      'stop the daemon and move {path} aside (the daemon also moves a corrupt database aside when it starts)',
    'health.collector.cpu': '{cores} logical CPUs',
    'health.collector.memory': '{gib} GiB of RAM',
    'health.collector.processes': '{count} processes',
    'health.collector.disks': '{count} filesystem(s)',
    'health.collector.network': '{count} interface(s)',
    'health.collector.gpus': '{count} GPU(s)',
    'health.collector.noGpu': 'no GPU (that is fine)',
    'health.collector.sensors': '{count} temperature sensor(s)',
    'health.collector.ok': 'readable',
    'health.collector.timeout': 'no answer within {ms} ms',
    'health.collector.hint':
      'check that /proc and /sys are mounted and readable (and not hidden: hidepid, ProtectProc)',
    'health.kernel.ok': 'kernel log readable from {sources} (OOM kills are detected)',
    'health.kernel.noEntries': 'no kernel entries visible',
    'health.kernel.hint':
      'OOM kills will go unseen: add the user to the systemd-journal (or adm) group, or allow /dev/kmsg (sysctl kernel.dmesg_restrict=0)',
    'health.desktop.off': 'desktop notifications are off in the config',
    'health.desktop.noBinary': 'notify-send not found: no desktop notifications',
    'health.desktop.hintBinary': 'install libnotify-bin (Debian/Ubuntu) or libnotify (Fedora, Arch)',
    'health.desktop.ok': 'notify-send ({path}) and a session bus',
    'health.desktop.noBus':
      'notify-send ({path}) found, but no session bus (DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR/bus)',
    'health.desktop.hintBus':
      'desktop notifications need a graphical login session: run the user unit (vigil service install), or set notifications.desktop = false',
    'health.ai.off': 'AI is off (opt-in: [ai] enabled = true)',
    'health.ai.ok': 'key present in {env}',
    'health.ai.keyring': 'key found in the system keyring (service vigil, account {account})',
    'health.files.hint':
      'as root Vigil refuses to start until each path above can only be written by root; a non-root user is warned',
    'health.files.hintMode': 'nothing to do: the next daemon, TUI or kill run tightens them',
    'health.ai.missing': 'AI is on but {env} is empty or unset, and no key is in the keyring',
    'health.ai.hint':
      "export {env}=… in the daemon's environment (systemctl --user edit vigil: Environment= or EnvironmentFile=), or store it with 'vigil config set-key', or set [ai] enabled = false",
    'health.daemon.absent': 'no daemon has run with this data dir',
    'health.daemon.stopped': 'the daemon (pid {pid}) stopped cleanly at {time}',
    'health.daemon.hintStart': "start it: 'vigil service install', then the systemctl commands it prints",
    'health.daemon.dead': 'the daemon (pid {pid}) died without stopping cleanly; last heartbeat {time}',
    'health.daemon.stale': 'the daemon (pid {pid}) has not ticked for {secs} s (hung?)',
    'health.daemon.hintRestart':
      "restart it: 'systemctl --user restart vigil' (see 'journalctl --user -u vigil')",
    'health.daemon.ok': 'running: pid {pid}, {ticks} ticks, last heartbeat {secs} s ago',
  },
  fr: {
    'health.title': 'état de santé',
    'health.summary.ok': 'Toutes les vérifications sont passées.',
    'health.summary.warn': 'Fonctionne, avec {warns} avertissement(s).',
    'health.summary.fail': '{fails} vérification(s) indispensable(s) en échec, {warns} avertissement(s).',
    'health.config.ok': 'valide : {path}',
    'health.config.defaults': 'pas de fichier de configuration ; valeurs par défaut',
    'health.config.hint':
      "corrigez le fichier ('vigil config check' montre chaque problème, 'vigil config edit' l'ouvre)",
    'health.dataDir.ok': 'accessible en écriture : {path}',
    'health.dataDir.willCreate': '{path} sera créé à la première utilisation',
    'health.dataDir.cannotCreate': 'impossible de créer {path} : {base} est en lecture seule',
    'health.dataDir.notDir': "{path} n'est pas un répertoire",
    'health.dataDir.notWritable': "{path} n'est pas accessible en écriture ({error})",
    'health.dataDir.hint':
      'rendez {path} accessible en écriture à cet utilisateur, ou choisissez-en un autre avec --data-dir / VIGIL_DATA_DIR',
    'health.db.absent': "pas encore d'historique ({path} est créé par le démon)",
    'health.db.ok': 'intégrité correcte, schéma v{schema} : {path}',
    'health.db.broken': '{path} est inutilisable : {error}',
    'health.db.hint':
      'arrêtez le démon et déplacez {path} (le démon met aussi de côté une base corrompue à son démarrage)',
    'health.collector.cpu': '{cores} processeurs logiques',
    'health.collector.memory': '{gib} Gio de RAM',
    'health.collector.processes': '{count} processus',
    'health.collector.disks': '{count} systèmes de fichiers',
    'health.collector.network': '{count} interface(s)',
    'health.collector.gpus': '{count} GPU',
    'health.collector.noGpu': 'pas de GPU (rien d’anormal)',
    'health.collector.sensors': '{count} capteur(s) de température',
    'health.collector.ok': 'lisible',
    'health.collector.timeout': 'pas de réponse en {ms} ms',
    'health.collector.hint':
      'vérifiez que /proc et /sys sont montés et lisibles (et non masqués : hidepid, ProtectProc)',
    'health.kernel.ok': 'journal du noyau lisible depuis {sources} (les OOM kills sont détectés)',
    'health.kernel.noEntries': 'aucune entrée du noyau visible',
    'health.kernel.hint':
      "les OOM kills passeront inaperçus : ajoutez l'utilisateur au groupe systemd-journal (ou adm), ou autorisez /dev/kmsg (sysctl kernel.dmesg_restrict=0)",
    'health.desktop.off': 'notifications de bureau désactivées dans la configuration',
    'health.desktop.noBinary': 'notify-send introuvable : pas de notifications de bureau',
    'health.desktop.hintBinary': 'installez libnotify-bin (Debian/Ubuntu) ou libnotify (Fedora, Arch)',
    'health.desktop.ok': 'notify-send ({path}) et un bus de session',
    'health.desktop.noBus':
      'notify-send ({path}) présent, mais pas de bus de session (DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR/bus)',
    'health.desktop.hintBus':
      'les notifications de bureau exigent une session graphique : utilisez le service utilisateur (vigil service install), ou notifications.desktop = false',
    'health.ai.off': "l'IA est désactivée (sur demande : [ai] enabled = true)",
    'health.ai.ok': 'clé présente dans {env}',
    'health.ai.keyring': 'clé trouvée dans le trousseau du système (service vigil, compte {account})',
    'health.files.hint':
      'en root, Vigil refuse de démarrer tant que chaque chemin ci-dessus est modifiable par un autre que root ; un utilisateur non root est averti',
    'health.files.hintMode': 'rien à faire : le prochain démon, TUI ou kill les resserre',
    'health.ai.missing':
      "l'IA est activée mais {env} est vide ou absente, et aucune clé n'est dans le trousseau",
    'health.ai.hint':
      "exportez {env}=… dans l'environnement du démon (systemctl --user edit vigil : Environment= ou EnvironmentFile=), ou enregistrez-la avec 'vigil config set-key', ou [ai] enabled = false",
    'health.daemon.absent': "aucun démon n'a tourné avec ce répertoire de données",
    'health.daemon.stopped': "le démon (pid {pid}) s'est arrêté proprement à {time}",
    'health.daemon.hintStart':
      "démarrez-le : 'vigil service install', puis les commandes systemctl affichées",
    'health.daemon.dead': 'le démon (pid {pid}) est mort sans arrêt propre ; dernier signe de vie {time}',
    'health.daemon.stale': "le démon (pid {pid}) n'a pas échantillonné depuis {secs} s (bloqué ?)",
    'health.daemon.hintRestart':
      "redémarrez-le : 'systemctl --user restart vigil' (voir 'journalctl --user -u vigil')",
    'health.daemon.ok': 'en marche : pid {pid}, {ticks} échantillons, dernier signe de vie il y a {secs} s',
  },
};
