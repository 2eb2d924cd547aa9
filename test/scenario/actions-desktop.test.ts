// Real desktop notifications: notify-send → a private D-Bus session bus → dunst on a virtual X
// display, with dbus-monitor capturing the Notify calls (summary, body, urgency).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { withNotificationServer } from '../helpers/desktop.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'vigil-desktop-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const imports = `
import { createChannel } from ${JSON.stringify(join(ROOT, 'src/actions/notifiers/channel.ts'))};
import { desktopNotifier } from ${JSON.stringify(join(ROOT, 'src/actions/notifiers/desktop.ts'))};
import { memoryLogger } from ${JSON.stringify(join(ROOT, 'src/core/log.ts'))};
const notice = (severity, message) => ({ kind: 'fired', time: Date.now(), hostname: 'box', lang: 'en',
  suggestedCommand: severity === 'critical' ? 'kill 4242' : null,
  alert: { id: 'a-' + message, rule: 'ram_high', severity, state: 'firing', since: new Date().toISOString(),
    message, subject: { pids: [] }, suggestedCommand: null } });
`;

interface NotifyCall {
  summary: string;
  body: string;
  urgency: number;
}

/** The Notify method calls in a dbus-monitor log. */
function notifyCalls(log: string): NotifyCall[] {
  const calls: NotifyCall[] = [];
  for (const block of log.split(/\n(?=method call|signal|method return|error)/)) {
    if (!/member=Notify\b/.test(block)) continue;
    const strings = [...block.matchAll(/^ {3}string "((?:[^"\\]|\\.)*)"$/gm)].map((m) => m[1]!);
    const urgency = /string "urgency"\s+variant\s+byte (\d)/.exec(block);
    calls.push({ summary: strings[2] ?? '', body: strings[3] ?? '', urgency: Number(urgency?.[1] ?? -1) });
  }
  return calls;
}

test('notify-send reaches a real notification server: urgency by severity, grouping, escaped markup', () => {
  const script = join(tmp, 'send.ts');
  writeFileSync(
    script,
    `${imports}
const log = memoryLogger();
const ch = createChannel(desktopNotifier({ env: process.env }), log, { timeoutMs: 10000 });
// The first goes out at once; the four pushed while notify-send runs wait and go out grouped.
ch.push(notice('critical', 'RAM <b>97%</b> & rising'));
ch.push(notice('low', 'baseline drift'));
ch.push(notice('medium', 'm1'));
ch.push(notice('high', 'h1'));
ch.push(notice('medium', 'm2'));
await ch.flush(15000);
console.log(JSON.stringify(ch.stats()));
`,
  );
  const logFile = join(tmp, 'monitor.log');
  const [command, args] = withNotificationServer(logFile, `"${process.execPath}" "${script}"`);
  const res = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  assert.equal(res.status, 0, res.stderr);
  const stats = JSON.parse(res.stdout.trim().split('\n').at(-1)!);
  assert.equal(stats.sent, 5);
  assert.equal(stats.unavailable, false);
  const calls = notifyCalls(readFileSync(logFile, 'utf8'));
  assert.equal(calls.length, 2, JSON.stringify(calls));
  assert.deepEqual(calls[0], {
    summary: '[critical] ram_high: RAM &lt;b&gt;97%&lt;/b&gt; &amp; rising',
    body: 'suggested: kill 4242',
    urgency: 2,
  });
  // The grouped one leads with its worst (high → normal urgency) and lists the others.
  assert.equal(calls[1]!.summary, '[high] ram_high: h1');
  assert.equal(calls[1]!.urgency, 1);
  assert.equal(
    calls[1]!.body,
    '3 more alerts\n[low] ram_high: baseline drift\n[medium] ram_high: m1\n[medium] ram_high: m2',
  );
});

test('no session bus, or no notify-send: one warning, then the channel stays off', () => {
  const script = join(tmp, 'absent.ts');
  writeFileSync(
    script,
    `${imports}
const out = {};
for (const [name, env, command] of [
  ['nobus', { PATH: process.env.PATH, XDG_RUNTIME_DIR: ${JSON.stringify(tmp)} }, undefined],
  ['nobinary', { PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }, 'notify-send-not-installed'],
]) {
  const log = memoryLogger();
  const ch = createChannel(desktopNotifier({ env, ...(command ? { command } : {}) }), log, { retries: 3, backoffMs: 10 });
  for (let i = 0; i < 4; i++) { ch.push(notice('high', 'x' + i)); await ch.flush(5000); }
  out[name] = { stats: ch.stats(), warnings: log.lines.filter((l) => l.level === 'warn') };
}
console.log(JSON.stringify(out));
`,
  );
  const res = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(res.status, 0, res.stderr);
  const out = JSON.parse(res.stdout);
  for (const name of ['nobus', 'nobinary']) {
    assert.equal(out[name].stats.unavailable, true, name);
    assert.equal(out[name].stats.attempts, 1, `${name}: not retried`);
    assert.equal(out[name].stats.sent, 0);
    assert.equal(out[name].warnings.length, 1, `${name}: exactly one warning`);
  }
  assert.match(out.nobus.warnings[0].why, /session bus/);
  assert.match(out.nobinary.warnings[0].why, /not found/);
});
