// Renice (the TUI's F7 / F8): what became of a request to change a nice value.
import type { Catalogue } from './catalogue.ts';

export const nice: Catalogue = {
  en: {
    'nice.done': 'nice {from} → {to} (PID {pid}, every thread)',
    'nice.unchanged': 'nice stays {from}: it is at its limit (-20…19)',
    'nice.needPrivilege': 'lowering the nice value ({from} → {to}) needs root or CAP_SYS_NICE; F8 raises it',
    'nice.gone': 'PID {pid} is gone',
    'nice.eperm': 'not permitted to renice PID {pid} (another user’s process?)',
    'nice.error': 'renice failed: {error}',
    'nice.badDelta': 'a nice change must be a whole number from -39 to 39, not 0; got {delta}',
    'nice.otherUser':
      'PID {pid} belongs to another user (uid {uid}): only root or CAP_SYS_NICE may renice it',
  },
  fr: {
    'nice.done': 'nice {from} → {to} (PID {pid}, tous ses threads)',
    'nice.unchanged': 'nice reste à {from} : c’est sa limite (-20…19)',
    'nice.needPrivilege':
      'baisser la valeur nice ({from} → {to}) demande root ou CAP_SYS_NICE ; F8 l’augmente',
    'nice.gone': 'le PID {pid} n’existe plus',
    'nice.eperm': 'pas le droit de changer la priorité du PID {pid} (processus d’un autre utilisateur ?)',
    'nice.error': 'échec du renice : {error}',
    'nice.badDelta': 'un changement de nice doit être un entier de -39 à 39, non nul ; reçu {delta}',
    'nice.otherUser':
      'le PID {pid} appartient à un autre utilisateur (uid {uid}) : seuls root ou CAP_SYS_NICE peuvent changer sa priorité',
  },
};
