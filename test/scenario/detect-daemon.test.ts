// The daemon's rules with real processes on the real /proc: storms whose node host exits (detached
// and not) with the AI-tool hint in the message; a busy orphan at about 6 % CPU (orphan_cpu fires
// above orphan_min_cpu_percent, 5 by default); a process that allocates once (no memory_leak)
// beside a real slow leak (memory_leak); a zombie whose timer survives a daemon restart.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.ts';
import { createLogger } from '../../src/core/log.ts';
import type { AlertEvent } from '../../src/core/types.ts';
import { buildEngine } from '../../src/host/compose.ts';
import { stormMinRssBytes } from '../../src/rules/ghost_process_storm.ts';
import { startCli, waitFor } from '../helpers/cli.ts';
import { createRig } from './detect-helpers.ts';
import { PYTHON, spawnWithLine, until } from './rules-helpers.ts';

const rig = createRig('detect-daemon');
after(() => rig.cleanup());
const MiB = 1024 * 1024;

/** A real engine (every collector, the default rules) ticking every `intervalSecs`. */
function engineAt(intervalSecs: number, tweak: (c: ReturnType<typeof defaultConfig>) => void = () => {}) {
  const config = defaultConfig({ LANG: 'C' });
  config.general.interval_secs = intervalSecs;
  tweak(config);
  const engine = buildEngine({ config, role: 'daemon', log: createLogger({ write: () => {} }) });
  const events: AlertEvent[] = [];
  engine.subscribe((e) => {
    if (e.type === 'alert') events.push(e.alert);
  });
  engine.start(intervalSecs * 1000);
  const firedFor = (rule: string, pid: number) =>
    events.find((e) => e.event === 'fired' && e.alert.rule === rule && e.alert.subject.pids.includes(pid));
  return { config, engine, events, firedFor };
}

test('servers started by a node that exits, detached and not: one storm each, every pid, the hint', {
  timeout: 90_000,
}, async () => {
  const r = engineAt(0.2);
  try {
    const mb = Math.ceil(
      (stormMinRssBytes(
        r.config.thresholds,
        (await until('a snapshot', () => r.engine.latest()))!.memory.totalBytes,
      ) *
        1.3) /
        MiB /
        8,
    );
    const plain = await rig.storm({ n: 8, mb, detached: false, exitAfterMs: 1500, tag: 'plain' });
    const detached = await rig.storm({ n: 8, mb, detached: true, exitAfterMs: 1500, tag: 'detached' });
    for (const s of [plain, detached]) {
      const a = await until(
        'the storm to name every server',
        () =>
          r.engine
            .latest()
            ?.alerts.find(
              (x) =>
                x.rule === 'ghost_process_storm' &&
                x.subject.pids.length === 8 &&
                x.subject.pids.every((p) => s.pids.includes(p)) &&
                x.message.includes('exited'),
            ),
        45_000,
      );
      assert.deepEqual(a.subject.pids, s.pids);
      assert.match(
        a.message,
        new RegExp(
          `started by node \\(pid ${s.hostPid}, exited\\) — probably MCP servers not terminated by the AI coding tool \\(Claude Code, Codex…\\) or Node program that started them: pids`,
        ),
      );
      assert.equal(a.suggestedCommand, `kill -TERM ${s.pids.join(' ')}`);
    }
  } finally {
    await r.engine.stop();
  }
});

test('a busy orphan at about 6 % CPU fires orphan_cpu (the seed: "CPU > 0"; default 5 %)', {
  timeout: 60_000,
}, async () => {
  // One-second windows: 6.5 % of a core is 6–7 clock ticks each.
  const r = engineAt(1);
  try {
    const orphan = await rig.busyOrphan(6.5);
    const ev = await until('orphan_cpu', () => r.firedFor('orphan_cpu', orphan), 45_000);
    assert.deepEqual(ev.alert.subject.pids, [orphan]);
    assert.match(ev.alert.message, /^orphan .*busy\.p.* \(pid \d+\) uses ([5-9]|1\d)\.\d% CPU/);
  } finally {
    await r.engine.stop();
  }
});

test('a process that allocates once does not leak; a real slow leak does', { timeout: 90_000 }, async () => {
  const r = engineAt(0.5, (c) => {
    c.thresholds.leak_window_secs = 10;
    c.thresholds.leak_min_growth_mb = 40;
  });
  try {
    // Under Vigil's eye: 200 MiB allocated in two seconds, then flat for good.
    const once = await spawnWithLine(PYTHON, [
      '-c',
      'import time\nprint("ready", flush=True)\ntime.sleep(1)\nkeep = []\nfor i in range(20):\n    b = bytearray(10 * 1024 * 1024)\n    b[::4096] = b"x" * 2560\n    keep.append(b)\n    time.sleep(0.1)\ntime.sleep(120)\n',
    ]);
    // +1 MiB every 0.1 s (10 MiB/s, 100 MiB per window), touched so it is resident.
    const leak = await spawnWithLine(PYTHON, [
      '-c',
      'import time\nkeep = []\nprint("ready", flush=True)\nfor i in range(600):\n    b = bytearray(1024 * 1024)\n    b[::4096] = b"x" * 256\n    keep.append(b)\n    time.sleep(0.1)\ntime.sleep(60)\n',
    ]);
    rig.pids.add(once.child.pid!);
    rig.pids.add(leak.child.pid!);
    const ev = await until(
      'memory_leak of the leak',
      () => r.firedFor('memory_leak', leak.child.pid!),
      45_000,
    );
    assert.match(ev.alert.message, /grew by/);
    // Meanwhile the allocation and a whole window after it were watched: the window that holds
    // the allocation (the growth the old rule fired on) has been judged.
    await until(
      'a window after the allocation',
      () =>
        (r.engine.history.latest()?.processes.find((p) => p.pid === once.child.pid)?.ageSeconds ?? 0) > 14 ||
        null,
      30_000,
    );
    assert.equal(r.firedFor('memory_leak', once.child.pid!), undefined, 'one allocation is not a leak');
  } finally {
    await r.engine.stop();
  }
});

test('the zombie timer survives a daemon restart (the first sight is remembered)', {
  timeout: 90_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-zombie-'));
  const config = join(dir, 'config.toml');
  const log = join(dir, 'vigil.log');
  const TIMEOUT = 5;
  writeFileSync(
    config,
    `[thresholds]\nzombie_timeout_secs = ${TIMEOUT}\n[history]\nsnapshot_interval_secs = 1\n[notifications]\ndesktop = false\nlog_file = "${log}"\n`,
  );
  const start = () => {
    const d = startCli(['--headless', '--interval', '0.5', '--config', config, '--data-dir', dir], {
      VIGIL_LOG_LEVEL: 'info',
      LANG: 'C',
    });
    rig.pids.add(d.pid!);
    return d;
  };
  try {
    const first = start();
    await waitFor(() => first.err().includes('"started"'), 20_000, 'the first daemon');
    const [parent, zombie] = await rig.zombies(1);
    const seenAt = Date.now();
    // Watched long enough to be saved (every second), then the daemon stops before the timeout.
    await new Promise((r) => setTimeout(r, 2000));
    first.kill('SIGTERM');
    await waitFor(() => first.exitCode !== null || null, 10_000, 'the first daemon to stop');
    assert.ok(!readFileSync(log, 'utf8').includes('"rule":"zombie"'), 'not yet');
    const second = start();
    await waitFor(() => second.err().includes('"started"'), 20_000, 'the second daemon');
    const restartedAt = Date.now();
    const line = await waitFor(
      () =>
        readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map(
            (l) =>
              JSON.parse(l) as { event: string; rule: string; time: string; subject: { pids: number[] } },
          )
          .find((e) => e.event === 'fired' && e.rule === 'zombie' && e.subject.pids.includes(zombie!)),
      30_000,
      'the zombie alert',
    );
    second.kill('SIGTERM');
    assert.deepEqual(line.subject.pids, [parent, zombie]);
    const firedAt = Date.parse(line.time);
    assert.ok(firedAt - seenAt >= TIMEOUT * 1000 - 1000, 'not before the timeout since it became a zombie');
    assert.ok(firedAt - restartedAt < TIMEOUT * 1000, 'the restart did not start the timer over');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
