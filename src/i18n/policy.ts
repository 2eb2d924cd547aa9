import type { Catalogue } from './catalogue.ts';

// The safety policy: why a signal is allowed or refused, and the auto-mode safety verdict.
export const policy: Catalogue = {
  en: {
    'policy.ok': 'allowed',
    'policy.pid1': 'PID 1 (init) is never signalled',
    'policy.protected_pid': 'pid {pid} is in allowlist.protected_pids',
    'policy.protected_command':
      "{field} '{value}' of pid {pid} matches the protected command pattern '{pattern}'",
    'policy.self': 'this is Vigil itself',
    'policy.ancestor': "pid {pid} ('{name}') is an ancestor of Vigil (its shell, terminal or session)",
    'policy.kernel_thread': "pid {pid} ('{name}') is a kernel thread",
    'policy.other_user': 'pid {pid} belongs to another user (uid {uid}); auto mode only acts on its own user',
    'policy.no_alert': 'no firing alert {alertId}; auto mode only acts on the subject of a firing alert',
    'policy.not_alert_subject': 'pid {pid} is not a subject of alert {alertId}',
    'policy.not_ai_subject':
      'pid {pid} is neither the process explained nor a subject of a firing alert: an AI proposal may only target those',
    'policy.thread': 'TID {tid} is a thread of PID {pid} ({name}): {reason}',
    'policy.not_safe': 'pid {pid} is not classified safe to kill automatically ({why})',
    'policy.mode': "automatic actions need mode 'auto' (current mode: {mode})",
    'policy.pid_reused':
      'pid {pid} now belongs to another process (start time changed): PID reused, nothing sent',
    'policy.eperm': 'pid {pid} is owned by another user; run as root',
    'policy.esrch': 'no process with pid {pid} (it has exited)',
    'policy.bad_pid': "'{pid}' is not a valid process id",
    'policy.bad_signal': "unknown signal '{signal}' (expected e.g. TERM, KILL, HUP, INT or a number 1-64)",
    'policy.fixture_root': 'the proc root is {proc}, not /proc: signals are only sent against the real /proc',
    'policy.error': 'signal failed: {error}',
    'policy.tree': 'refused for the whole tree: {reason}',
    'policy.safe.not_rule': 'rule {rule} never allows automatic kills',
    'policy.safe.not_orphan': 'it still has a live parent (pid {ppid})',
    'policy.safe.state': "its state is '{state}'",
  },
  fr: {
    'policy.ok': 'autorisé',
    'policy.pid1': 'le PID 1 (init) ne reçoit jamais de signal',
    'policy.protected_pid': 'le pid {pid} figure dans allowlist.protected_pids',
    'policy.protected_command':
      "{field} '{value}' du pid {pid} correspond au motif de commande protégée '{pattern}'",
    'policy.self': "c'est Vigil lui-même",
    'policy.ancestor':
      "le pid {pid} ('{name}') est un ancêtre de Vigil (son shell, son terminal ou sa session)",
    'policy.kernel_thread': "le pid {pid} ('{name}') est un thread du noyau",
    'policy.other_user':
      "le pid {pid} appartient à un autre utilisateur (uid {uid}) ; le mode auto n'agit que sur son propre utilisateur",
    'policy.no_alert':
      "aucune alerte active {alertId} ; le mode auto n'agit que sur le sujet d'une alerte active",
    'policy.not_alert_subject': "le pid {pid} n'est pas un sujet de l'alerte {alertId}",
    'policy.not_ai_subject':
      "le pid {pid} n'est ni le processus expliqué ni un sujet d'une alerte active : une proposition de l'IA ne peut viser qu'eux",
    'policy.thread': 'le TID {tid} est un thread du PID {pid} ({name}) : {reason}',
    'policy.not_safe': "le pid {pid} n'est pas classé sûr pour un arrêt automatique ({why})",
    'policy.mode': "les actions automatiques exigent le mode 'auto' (mode actuel : {mode})",
    'policy.pid_reused':
      'le pid {pid} appartient maintenant à un autre processus (heure de démarrage changée) : PID réutilisé, rien envoyé',
    'policy.eperm': 'le pid {pid} appartient à un autre utilisateur ; lancez en root',
    'policy.esrch': 'aucun processus avec le pid {pid} (il est terminé)',
    'policy.bad_pid': "'{pid}' n'est pas un identifiant de processus valide",
    'policy.bad_signal':
      "signal inconnu '{signal}' (attendu par ex. TERM, KILL, HUP, INT ou un nombre de 1 à 64)",
    'policy.fixture_root':
      "la racine proc est {proc}, pas /proc : les signaux ne sont envoyés qu'avec le vrai /proc",
    'policy.error': 'échec du signal : {error}',
    'policy.tree': "refusé pour tout l'arbre : {reason}",
    'policy.safe.not_rule': "la règle {rule} n'autorise jamais d'arrêt automatique",
    'policy.safe.not_orphan': 'il a encore un parent vivant (pid {ppid})',
    'policy.safe.state': "son état est '{state}'",
  },
};
