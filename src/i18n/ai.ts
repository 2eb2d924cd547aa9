import type { Catalogue } from './catalogue.ts';

// The AI service and client: prompts, skips, failures, the answer's labels.
export const ai: Catalogue = {
  en: {
    'ai.kind.unknown': '{name} is not a program Vigil recognises.',
    'ai.kind.kernel_thread': '{name} is a kernel thread: part of the kernel, not a program you started.',
    'ai.kind.mcp_server':
      '{tool} is an MCP server: a helper that an AI coding tool or editor (Claude Code, Cursor, VS Code…) starts to give the model tools; it should end with the session that started it.',
    'ai.kind.ai_tool': '{tool} is an AI coding tool or model runtime; it starts helpers such as MCP servers.',
    'ai.kind.language_server':
      '{tool} is a language server: your editor starts it for completion and diagnostics; it can use a lot of memory on big projects.',
    'ai.kind.test_runner': '{tool} is a test runner; its workers should end when the test run ends.',
    'ai.kind.dev_server':
      '{tool} is a development server (hot reload, file watching), started from a terminal or an editor.',
    'ai.kind.build_tool': '{tool} is a build tool or compiler; heavy CPU and memory while it runs is normal.',
    'ai.kind.package_manager': '{tool} is a package manager (installing or running scripts).',
    'ai.kind.database':
      '{tool} is a database or data server; it usually keeps a large cache in memory on purpose.',
    'ai.kind.browser':
      '{tool} is a web browser process (browsers run one process per tab or site, so many of them is normal).',
    'ai.kind.editor': '{tool} is an editor or IDE.',
    'ai.kind.terminal': '{tool} is a terminal or terminal multiplexer; your shells live under it.',
    'ai.kind.container': '{tool} is part of a container runtime.',
    'ai.kind.shell': '{tool} is a command shell.',
    'ai.kind.system_daemon': '{tool} is a system service.',
    'ai.kind.runtime': '{name} is a {tool} program; the command line says which script it runs.',
    'ai.kind.runtime_script': '{tool} runs {script} (a script, not a known tool).',
    'ai.kind.watcher':
      '{tool} is a file watcher: it rebuilds or restarts something on every change, started from a terminal or an editor.',
    'ai.kind.container_shim':
      '{tool} is a container shim: it keeps one container running and reports its exit to the container runtime.',
    'ai.kind.ide_helper':
      '{tool} is a helper process of your editor (extension host, renderer, remote server, file watcher).',
    'ai.origin.alive': 'Started by {who} (pid {pid}), which still runs.',
    'ai.origin.gone': 'Started by {who} (pid {pid}), which has exited: it was left behind.',
    'ai.origin.adopted': 'The process that started it is gone: init adopted it, so nothing waits for it.',
    'ai.origin.init': 'Started by the system (init).',
    'ai.advice.watcher':
      'Stop it from its terminal (Ctrl-C) when you are done; a forgotten watcher rebuilds forever.',
    'ai.advice.container_shim':
      'Do not signal the shim: stop its container (docker stop, podman stop) and the shim ends with it.',
    'ai.advice.ide_helper':
      'Reload or close the editor window it serves (VS Code: "Developer: Reload Window") rather than killing it.',
    'ai.advice.parentGone':
      'What started it is gone, so nothing uses it any more: ending it (SIGTERM) is safe.',
    'ai.advice.parentAlive':
      'It belongs to a session that still runs: end it from that session (closing it stops its helpers) rather than with a signal.',
    'ai.advice.big': 'It holds {rss} of memory.',
    'ai.advice.kernel_thread': 'Nothing to do from user space.',
    'ai.advice.mcp_server':
      'Many identical copies, or copies whose parent is gone, are usually left behind by a crashed or closed session: end exactly those pids (SIGTERM first).',
    'ai.advice.ai_tool':
      'If it is no longer in use, close it from its own interface so it stops its helpers too.',
    'ai.advice.language_server':
      'Restarting it from the editor (e.g. "Restart TS server") frees its memory; excluding build folders from the project helps.',
    'ai.advice.test_runner': 'Workers that outlive the run can be ended safely.',
    'ai.advice.dev_server': 'Stop it from the terminal that started it (Ctrl-C) when you are done.',
    'ai.advice.build_tool':
      'Let it finish; limit parallel jobs (-j, --max-workers) if the machine becomes unusable.',
    'ai.advice.package_manager': 'Let it finish; a long-stuck install can be interrupted and retried.',
    'ai.advice.database':
      'Stop it through its service manager (systemctl, docker) rather than with a signal; tune its cache size if memory is short.',
    'ai.advice.browser':
      'Close tabs you no longer need; the browser task manager shows which tab costs what.',
    'ai.advice.editor': 'Close unused windows or extensions that use memory.',
    'ai.advice.terminal': 'Killing it ends every shell and program inside it.',
    'ai.advice.container': 'Manage it with its container tool (docker, podman), not with signals.',
    'ai.advice.shell': 'Exit it from the terminal; killing it ends the programs started from it.',
    'ai.advice.system_daemon': 'Managed by the system: use systemctl, do not kill it.',
    'ai.advice.runtime': 'Check which project started it (lineage) before ending it.',
    'ai.rule.ram_high': 'Memory is nearly full: the biggest processes are the candidates to free it.',
    'ai.rule.swap_high': 'The machine is swapping heavily: everything slows down until memory is freed.',
    'ai.rule.zombie':
      'A zombie is a finished process whose parent never collected it; only the parent can clear it.',
    'ai.rule.orphan_cpu':
      'An orphan (its parent is gone) keeps using CPU: often a leftover of a closed session.',
    'ai.rule.duplicate_processes':
      'Many processes run the same command line: often helpers started again and again.',
    'ai.rule.ghost_process_storm':
      'A storm of identical leftover processes started by an AI tool or node: they outlived their session.',
    'ai.rule.disk_low': 'A filesystem is nearly full: writes will start failing.',
    'ai.rule.disk_fill_eta': 'At its current rate, a filesystem will be full within a day.',
    'ai.rule.oom_kill': 'The kernel ran out of memory and killed a process.',
    'ai.rule.load_high': 'More work is waiting for the CPU than the cores can run.',
    'ai.rule.temperature_high': 'A CPU or GPU runs too hot; it will throttle.',
    'ai.rule.memory_leak': 'A process keeps growing in memory: probably a leak.',
    'ai.rule.baseline_anomaly': 'A metric is far from its usual value for this hour.',
    'ai.local.suggested': 'Suggested command: {command}',
    'ai.reason.disabled': 'AI is disabled in the configuration ([ai] enabled = false)',
    'ai.reason.no_key':
      'no API key: set the environment variable {env}, or store the key with vigil config set-key',
    'ai.reason.cooldown': 'AI cooldown: next call possible in {seconds} s',
    'ai.reason.daily_cap': 'daily AI call limit reached ({calls} calls in 24 h)',
    'ai.reason.timeout': 'the AI did not answer in time',
    'ai.reason.rate_limited': 'the AI service is rate limiting (HTTP 429)',
    'ai.reason.server_error': 'the AI service failed (server error)',
    'ai.reason.http_error': 'the AI service refused the request',
    'ai.reason.network': 'the AI service is unreachable',
    'ai.reason.malformed': 'the AI answer was not valid JSON',
    'ai.reason.off_schema': 'the AI answer did not follow the expected structure',
    'ai.reason.refused': 'the AI declined to answer',
    'ai.reason.truncated': 'the AI answer was cut off',
    'ai.reason.error': 'the AI call failed',
    'ai.reason.no_ai': 'AI not requested (--no-ai)',
    'ai.action.custom_refused': 'custom commands proposed by the AI are never run',
    'ai.action.advice_only':
      'shown as advice; Vigil runs only kill_process actions, through its safety policy',
    'ai.action.not_safe': 'the AI itself rates this action {risk}; auto mode only runs safe actions',
    'ai.action.bad_target': 'the target is not a pid',
  },
  fr: {
    'ai.kind.unknown': "{name} n'est pas un programme que Vigil reconnaît.",
    'ai.kind.kernel_thread':
      "{name} est un thread du noyau : il fait partie du noyau, ce n'est pas un programme lancé par vous.",
    'ai.kind.mcp_server':
      "{tool} est un serveur MCP : un assistant qu'un outil de code IA ou un éditeur (Claude Code, Cursor, VS Code…) lance pour donner des outils au modèle ; il devrait se terminer avec la session qui l'a lancé.",
    'ai.kind.ai_tool':
      '{tool} est un outil de code IA ou un moteur de modèle ; il lance des assistants comme des serveurs MCP.',
    'ai.kind.language_server':
      '{tool} est un serveur de langage : votre éditeur le lance pour la complétion et les diagnostics ; il peut consommer beaucoup de mémoire sur les gros projets.',
    'ai.kind.test_runner':
      '{tool} est un lanceur de tests ; ses workers devraient se terminer avec les tests.',
    'ai.kind.dev_server':
      '{tool} est un serveur de développement (rechargement à chaud, surveillance de fichiers), lancé depuis un terminal ou un éditeur.',
    'ai.kind.build_tool':
      "{tool} est un outil de build ou un compilateur ; une forte charge CPU et mémoire pendant qu'il tourne est normale.",
    'ai.kind.package_manager':
      '{tool} est un gestionnaire de paquets (installation ou exécution de scripts).',
    'ai.kind.database':
      '{tool} est une base de données ou un serveur de données ; il garde souvent exprès un gros cache en mémoire.',
    'ai.kind.browser':
      '{tool} est un processus de navigateur web (un processus par onglet ou site : en voir beaucoup est normal).',
    'ai.kind.editor': '{tool} est un éditeur ou un IDE.',
    'ai.kind.terminal':
      '{tool} est un terminal ou un multiplexeur de terminal ; vos shells tournent dessous.',
    'ai.kind.container': "{tool} fait partie d'un moteur de conteneurs.",
    'ai.kind.shell': '{tool} est un shell de commande.',
    'ai.kind.system_daemon': '{tool} est un service système.',
    'ai.kind.runtime': '{name} est un programme {tool} ; la ligne de commande indique le script exécuté.',
    'ai.kind.runtime_script': '{tool} exécute {script} (un script, pas un outil connu).',
    'ai.kind.watcher':
      '{tool} surveille des fichiers : il reconstruit ou relance quelque chose à chaque modification, lancé depuis un terminal ou un éditeur.',
    'ai.kind.container_shim':
      '{tool} est un shim de conteneur : il maintient un conteneur en vie et signale sa fin au moteur de conteneurs.',
    'ai.kind.ide_helper':
      '{tool} est un processus auxiliaire de votre éditeur (hôte d’extensions, rendu, serveur distant, surveillance de fichiers).',
    'ai.origin.alive': 'Lancé par {who} (pid {pid}), toujours actif.',
    'ai.origin.gone': 'Lancé par {who} (pid {pid}), qui s’est terminé : il a été laissé derrière.',
    'ai.origin.adopted': 'Le processus qui l’a lancé a disparu : init l’a adopté, plus rien ne l’attend.',
    'ai.origin.init': 'Lancé par le système (init).',
    'ai.advice.watcher':
      'Arrêtez-le depuis son terminal (Ctrl-C) quand vous avez fini ; un watcher oublié reconstruit sans fin.',
    'ai.advice.container_shim':
      'Ne signalez pas le shim : arrêtez son conteneur (docker stop, podman stop), le shim s’arrête avec lui.',
    'ai.advice.ide_helper':
      'Rechargez ou fermez la fenêtre de l’éditeur qu’il sert (VS Code : « Developer: Reload Window ») plutôt que de le tuer.',
    'ai.advice.parentGone':
      'Ce qui l’a lancé a disparu, plus rien ne s’en sert : le terminer (SIGTERM) est sans risque.',
    'ai.advice.parentAlive':
      'Il appartient à une session encore active : terminez-le depuis cette session (la fermer arrête ses assistants) plutôt qu’avec un signal.',
    'ai.advice.big': 'Il occupe {rss} de mémoire.',
    'ai.advice.kernel_thread': "Rien à faire depuis l'espace utilisateur.",
    'ai.advice.mcp_server':
      "Beaucoup de copies identiques, ou des copies dont le parent a disparu, sont en général les restes d'une session fermée ou plantée : terminez exactement ces pids (SIGTERM d'abord).",
    'ai.advice.ai_tool':
      "S'il ne sert plus, fermez-le depuis sa propre interface pour qu'il arrête aussi ses assistants.",
    'ai.advice.language_server':
      "Le redémarrer depuis l'éditeur (par ex. « Restart TS server ») libère sa mémoire ; exclure les dossiers de build du projet aide.",
    'ai.advice.test_runner': 'Les workers qui survivent aux tests peuvent être terminés sans risque.',
    'ai.advice.dev_server': "Arrêtez-le depuis le terminal qui l'a lancé (Ctrl-C) quand vous avez fini.",
    'ai.advice.build_tool':
      'Laissez-le finir ; limitez les tâches parallèles (-j, --max-workers) si la machine devient inutilisable.',
    'ai.advice.package_manager':
      'Laissez-le finir ; une installation bloquée longtemps peut être interrompue et relancée.',
    'ai.advice.database':
      "Arrêtez-le par son gestionnaire de service (systemctl, docker) plutôt qu'avec un signal ; réduisez son cache si la mémoire manque.",
    'ai.advice.browser':
      'Fermez les onglets inutiles ; le gestionnaire de tâches du navigateur montre ce que coûte chaque onglet.',
    'ai.advice.editor': 'Fermez les fenêtres ou extensions inutiles qui consomment de la mémoire.',
    'ai.advice.terminal': 'Le tuer termine tous les shells et programmes qui tournent dedans.',
    'ai.advice.container': 'Gérez-le avec son outil de conteneurs (docker, podman), pas avec des signaux.',
    'ai.advice.shell': 'Quittez-le depuis le terminal ; le tuer termine les programmes lancés depuis lui.',
    'ai.advice.system_daemon': 'Géré par le système : utilisez systemctl, ne le tuez pas.',
    'ai.advice.runtime': "Vérifiez quel projet l'a lancé (ascendance) avant de le terminer.",
    'ai.rule.ram_high':
      'La mémoire est presque pleine : les plus gros processus sont les candidats pour la libérer.',
    'ai.rule.swap_high':
      "La machine swappe beaucoup : tout ralentit jusqu'à ce que de la mémoire soit libérée.",
    'ai.rule.zombie':
      "Un zombie est un processus terminé que son parent n'a jamais récupéré ; seul le parent peut le faire disparaître.",
    'ai.rule.orphan_cpu':
      "Un orphelin (son parent a disparu) consomme du CPU : souvent un reste d'une session fermée.",
    'ai.rule.duplicate_processes':
      'Beaucoup de processus exécutent la même ligne de commande : souvent des assistants relancés encore et encore.',
    'ai.rule.ghost_process_storm':
      'Une tempête de processus identiques laissés par un outil IA ou node : ils ont survécu à leur session.',
    'ai.rule.disk_low': 'Un système de fichiers est presque plein : les écritures vont commencer à échouer.',
    'ai.rule.disk_fill_eta': "À ce rythme, un système de fichiers sera plein d'ici un jour.",
    'ai.rule.oom_kill': 'Le noyau a manqué de mémoire et a tué un processus.',
    'ai.rule.load_high': 'Plus de travail attend le CPU que les cœurs ne peuvent en exécuter.',
    'ai.rule.temperature_high': 'Un CPU ou un GPU chauffe trop ; il va brider ses performances.',
    'ai.rule.memory_leak': 'Un processus grossit sans cesse en mémoire : probablement une fuite.',
    'ai.rule.baseline_anomaly': 'Une mesure est loin de sa valeur habituelle pour cette heure.',
    'ai.local.suggested': 'Commande suggérée : {command}',
    'ai.reason.disabled': "l'IA est désactivée dans la configuration ([ai] enabled = false)",
    'ai.reason.no_key':
      "pas de clé d'API : définissez la variable d'environnement {env}, ou enregistrez la clé avec vigil config set-key",
    'ai.reason.cooldown': 'délai entre appels IA : prochain appel possible dans {seconds} s',
    'ai.reason.daily_cap': "limite quotidienne d'appels IA atteinte ({calls} appels en 24 h)",
    'ai.reason.timeout': "l'IA n'a pas répondu à temps",
    'ai.reason.rate_limited': "le service d'IA limite le débit (HTTP 429)",
    'ai.reason.server_error': "le service d'IA a échoué (erreur serveur)",
    'ai.reason.http_error': "le service d'IA a refusé la requête",
    'ai.reason.network': "le service d'IA est injoignable",
    'ai.reason.malformed': "la réponse de l'IA n'était pas du JSON valide",
    'ai.reason.off_schema': "la réponse de l'IA ne suivait pas la structure attendue",
    'ai.reason.refused': "l'IA a refusé de répondre",
    'ai.reason.truncated': "la réponse de l'IA a été tronquée",
    'ai.reason.error': "l'appel à l'IA a échoué",
    'ai.reason.no_ai': 'IA non demandée (--no-ai)',
    'ai.action.custom_refused': "les commandes personnalisées proposées par l'IA ne sont jamais exécutées",
    'ai.action.advice_only':
      "affiché comme conseil ; Vigil n'exécute que les actions kill_process, via sa politique de sécurité",
    'ai.action.not_safe':
      "l'IA elle-même juge cette action {risk} ; le mode auto n'exécute que les actions sûres",
    'ai.action.bad_target': "la cible n'est pas un pid",
  },
};
