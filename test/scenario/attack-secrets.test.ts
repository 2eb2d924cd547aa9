// Attack 4 of issue 15: secrets leaving through every channel but the AI's. Real processes
// carry a corpus of secret shapes on their command lines (passwords in flags and env-like
// arguments, GitHub / GitLab / Slack / Stripe / OpenAI / Anthropic / Google tokens, AWS access
// and secret keys, a JWT, a bearer header, URL credentials); they trip duplicate_processes in a
// real daemon whose channels are all on: the JSON log, its stderr, the history database, a
// webhook and Alertmanager (a real HTTP server on 127.0.0.1), desktop notifications (notify-send
// → dunst on a private D-Bus, captured by dbus-monitor); then `vigil kill` and the reports
// (terminal, JSON, HTML). None of them may hold any secret; the live view (`status`) still shows
// the command line as /proc does.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CLI, until, waitFor } from '../helpers/cli.ts';
import { withNotificationServer } from '../helpers/desktop.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vigil-secrets-'));
const data = join(tmp, 'data');
const children: ChildProcess[] = [];
const bodies: { path: string; body: string }[] = [];
let server: Server;

/** `n` random characters from `alphabet` (each secret is unique to this run). */
function rand(
  n: number,
  alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
): string {
  const bytes = randomBytes(n);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
// Short, so the 80-character command a message shows reaches into the first secret.
const MARKER = `vgc-${rand(6, 'abcdefghijklmnopqrstuvwxyz')}`;
/** A secret: a provider's fixed prefix, then random characters. */
function secret(prefix: string, n: number, alphabet?: string): { value: string; tell: string } {
  const random = rand(n, alphabet);
  // What gives it away even when a message cut it short: the prefix and 6 random characters.
  return { value: prefix + random, tell: prefix + random.slice(0, 6) };
}

/** Each secret, and the argument(s) that carry it. */
const CORPUS: { s: { value: string; tell: string }; arg: (v: string) => string[] }[] = [
  { s: secret('Hunter2', 12), arg: (v) => [`--password=${v}`] },
  { s: secret('ghp_', 36), arg: (v) => ['--token', v] },
  { s: secret('AKIA', 16, UPPER), arg: (v) => [`AWS_ACCESS_KEY_ID=${v}`] },
  { s: secret('', 40), arg: (v) => [`AWS_SECRET_ACCESS_KEY=${v}`] },
  { s: secret('Pg', 14), arg: (v) => [`postgres://app:${v}@db.example:5432/app`] },
  { s: secret('sk-ant-api03-', 40), arg: (v) => [`--api-key=${v}`] },
  { s: secret('sk-proj-', 40), arg: (v) => [`OPENAI_API_KEY=${v}`] },
  { s: secret('glpat-', 20), arg: (v) => [v] },
  { s: secret('xoxb-1234567890-', 24), arg: (v) => [v] },
  { s: secret('sk_live_', 24), arg: (v) => [v] },
  { s: secret('AIza', 35), arg: (v) => [v] },
  { s: secret('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI', 20), arg: (v) => [`${v}.${rand(43)}`] },
  { s: secret('Bt', 30), arg: (v) => [`Authorization: Bearer ${v}`] },
  { s: secret('Db', 16), arg: (v) => [`DB_PASSWORD=${v}`] },
  { s: secret('Sec', 16), arg: (v) => ['--client-secret', v] },
];
const SECRETS = CORPUS.map((c) => c.s.value);
const TELLS = CORPUS.map((c) => c.s.tell);
// python3 -c CODE MARKER ARG…: each argument one argv element, as a shell would pass them.
const ARGV = ['-c', 'import time;time.sleep(600)', MARKER, ...CORPUS.flatMap((c) => c.arg(c.s.value))];

/** Every secret found in `text`, whole or cut short (none expected). */
function leaks(text: string): string[] {
  return SECRETS.filter((_, i) => text.includes(TELLS[i]!));
}

function vigil(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, LANG: 'C', NO_COLOR: '1', VIGIL_DATA_DIR: data, XDG_CONFIG_HOME: tmp },
  });
}

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      bodies.push({ path: req.url ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});

after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  if (!process.env.KEEP) rmSync(tmp, { recursive: true, force: true });
});

test('a corpus of secrets on real command lines reaches no channel; the live view keeps them', async () => {
  const port = (server.address() as AddressInfo).port;
  const config = join(tmp, 'config.toml');
  writeFileSync(
    config,
    [
      '[thresholds]',
      // Above the duplicates other tests on this machine may leave, so ours is the alert.
      'max_duplicate_processes = 12',
      '[notifications]',
      'desktop = true',
      'terminal = false',
      `webhook_url = "http://127.0.0.1:${port}/hook"`,
      `alertmanager_url = "http://127.0.0.1:${port}"`,
      `log_file = "${join(data, 'vigil.log')}"`,
      '[history]',
      'snapshot_interval_secs = 1',
      '',
    ].join('\n'),
  );
  // Thirteen identical copies: duplicate_processes names them, with their command line (argv0
  // `python3`, so the shortened command in the alert message reaches the marker and a secret).
  const copies = Array.from({ length: 13 }, () => {
    const c = spawn(PYTHON, ARGV, { stdio: 'ignore', argv0: 'python3' });
    children.push(c);
    return c;
  });
  const cmdlineOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  assert.ok(await until(() => copies.every((c) => cmdlineOf(c.pid!).includes(MARKER))));
  for (const s of SECRETS) assert.ok(cmdlineOf(copies[0]!.pid!).includes(s), `the process carries ${s}`);

  // The live view shows the command line as /proc does.
  const status = vigil(['status', '--json', '--config', config]);
  assert.equal(status.status, 0, status.stderr);
  const live = (JSON.parse(status.stdout).processes as { pid: number; cmdline: string }[]).find(
    (p) => p.pid === copies[0]!.pid,
  );
  assert.ok(live, 'status lists the process');
  assert.deepEqual(leaks(live.cmdline), SECRETS, 'the live view keeps the raw command line');

  // The daemon, every channel on, desktop notifications on a private bus.
  const monitor = join(tmp, 'dbus-monitor.log');
  const stderrFile = join(tmp, 'daemon.stderr');
  const [command, args] = withNotificationServer(
    monitor,
    `"${process.execPath}" "${CLI}" --headless --interval 0.2 --config "${config}" 2> "${stderrFile}" &
     echo "daemon:$!"; wait $!; true`,
  );
  const shell = spawn(command, args, {
    env: { ...process.env, LANG: 'C', VIGIL_DATA_DIR: data, XDG_CONFIG_HOME: tmp },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(shell);
  let out = '';
  shell.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const daemonPid = Number((await waitFor(() => /daemon:(\d+)/.exec(out), 30_000, 'the daemon'))[1]);
  const logFile = join(data, 'vigil.log');
  const text = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
  const seen = (s: string) => s.includes(MARKER);
  try {
    assert.ok(
      await until(
        () =>
          seen(text(logFile)) &&
          seen(text(stderrFile)) &&
          bodies.some((b) => b.path === '/hook' && seen(b.body)) &&
          bodies.some((b) => b.path === '/api/v2/alerts' && seen(b.body)) &&
          /member=Notify/.test(text(monitor)) &&
          seen(text(monitor)),
        45_000,
      ),
      `every channel got the alert: log ${seen(text(logFile))}, stderr ${seen(text(stderrFile))}, ` +
        `bodies ${bodies.map((b) => b.path).join(' ')}, desktop ${seen(text(monitor))}`,
    );
    // A kill by hand: its decision goes to the JSON log and the history too.
    const kill = vigil(['kill', '--yes', '--config', config, String(copies[2]!.pid)]);
    assert.equal(kill.status, 0, kill.stderr);
  } finally {
    process.kill(daemonPid, 'SIGTERM');
    await new Promise((r) => (shell.exitCode === null ? shell.once('exit', r) : r(null)));
  }

  const reportJson = vigil(['report', '--json', '--config', config]);
  assert.equal(reportJson.status, 0, reportJson.stderr);
  const reportText = vigil(['report', '--config', config]);
  const html = join(tmp, 'report.html');
  assert.equal(vigil(['report', '--html', html, '--config', config]).status, 0);
  const dbBytes = ['vigil.db', 'vigil.db-wal']
    .map((f) => join(data, f))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');

  const channels: Record<string, string> = {
    'JSON log': text(logFile),
    'daemon stderr': text(stderrFile),
    webhook: bodies
      .filter((b) => b.path === '/hook')
      .map((b) => b.body)
      .join('\n'),
    Alertmanager: bodies
      .filter((b) => b.path === '/api/v2/alerts')
      .map((b) => b.body)
      .join('\n'),
    'desktop (notify-send)': text(monitor),
    'history (vigil.db)': dbBytes,
    'report --json': reportJson.stdout,
    report: reportText.stdout,
    'report --html': text(html),
  };
  // Every channel at once, so a failure names each one that leaks and what.
  const leaked = Object.fromEntries(
    Object.entries(channels)
      .map(([name, content]) => [name, leaks(content).length] as const)
      .filter(([, n]) => n > 0),
  );
  assert.deepEqual(leaked, {}, `secrets (of ${SECRETS.length}) leaked by channel`);
  for (const [name, content] of Object.entries(channels)) {
    assert.ok(seen(content), `${name} carried the process (the channel was exercised)`);
    // The mask, whole or cut by a narrow column (`[RE…`).
    assert.match(content, /\[RE(?:DACTED\]|…)/, `${name} shows the redaction`);
  }
  // The kill's decision is in the JSON log, named, redacted.
  const action = text(logFile)
    .split('\n')
    .filter((l) => l.includes('"event":"action"'))
    .map((l) => JSON.parse(l) as { action: { target: number; cmdline?: string } })
    .find((l) => l.action.target === copies[2]!.pid);
  assert.ok(action?.action.cmdline?.includes(MARKER), 'the action carries the redacted command line');
});
