// Channels and payloads against real local HTTP servers; the JSON log on a real file.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createChannel } from '../../src/actions/notifiers/channel.ts';
import { notifySendArgs } from '../../src/actions/notifiers/desktop.ts';
import { alertEntry, createJsonLog } from '../../src/actions/notifiers/jsonlog.ts';
import { terminalLines } from '../../src/actions/notifiers/terminal.ts';
import type { Notice } from '../../src/actions/notifiers/types.ts';
import {
  escapeDiscord,
  escapeSlack,
  webhookKind,
  webhookNotifier,
  webhookPayload,
} from '../../src/actions/notifiers/webhook.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { Alert, Severity } from '../../src/core/types.ts';
import { until } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vigil-notify-'));
const servers: Server[] = [];
after(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  rmSync(tmp, { recursive: true, force: true });
});

function alert(severity: Severity = 'high', message = 'storm of 12 python3 mcp_server.py'): Alert {
  return {
    id: `ghost_process_storm:${severity}`,
    rule: 'ghost_process_storm',
    severity,
    state: 'firing',
    since: '2026-11-25T10:00:00.000Z',
    message,
    subject: { pids: [101, 102], cmdline: 'python3 mcp_server.py' },
    suggestedCommand: 'kill 101 102',
  };
}

function notice(a: Alert = alert(), suggested: string | null = a.suggestedCommand): Notice {
  return {
    kind: 'fired',
    time: Date.parse('2026-11-25T10:00:05Z'),
    alert: a,
    suggestedCommand: suggested,
    hostname: 'box',
    lang: 'en',
  };
}

async function serve(
  handler: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<string> {
  const s = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handler(req, body, res));
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/hook`;
}

test('webhook: a server failing twice with 500 then succeeding is retried with growing backoff', async () => {
  const hits: { time: number; body: string }[] = [];
  const url = await serve((_req, body, res) => {
    hits.push({ time: performance.now(), body });
    res.statusCode = hits.length <= 2 ? 500 : 200;
    res.end();
  });
  const attempts: { attempt: number; ok: boolean }[] = [];
  const ch = createChannel(webhookNotifier(url), memoryLogger(), {
    retries: 3,
    backoffMs: 100,
    timeoutMs: 2000,
    onAttempt: (a) => attempts.push(a),
  });
  ch.push(notice());
  assert.ok(await until(() => ch.stats().sent === 1));
  assert.deepEqual(
    attempts.map((a) => a.ok),
    [false, false, true],
  );
  assert.equal(hits.length, 3);
  // Backoff: the second wait (≥ 200 ms) follows the first (≥ 100 ms).
  assert.ok(hits[1]!.time - hits[0]!.time >= 95, `first backoff ${hits[1]!.time - hits[0]!.time}`);
  assert.ok(hits[2]!.time - hits[1]!.time >= 195, `second backoff ${hits[2]!.time - hits[1]!.time}`);
  const body = JSON.parse(hits[2]!.body);
  assert.equal(body.source, 'vigil');
  assert.equal(body.events[0].rule, 'ghost_process_storm');
  assert.equal(body.events[0].suggestedCommand, 'kill 101 102');
  await ch.stop();
});

test('webhook: a server that hangs is abandoned at the timeout, retried, then given up; push never waits', async () => {
  let hits = 0;
  const url = await serve(() => {
    hits++; // never answers
  });
  const log = memoryLogger();
  const ch = createChannel(webhookNotifier(url), log, {
    retries: 1,
    backoffMs: 50,
    timeoutMs: 200,
    maxQueue: 5,
  });
  for (let i = 0; i < 50; i++) assert.equal(ch.push(notice()), undefined, 'push is synchronous');
  assert.equal(hits, 0, 'nothing was sent while pushing: push never waits on the channel');
  assert.ok(ch.stats().dropped >= 40, 'the bounded queue dropped the oldest');
  assert.ok(await until(() => ch.stats().failed >= 1));
  assert.equal(hits >= 2, true);
  assert.ok(log.lines.some((l) => l.event === 'notification dropped after retries'));
  assert.ok(log.lines.some((l) => String(l.error).includes('timed out')));
  await ch.stop(100);
});

test('rate limit: beyond the limit notices wait and go out grouped in one batch', async () => {
  const bodies: { events: unknown[] }[] = [];
  const url = await serve((_req, body, res) => {
    bodies.push(JSON.parse(body));
    res.end();
  });
  const ch = createChannel(webhookNotifier(url), memoryLogger(), {
    rateLimit: 1,
    ratePeriodMs: 300,
    maxBatch: 20,
  });
  for (let i = 0; i < 5; i++) ch.push(notice(alert('medium', `alert ${i}`)));
  assert.ok(await until(() => ch.stats().sent === 5));
  assert.equal(bodies.length, 2, 'one send, then the four others grouped');
  assert.equal(bodies[1]!.events.length, 4);
  await ch.stop();
});

test('Slack and Discord payloads by URL, with mentions and markup made inert', () => {
  assert.equal(webhookKind('https://hooks.slack.com/services/T/B/X'), 'slack');
  assert.equal(webhookKind('https://discord.com/api/webhooks/1/abc'), 'discord');
  assert.equal(webhookKind('https://example.com/hook'), 'generic');
  const hostile = notice(alert('critical', '<!channel> @everyone <@U123> **bold** <https://evil|click>'));
  const slack = webhookPayload('slack', [hostile]) as { text: string };
  assert.doesNotMatch(slack.text, /<!channel>|<@U123>|<https/);
  assert.match(slack.text, /&lt;!channel&gt;/);
  assert.equal(escapeSlack('a & <b>'), 'a &amp; &lt;b&gt;');
  const discord = webhookPayload('discord', [hostile]) as {
    content: string;
    allowed_mentions: { parse: string[] };
  };
  assert.deepEqual(discord.allowed_mentions, { parse: [] });
  assert.doesNotMatch(discord.content, /@everyone|<@U123>/);
  assert.match(discord.content, /\\\*\\\*bold\\\*\\\*/);
  assert.equal(escapeDiscord('@here'), '@\u200bhere');
});

test('notify-send arguments: urgency by severity, grouping hint, markup escaped, no shell', () => {
  const args = notifySendArgs([notice(alert('critical', '<b>x</b> & y'))]);
  assert.ok(args.includes('--urgency=critical'));
  assert.ok(args.includes('--hint=string:x-dunst-stack-tag:vigil-ghost_process_storm'));
  assert.equal(args.at(-2), '[critical] ghost_process_storm: &lt;b&gt;x&lt;/b&gt; &amp; y');
  assert.ok(notifySendArgs([notice(alert('high'))]).includes('--urgency=normal'));
  assert.ok(notifySendArgs([notice(alert('low'))]).includes('--urgency=low'));
  const grouped = notifySendArgs([
    notice(alert('medium', 'm')),
    notice(alert('critical', 'c')),
    notice(alert('low', 'l')),
  ]);
  assert.ok(grouped.includes('--urgency=critical'), 'a group leads with its worst');
  assert.match(grouped.at(-1)!, /^2 more alerts/);
});

test('terminal: ANSI colours, none with color off; suggested command only when given (suggest mode)', () => {
  const coloured = terminalLines(notice(), true);
  assert.match(coloured, /\u001b\[31m\[high\] ghost_process_storm/);
  assert.match(coloured, /suggested: kill 101 102/);
  const plain = terminalLines(notice(alert(), null), false);
  assert.doesNotMatch(plain, /\u001b/);
  assert.doesNotMatch(plain, /suggested/);
  const hostile = terminalLines(notice(alert('low', 'evil \u001b]52;c;aGk=\u0007 name')), false);
  assert.doesNotMatch(hostile, /\u001b|\u0007/);
});

test('JSON log: one event per line with the ALERT fields, rotated by size', async () => {
  const path = join(tmp, 'log', 'vigil.log');
  const log = createJsonLog({ path, log: memoryLogger(), maxBytes: 2000, keep: 2 });
  for (let i = 0; i < 20; i++) {
    log.write(
      alertEntry({
        event: i % 2 ? 'resolved' : 'fired',
        alert: alert('high', `n${i}`),
        time: Date.UTC(2026, 10, 25, 10, 0, i),
      }),
    );
  }
  await log.flush();
  const files = readdirSync(join(tmp, 'log')).sort();
  assert.deepEqual(files, ['vigil.log', 'vigil.log.1', 'vigil.log.2']);
  for (const f of files) assert.ok(readFileSync(join(tmp, 'log', f)).length <= 2000);
  const last = readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const e = last.at(-1)!;
  assert.equal(e.message, 'n19');
  assert.equal(e.event, 'resolved');
  assert.equal(e.time, '2026-11-25T10:00:19.000Z');
  for (const k of ['id', 'rule', 'severity', 'state', 'since', 'message', 'subject', 'suggestedCommand'])
    assert.ok(k in e, k);
});
