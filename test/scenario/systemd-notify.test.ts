// The daemon under systemd, with what this machine has (no systemd as PID 1): a unix datagram
// socket bound here stands for the manager's notify socket (NOTIFY_SOCKET); the daemon must send
// READY=1 after its first tick, WATCHDOG=1 from its loop, STOPPING=1 on the way out. And the
// system unit's own environment must start on a host without /etc/vigil/config.toml.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DAEMON_NODE_FLAGS } from '../../src/cli/daemon-node.ts';
import { CLI, exited, jsonLines, REPO, reapAll, runCli, waitFor } from '../helpers/cli.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-sdnotify-'));
const receivers: ChildProcess[] = [];
after(async () => {
  await reapAll(receivers);
  rmSync(root, { recursive: true, force: true });
});

// Each datagram as one JSON string per line in `out` (BARRIER=1's fd is dropped by recv()).
const RECEIVER = `
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
out = open(sys.argv[2], 'a')
print('bound', flush=True)
while True:
    out.write(json.dumps(s.recv(65536).decode()) + '\\n')
    out.flush()
`;

/** A bound notify socket and the datagrams it has received so far. */
async function notifySocket(name: string): Promise<{ path: string; messages: () => string[] }> {
  const path = join(root, `${name}.sock`);
  const out = join(root, `${name}.log`);
  const py = spawn('python3', ['-c', RECEIVER, path, out], { stdio: ['ignore', 'pipe', 'inherit'] });
  receivers.push(py);
  let said = '';
  py.stdout!.on('data', (d: Buffer) => {
    said += d.toString();
  });
  await waitFor(() => said.includes('bound'), 10_000, 'the python3 receiver');
  const messages = () =>
    existsSync(out)
      ? readFileSync(out, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as string)
          .filter((m) => m !== 'BARRIER=1')
      : [];
  return { path, messages };
}

/** Run the daemon to completion (asynchronously: the receiver is a child of this process too). */
async function daemon(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: unknown; stderr: string }> {
  const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, CLI, '--headless', ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await exited(child);
  return { code, stderr };
}

test('READY=1 after the first tick, WATCHDOG=1 every half period, STOPPING=1 at the end', async () => {
  const sock = await notifySocket('watchdog');
  const dataDir = join(root, 'data1');
  // WatchdogSec=1s: a ping every 0.5 s, from a loop ticking every 0.2 s for 3 s.
  const r = await daemon(['--interval', '0.2', '--ticks', '15'], {
    ...process.env,
    NOTIFY_SOCKET: sock.path,
    WATCHDOG_USEC: '1000000',
    VIGIL_DATA_DIR: dataDir,
    XDG_CONFIG_HOME: join(root, 'cfg1'),
    VIGIL_LOG_LEVEL: 'debug',
  });
  assert.equal(r.code, 0, r.stderr);
  const msgs = await waitFor(
    () => (sock.messages().some((m) => m === 'STOPPING=1') ? sock.messages() : null),
    10_000,
    'STOPPING=1',
  );
  const first = msgs[0]!.split('\n');
  assert.equal(first[0], 'READY=1', msgs.join(' | '));
  assert.match(first[1] ?? '', /^STATUS=watching \d+ processes; \d+ alerts firing$/);
  assert.equal(msgs.filter((m) => m.startsWith('READY=1')).length, 1, 'ready once');
  const pings = msgs.filter((m) => m.startsWith('WATCHDOG=1\n'));
  const ticks = jsonLines(r.stderr).filter((l) => l.event === 'tick').length;
  assert.equal(ticks, 15);
  assert.ok(pings.length >= 1, `pinged (${msgs.join(' | ')})`);
  assert.ok(pings.length < ticks - 1, `not every tick: ${pings.length} pings for ${ticks} ticks`);
  assert.equal(msgs.at(-1), 'STOPPING=1');
});

/** `Environment=` lines of a shipped unit. */
function unitEnvironment(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(join(REPO, 'contrib/systemd', file), 'utf8').split('\n')) {
    const m = /^Environment=([A-Z_]+)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

test("the system unit's environment starts the daemon on a host without /etc/vigil/config.toml", async () => {
  const unitEnv = unitEnvironment('vigil-system.service');
  assert.equal(unitEnv.VIGIL_CONFIG, undefined, 'the unit names no config file that may not exist');
  assert.equal(unitEnv.XDG_CONFIG_HOME, '/etc', 'it reads /etc/vigil/config.toml when there is one');
  assert.equal(existsSync('/etc/vigil/config.toml'), false, 'this host has no /etc/vigil/config.toml');
  // StateDirectory=vigil is made by systemd; here a temp dir stands for /var/lib/vigil.
  const state = join(root, 'var-lib-vigil');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
  for (const [k, v] of Object.entries(unitEnv)) env[k] = v.replace('/var/lib/vigil', state);
  const sock = await notifySocket('system');
  const r = await daemon(['--interval', '0.2', '--ticks', '2'], { ...env, NOTIFY_SOCKET: sock.path });
  assert.equal(r.code, 0, r.stderr);
  const started = jsonLines(r.stderr).find((l) => l.event === 'started')!;
  assert.equal(started.config, null, 'the defaults apply');
  assert.ok(existsSync(join(state, 'vigil.db')), 'history in the state directory');
  await waitFor(() => sock.messages()[0]?.startsWith('READY=1\n'), 10_000, 'READY=1');
});

test('a VIGIL_CONFIG that does not exist yet: exit 2 (no restart) and the hint to create it', () => {
  const r = runCli(['--headless', '--ticks', '1'], {
    VIGIL_CONFIG: join(root, 'not-yet.toml'),
    VIGIL_DATA_DIR: join(root, 'data3'),
  });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /not-yet\.toml: file not found; 'vigil config init' writes a commented default/);
  for (const file of ['vigil.service', 'vigil-system.service']) {
    const unit = readFileSync(join(REPO, 'contrib/systemd', file), 'utf8').split('\n');
    for (const d of ['Type=notify', 'NotifyAccess=all', 'RestartPreventExitStatus=2']) {
      assert.ok(unit.includes(d), `${file}: ${d}`);
    }
    assert.ok(
      unit.some((l) => /^WatchdogSec=\d+s$/.test(l)),
      `${file}: WatchdogSec=`,
    );
  }
  // `vigil config init` then writes the file the daemon was looking for.
  const init = runCli(['config', 'init'], { VIGIL_CONFIG: join(root, 'not-yet.toml') });
  assert.equal(init.code, 0, init.stderr);
  const again = spawnSync(process.execPath, [CLI, '--headless', '--ticks', '1', '--interval', '0.2'], {
    env: { ...process.env, VIGIL_CONFIG: join(root, 'not-yet.toml'), VIGIL_DATA_DIR: join(root, 'data3') },
    encoding: 'utf8',
  });
  assert.equal(again.status, 0, again.stderr);
});
