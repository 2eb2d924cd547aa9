import type { Catalogue } from './catalogue.ts';

// Notification texts (terminal, desktop, webhook, Alertmanager).
export const notify: Catalogue = {
  en: {
    'notify.fired': '[{severity}] {rule}: {message}',
    'notify.resolved': 'resolved: {rule}: {message}',
    'notify.suggest': 'suggested: {command}',
    'notify.action': 'action {type} on pid {target}: {outcome}',
    'notify.grouped': '{count} more alerts',
  },
  fr: {
    'notify.fired': '[{severity}] {rule} : {message}',
    'notify.resolved': 'résolu : {rule} : {message}',
    'notify.suggest': 'suggestion : {command}',
    'notify.action': 'action {type} sur le pid {target} : {outcome}',
    'notify.grouped': '{count} autres alertes',
  },
};
