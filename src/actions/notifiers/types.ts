import type { Language } from '../../config/types.ts';
import type { Alert } from '../../core/types.ts';
import type { ActionRecord } from '../types.ts';

/** One thing to tell the user: an alert that fired or resolved, or an action taken. */
export interface Notice {
  kind: 'fired' | 'resolved' | 'action';
  /** Epoch ms. */
  time: number;
  alert?: Alert;
  action?: ActionRecord;
  /** The pasteable command (mode suggest/auto), or null (mode observe). */
  suggestedCommand: string | null;
  hostname: string;
  lang: Language;
}

/** A channel's sender: delivers a batch (one or more notices) or throws to be retried. */
export interface Notifier {
  readonly name: string;
  send(batch: Notice[], signal: AbortSignal): Promise<void>;
}

/** Thrown by a notifier that can never work here (no notify-send, no session bus): not retried. */
export class ChannelUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelUnavailable';
  }
}
