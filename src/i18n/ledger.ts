import type { Catalogue } from './catalogue.ts';

// The action ledger and group actions (src/actions/group.ts, ledger.ts) and how `report` lists them.
export const ledger: Catalogue = {
  en: {
    'ledger.group': 'signalled {signalled} of {total} processes ({refused} refused, {failed} failed): {pids}',
    'ledger.check': '{gone}/{targets} gone, {freed} freed',
    'ledger.members': '{count} processes',
  },
  fr: {
    'ledger.group':
      '{signalled} processus sur {total} signalés ({refused} refusés, {failed} en échec) : {pids}',
    'ledger.check': '{gone}/{targets} terminés, {freed} libérés',
    'ledger.members': '{count} processus',
  },
};
