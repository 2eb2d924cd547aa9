// Webhooks: Slack (hooks.slack.com) and Discord (discord.com/api/webhooks) payloads chosen by URL,
// generic JSON otherwise. Chat mentions and markup are escaped: a process named `<!channel>` or
// `@everyone` must not page a whole team.
import { alertFields, detailsOf, redactNotice, summaryOf } from './format.ts';
import type { Notice, Notifier } from './types.ts';

export type WebhookKind = 'slack' | 'discord' | 'generic';

export function webhookKind(url: string): WebhookKind {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'generic';
  }
  const host = u.hostname.toLowerCase();
  if (host === 'hooks.slack.com') return 'slack';
  if ((host === 'discord.com' || host === 'discordapp.com') && u.pathname.startsWith('/api/webhooks'))
    return 'discord';
  return 'generic';
}

/** Slack mrkdwn: &, <, > escaped, so `<!channel>`, `<@U1>`, `<http://x|y>` are inert text. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Discord markdown and mentions: @everyone/@here/<@id> broken with a zero-width space, markup escaped. */
export function escapeDiscord(text: string): string {
  return text
    .replace(/[\\*_~`|>#[\]()-]/g, (c) => `\\${c}`)
    .replace(/@/g, '@\u200b')
    .replace(/</g, '<\u200b');
}

function lines(batch: Notice[], esc: (s: string) => string): string {
  return batch.map((n) => [summaryOf(n), ...detailsOf(n)].map(esc).join('\n')).join('\n\n');
}

/** The request body for a batch (redacted); pure. */
export function webhookPayload(kind: WebhookKind, notices: Notice[]): Record<string, unknown> {
  const batch = notices.map(redactNotice);
  const host = batch[0]?.hostname ?? '';
  if (kind === 'slack') return { text: `*Vigil* (${escapeSlack(host)})\n${lines(batch, escapeSlack)}` };
  if (kind === 'discord') {
    return {
      username: 'Vigil',
      content: `**Vigil** (${escapeDiscord(host)})\n${lines(batch, escapeDiscord)}`.slice(0, 2000),
      allowed_mentions: { parse: [] },
    };
  }
  return {
    source: 'vigil',
    hostname: host,
    events: batch.map((n) => ({
      time: new Date(n.time).toISOString(),
      event: n.kind,
      ...alertFields(n),
      ...(n.action
        ? {
            action: {
              type: n.action.type,
              target: n.action.pid,
              outcome: n.action.outcome,
              reason: n.action.reason,
            },
          }
        : {}),
    })),
  };
}

export function webhookNotifier(url: string): Notifier {
  const kind = webhookKind(url);
  return {
    name: 'webhook',
    async send(batch, signal) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'vigil' },
        body: JSON.stringify(webhookPayload(kind, batch)),
        signal,
        redirect: 'error',
      });
      await res.body?.cancel().catch(() => undefined);
      if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
    },
  };
}
