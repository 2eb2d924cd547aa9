// Desktop notifications through notify-send (libnotify), run with a fixed argument list through
// runFile (never a shell; src/core/run-file.ts says why not execa). Urgency follows severity; notifications of one rule replace each other
// (stack tag / synchronous hint); a batch becomes one grouped notification.
import { existsSync } from 'node:fs';
import { runFile } from '../../core/run-file.ts';
import type { Severity } from '../../core/types.ts';
import { t } from '../../i18n/index.ts';
import { detailsOf, redactNotice, summaryOf, worst } from './format.ts';
import { ChannelUnavailable, type Notice, type Notifier } from './types.ts';

export const URGENCY: Record<Severity, 'low' | 'normal' | 'critical'> = {
  critical: 'critical',
  high: 'normal',
  medium: 'normal',
  low: 'low',
};

/** notify-send bodies may be read as markup: escape it (and so any `<a href>` a process set). */
export function escapeMarkup(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** The notify-send argument list for a batch (redacted); pure. */
export function notifySendArgs(notices: Notice[]): string[] {
  const batch = notices.map(redactNotice);
  const lead = worst(batch);
  const urgency = lead.alert ? URGENCY[lead.alert.severity] : 'normal';
  const group = `vigil-${lead.alert?.rule ?? 'action'}`;
  const body = [...detailsOf(lead)];
  for (const n of batch) if (n !== lead) body.push(summaryOf(n));
  if (batch.length > 1) body.unshift(t(lead.lang, 'notify.grouped', { count: batch.length - 1 }));
  return [
    '--app-name=Vigil',
    `--urgency=${urgency}`,
    '--icon=dialog-warning',
    `--hint=string:x-dunst-stack-tag:${group}`,
    `--hint=string:x-canonical-private-synchronous:${group}`,
    '--',
    escapeMarkup(summaryOf(lead)).slice(0, 250),
    escapeMarkup(body.join('\n')).slice(0, 2000),
  ];
}

/** Why there can be no desktop notification here, or null if a session bus seems reachable. */
export function missingSessionBus(env: NodeJS.ProcessEnv, uid: number): string | null {
  if (env.DBUS_SESSION_BUS_ADDRESS) return null;
  const runtime = env.XDG_RUNTIME_DIR || `/run/user/${uid}`;
  return existsSync(`${runtime}/bus`) ? null : 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset)';
}

export function desktopNotifier(opts: { env: NodeJS.ProcessEnv; command?: string }): Notifier {
  const command = opts.command ?? 'notify-send';
  return {
    name: 'desktop',
    async send(batch, signal) {
      const noBus = missingSessionBus(opts.env, process.getuid?.() ?? 0);
      if (noBus) throw new ChannelUnavailable(noBus);
      const r = await runFile(command, notifySendArgs(batch), {
        env: opts.env,
        timeoutMs: 10_000,
        ...(signal ? { signal } : {}),
      });
      if (!r.error) return;
      if (r.missing) throw new ChannelUnavailable(`${command} not found (install libnotify-bin)`);
      const text = r.stderr;
      if (/ServiceUnknown|Cannot autolaunch|Could not connect|No such file or directory/i.test(text)) {
        throw new ChannelUnavailable(`no notification server: ${text.trim().split('\n')[0]}`);
      }
      const why = text.trim().split('\n')[0];
      throw new Error(why ? `${r.error}: ${why}` : r.error);
    },
  };
}
