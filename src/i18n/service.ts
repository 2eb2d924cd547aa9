import type { Catalogue } from './catalogue.ts';

// `vigil service install|uninstall`.
export const service: Catalogue = {
  en: {
    'service.wrote': 'wrote {path}',
    'service.updated': 'updated {path}',
    'service.removed': 'removed {path}',
    'service.nothing': 'no unit at {path}; nothing to remove',
    'service.foreign': '{path} was not written by vigil; leaving it alone (remove or edit it yourself)',
    'service.cannotWrite': 'cannot change {path}: {error}',
    'service.nowRun': 'now run:',
    'service.noSystemConfig':
      "no {path}: the daemon runs with the defaults; 'sudo vigil config init --config {path} && sudo chmod 644 {path}' writes one the daemon's dynamic user can read",
    'service.noSystemd':
      'note: systemd is not running on this machine (no /run/systemd/system); run these where it does',
    'service.homeWarning':
      'warning: node or vigil lives under /root or /home; the system unit runs as a dynamic user that cannot read there (install node and vigil system-wide)',
  },
  fr: {
    'service.wrote': '{path} écrit',
    'service.updated': '{path} mis à jour',
    'service.removed': '{path} supprimé',
    'service.nothing': 'aucune unité dans {path} ; rien à supprimer',
    'service.foreign':
      "{path} n'a pas été écrit par vigil ; il reste intact (supprimez-le ou modifiez-le vous-même)",
    'service.cannotWrite': 'impossible de modifier {path} : {error}',
    'service.nowRun': 'lancez maintenant :',
    'service.noSystemConfig':
      "pas de {path} : le démon tourne avec les valeurs par défaut ; 'sudo vigil config init --config {path} && sudo chmod 644 {path}' en écrit un que l'utilisateur dynamique du démon peut lire",
    'service.noSystemd':
      'remarque : systemd ne tourne pas sur cette machine (pas de /run/systemd/system) ; lancez ces commandes là où il tourne',
    'service.homeWarning':
      'attention : node ou vigil est sous /root ou /home ; le service système tourne sous un utilisateur dynamique qui ne peut pas y lire (installez node et vigil pour tout le système)',
  },
};
