// The action service beside the real engine and the real rules: a webhook that hangs for a minute
// does not delay ticks, and auto mode kills the orphaned members of a real ghost process storm
// (and nothing else), with every decision in the JSON log and the store.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Notice } from '../../src/actions/notifiers/types.ts';
import { createActionService } from '../../src/actions/service.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import type { VigilConfig } from '../../src/config/types.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { buildEngine } from '../../src/host/compose.ts';
import { readFacts } from '../../src/proc/read.ts';
import { until } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vigil-actions-engine-'));
const servers: Server[] = [];
const children: ChildProcess[] = [];
const ghostPids = new Set<number>();

after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const pid of ghostPids) {
    try {
      // Only pids this file started (recorded from its own bash launcher), and only if still ours.
      if (readFacts({ proc: '/proc', sys: '', dev: '' }, pid)?.cmdline.includes('VIGIL_GHOST_TEST'))
        process.kill(pid, 'SIGKILL');
    } catch {}
  }
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  rmSync(tmp, { recursive: true, force: true });
});

function config(dir: string, patch: (c: VigilConfig) => void): VigilConfig {
  const c = defaultConfig({ LANG: 'C' });
  c.general.interval_secs = 0.2;
  c.notifications.desktop = false;
  c.notifications.terminal = false;
  c.notifications.log_file = join(dir, 'vigil.log');
  patch(c);
  return c;
}

/** One line of the JSON log, as the tests read it. */
interface LogLine {
  event: string;
  rule?: string;
  action: {
    target: number;
    outcome: string;
    code: string;
    type: string;
    origin: string;
    signal: string;
    pids: number[];
  };
  [key: string]: unknown;
}

function jsonLines(file: string): LogLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

test('a webhook that hangs for a minute does not delay ticks, nor shutdown', async () => {
  const dir = join(tmp, 'hang');
  const pending: ServerResponse[] = [];
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    pending.push(res); // answered after 60 s at best: never, in this test
    setTimeout(() => res.end(), 60_000).unref();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  // ram_high at 1% fires on the first tick on any machine.
  const cfg = config(dir, (c) => {
    c.thresholds.ram_warn_percent = 1;
    c.thresholds.ram_critical_percent = 99.9;
    c.thresholds.ram_for_secs = 0;
    c.notifications.webhook_url = url;
  });
  const log = memoryLogger('info');
  const engine = buildEngine({ config: cfg, role: 'daemon', log });
  const service = createActionService(
    { config: cfg, dataDir: dir, log, role: 'daemon', env: { ...process.env, LANG: 'C' } },
    { channelOptions: { webhook: { timeoutMs: 60_000, retries: 0 } }, useStore: false },
  );
  await service.start(engine);
  const tickTimes: number[] = [];
  engine.subscribe((e) => {
    if (e.type === 'snapshot') tickTimes.push(performance.now());
  });
  engine.start(200);
  try {
    assert.ok(await until(() => pending.length >= 1, 15_000), 'the webhook received the alert and hangs');
    const before = tickTimes.length;
    assert.ok(
      await until(() => tickTimes.length >= before + 10, 30_000),
      'ten more ticks while the webhook hangs',
    );
    assert.ok(
      pending.every((r) => !r.writableEnded),
      'the webhook is still hanging',
    );
    const gaps = tickTimes.slice(before).map((t, i, a) => (i ? t - a[i - 1]! : 0));
    // A blocked engine would show a ~60 s gap; a loaded machine a few hundred ms at most.
    assert.ok(Math.max(...gaps) < 10_000, `largest tick gap ${Math.max(...gaps)} ms`);
    await service.jsonLog().flush();
    const fired = jsonLines(cfg.notifications.log_file).find(
      (l) => l.event === 'fired' && l.rule === 'ram_high',
    );
    assert.ok(fired, 'the JSON log has the fired event');
  } finally {
    await engine.stop();
    const t0 = performance.now();
    await service.stop();
    // Stopping aborts the hanging attempt instead of waiting out the minute.
    assert.ok(performance.now() - t0 < 10_000, `stop took ${performance.now() - t0} ms`);
  }
});

test('auto mode kills the orphaned members of a real ghost storm, records why, and spares the rest', async () => {
  const dir = join(tmp, 'auto');
  const cfg = config(dir, (c) => {
    c.general.mode = 'auto';
    c.thresholds.max_duplicate_processes = 2;
  });
  const log = memoryLogger('info');
  const engine = buildEngine({ config: cfg, role: 'daemon', log });
  const service = createActionService({
    config: cfg,
    dataDir: dir,
    log,
    role: 'daemon',
    env: { ...process.env, LANG: 'C' },
  });
  await service.start(engine);
  engine.start(200);
  // Three identical processes holding ~450 MiB each (> 5% of RAM together on this 24 GiB box
  // needs 1.2 GiB), started by a bash that exits after 2 s: seen under their parent, then orphans.
  const mib = Math.ceil((readMemTotal() * 0.06) / 3 / 2 ** 20);
  const code = `const b=Buffer.alloc(${mib}*2**20,1);setInterval(()=>b[0]++,1000);/*VIGIL_GHOST_TEST*/`;
  const launcher = spawn(
    'bash',
    ['-c', `for i in 1 2 3; do "${process.execPath}" -e '${code}' & echo $!; done; sleep 2`],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  children.push(launcher);
  let out = '';
  launcher.stdout!.on('data', (b) => (out += b));
  // A same-command process that is not an orphan (its parent is this test): never auto-killed.
  const kept = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  children.push(kept);
  try {
    assert.ok(await until(() => out.trim().split('\n').length === 3, 10_000));
    const ghosts = out.trim().split('\n').map(Number);
    for (const g of ghosts) ghostPids.add(g);
    const gone = (pid: number) => {
      const f = readFacts({ proc: '/proc', sys: '', dev: '' }, pid);
      return !f || f.state === 'Z';
    };
    assert.ok(await until(() => ghosts.every(gone), 60_000), 'every orphaned ghost was terminated');
    assert.ok(!gone(kept.pid!), 'the non-orphan duplicate is alive');
    await service.idle();
    await service.jsonLog().flush();
    const actions = jsonLines(cfg.notifications.log_file).filter((l) => l.event === 'action');
    // Each ghost was signalled (`sent`, or `exited` when it was already gone as its own line was
    // written: a SIGTERM'd node ends in milliseconds), then the group's line says what became of
    // them all.
    for (const g of ghosts) {
      const sent = actions.find(
        (a) =>
          a.action.target === g &&
          a.action.type === 'kill_process' &&
          ['sent', 'exited'].includes(a.action.outcome),
      );
      assert.ok(sent, `sent action for ${g}: ${JSON.stringify(actions)}`);
      assert.equal(sent.rule, 'ghost_process_storm', 'the ALERT fields are on the action line');
      assert.equal(sent.action.type, 'kill_process');
      assert.equal(sent.action.origin, 'auto');
      const group = actions.find(
        (a) => a.action.type === 'kill_group' && a.action.pids.includes(g) && a.action.outcome === 'exited',
      );
      assert.ok(group, `a kill_group line covering ${g}: ${JSON.stringify(actions)}`);
      assert.equal(group.action.origin, 'auto');
    }
    // Anything else it looked at was refused with a reason, never signalled.
    for (const a of actions.filter((x) => !ghosts.includes(x.action.target))) {
      assert.equal(a.action.outcome, 'refused', JSON.stringify(a.action));
    }
    // A decision is recorded once per process and reason, not once per tick.
    const keys = actions.map((a) => `${a.action.type}:${a.action.target}:${a.action.code}`);
    assert.equal(new Set(keys).size, keys.length, keys.join(' '));
    // While a ghost's parent lived it was not safe; once orphaned it was acted on.
    for (const a of actions.filter(
      (x) => ghosts.includes(x.action.target) && x.action.outcome === 'refused',
    )) {
      assert.equal(a.action.code, 'not_safe');
    }
  } finally {
    await engine.stop();
    await service.stop();
  }
  const { openStore } = await import('../../src/store/index.ts');
  const store = openStore(dir, { readonly: true });
  try {
    const rows = store.actionsSince(0) as unknown as Record<string, unknown>[];
    // Ledger rows per group action (SPEC §5's words), naming every ghost they covered.
    const groups = rows.filter(
      (r) => r.source === 'auto' && r.type === 'kill_group' && r.outcome === 'exited',
    );
    assert.ok(groups.length, JSON.stringify(rows));
    const covered = groups.flatMap((r) => r.pids as number[]);
    for (const g of ghostPids) assert.ok(covered.includes(g), `${g} in ${JSON.stringify(groups)}`);
  } finally {
    store.close();
  }
});

function readMemTotal(): number {
  const m = /MemTotal:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

test('modes: observe notifies without a command; suggest adds the pasteable suggested command', async () => {
  for (const mode of ['observe', 'suggest'] as const) {
    const dir = join(tmp, `mode-${mode}`);
    const cfg = config(dir, (c) => {
      c.general.mode = mode;
      c.thresholds.ram_warn_percent = 1;
      c.thresholds.ram_critical_percent = 99.9;
      c.thresholds.ram_for_secs = 0;
    });
    const got: Notice[] = [];
    const log = memoryLogger('info');
    const engine = buildEngine({ config: cfg, role: 'daemon', log });
    const service = createActionService(
      { config: cfg, dataDir: dir, log, role: 'daemon', env: { ...process.env, LANG: 'C' } },
      {
        useStore: false,
        extraNotifiers: [{ name: 'capture', send: async (batch) => void got.push(...batch) }],
      },
    );
    await service.start(engine);
    engine.start(200);
    try {
      assert.ok(await until(() => got.some((n) => n.alert?.rule === 'ram_high'), 15_000), mode);
      const n = got.find((x) => x.alert?.rule === 'ram_high')!;
      assert.equal(n.kind, 'fired');
      if (mode === 'observe') assert.equal(n.suggestedCommand, null);
      else {
        assert.ok(n.alert!.suggestedCommand, 'ram_high carries a suggested command');
        assert.equal(n.suggestedCommand, n.alert!.suggestedCommand);
      }
    } finally {
      await engine.stop();
      await service.stop();
    }
  }
});

test('a TUI beside a running daemon stays quiet; alone it notifies', async () => {
  const dir = join(tmp, 'tui-beside-daemon');
  const cfg = config(dir, (c) => {
    c.thresholds.ram_warn_percent = 1;
    c.thresholds.ram_critical_percent = 99.9;
    c.thresholds.ram_for_secs = 0;
  });
  const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
  const daemon = spawn(process.execPath, [main, '--headless', '--interval', '0.2', '--data-dir', dir], {
    env: { ...process.env, LANG: 'C', XDG_CONFIG_HOME: dir, VIGIL_DATA_DIR: dir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(daemon);
  const { openStore } = await import('../../src/store/index.ts');
  const daemonRecords = (): boolean => {
    const probe = openStore(dir, { readonly: true, log: memoryLogger() });
    try {
      const info = probe.recorderInfo();
      return info?.alive === true && info.pid === daemon.pid;
    } finally {
      probe.close();
    }
  };
  const run = async (): Promise<Notice[]> => {
    const got: Notice[] = [];
    const log = memoryLogger('info');
    const engine = buildEngine({ config: cfg, role: 'tui', log });
    const service = createActionService(
      { config: cfg, dataDir: dir, log, role: 'tui', env: { ...process.env, LANG: 'C' } },
      { extraNotifiers: [{ name: 'capture', send: async (batch) => void got.push(...batch) }] },
    );
    await service.start(engine);
    engine.start(200);
    // Long enough for ram_high to fire and be delivered when not quiet.
    await until(() => got.length > 0, 3000);
    await engine.stop();
    await service.stop();
    return got;
  };
  assert.ok(await until(daemonRecords, 20_000), 'the daemon holds the recorder');
  assert.equal((await run()).length, 0, 'quiet beside the daemon');
  daemon.kill('SIGTERM');
  await new Promise((r) => daemon.once('exit', r));
  assert.ok(
    (await run()).some((n) => n.alert?.rule === 'ram_high'),
    'notifies once the daemon is gone',
  );
});
