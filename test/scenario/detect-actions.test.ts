// Remediation as a user sees it. `auto` mode with twelve leaked servers (the issue: it killed 5,
// hit the rate limit and left 7 — about 1 GB — running): the real daemon now ends the whole storm
// as one action. And the action ledger: a kill from each path — `vigil kill`, the TUI's port, an
// AI answer in auto mode, auto mode itself — is a row in vigil.db with its outcome and its
// before/after check, and `vigil report` (terminal, --json, --html) lists them.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { actOnAnswer } from '../../src/ai/act.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { realClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { Alert } from '../../src/core/types.ts';
import { readPidStat } from '../../src/proc/read.ts';
import { stormMinRssBytes } from '../../src/rules/ghost_process_storm.ts';
import { openStore } from '../../src/store/index.ts';
import type { ActionRecord } from '../../src/store/types.ts';
import { runCli, startCli, waitFor } from '../helpers/cli.ts';
import { portsOn } from '../helpers/ports.ts';
import { createRig, memTotalBytes } from './detect-helpers.ts';

const rig = createRig('detect-actions');
after(() => rig.cleanup());
const MiB = 1024 * 1024;
const gone = (pid: number) => {
  const st = readPidStat({ proc: '/proc' }, pid);
  return !st || st.state === 'Z';
};

function rows(dir: string): ActionRecord[] {
  const store = openStore(dir, { readonly: true });
  try {
    return store.actionsSince(0);
  } finally {
    store.close();
  }
}

test('auto mode ends a storm of twelve as ONE action, whatever the rate limit; the ledger and report show it', {
  timeout: 120_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-auto-'));
  const log = join(dir, 'vigil.log');
  const config = join(dir, 'config.toml');
  writeFileSync(config, `[general]\nmode = "auto"\n[notifications]\ndesktop = false\nlog_file = "${log}"\n`);
  const daemon = startCli(['--headless', '--interval', '0.5', '--config', config, '--data-dir', dir], {
    VIGIL_LOG_LEVEL: 'info',
    LANG: 'C',
  });
  rig.pids.add(daemon.pid!);
  try {
    await waitFor(() => daemon.err().includes('"started"'), 20_000, 'the daemon');
    const total = memTotalBytes();
    const mb = Math.ceil((stormMinRssBytes(defaultConfig({}).thresholds, total) * 1.2) / MiB / 12);
    const storm = await rig.storm({ n: 12, mb, detached: false, exitAfterMs: 2000, tag: 'auto' });
    await waitFor(() => storm.pids.every(gone), 60_000, 'every server to be ended');
    daemon.kill('SIGTERM');
    await waitFor(() => daemon.exitCode !== null || null, 10_000, 'the daemon to stop');
    assert.doesNotMatch(daemon.err(), /rate-limited/, 'one unit of the rate limit, not twelve');
    // One row for the storm (a storm of someone else's on this machine may have its own row).
    const group = rows(dir).filter(
      (r) => r.type === 'kill_group' && r.source === 'auto' && r.pids?.some((p) => storm.pids.includes(p)),
    );
    assert.equal(group.length, 1, JSON.stringify(group));
    const g = group[0]!;
    assert.equal(g.outcome, 'exited');
    assert.deepEqual(
      [...g.pids!].sort((a, b) => a - b),
      storm.pids,
    );
    assert.deepEqual(
      [...g.check!.gone].sort((a, b) => a - b),
      storm.pids,
    );
    assert.ok(g.check!.freedBytes >= 12 * mb * MiB * 0.9, `memory came back: ${g.check!.freedBytes}`);
    // One decision line per member in the JSON log, each with its reason.
    const lines = readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { event: string; action?: { target: number; origin: string } });
    for (const pid of storm.pids)
      assert.ok(
        lines.some((l) => l.event === 'action' && l.action?.target === pid && l.action.origin === 'auto'),
      );
    // report --json, the terminal report and the HTML report list it.
    const json = JSON.parse(runCli(['report', '--json', '--data-dir', dir, '--since', '1h']).stdout) as {
      actions: ActionRecord[];
    };
    const listed = json.actions.find((a) => a.type === 'kill_group' && a.pids?.includes(storm.pids[0]!));
    assert.ok(listed?.check && listed.pids?.length === 12);
    const text = runCli(['report', '--data-dir', dir, '--since', '1h'], { LANG: 'C' }).stdout;
    assert.match(
      text,
      /auto +kill_group 12 processes \(python3\): .* SIGTERM → exited \(12\/12 gone, [\d.]+[MG] freed\)/,
    );
    const html = join(dir, 'r.html');
    assert.equal(runCli(['report', '--data-dir', dir, '--since', '1h', '--html', html]).code, 0);
    assert.match(readFileSync(html, 'utf8'), /<td>kill_group<\/td><td>12 processes \(python3\)/);
  } finally {
    daemon.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every path is in the ledger: vigil kill, the TUI, an AI answer in auto mode', {
  timeout: 60_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-ledger-'));
  const config = defaultConfig({ LANG: 'C' });
  config.notifications.log_file = join(dir, 'vigil.log');
  const sleeper = () => {
    const c = spawn('sleep', ['300'], { stdio: 'ignore' });
    rig.pids.add(c.pid!);
    return c.pid!;
  };
  try {
    // vigil kill (the CLI).
    const cliPid = sleeper();
    assert.equal(runCli(['kill', String(cliPid), '--yes', '--data-dir', dir]).code, 0);
    // The TUI's port (what the kill dialog calls).
    const tuiPid = sleeper();
    const ports = portsOn(dir, config);
    const st = readPidStat({ proc: '/proc' }, tuiPid)!;
    const res = await ports.kill(
      {
        pid: tuiPid,
        startTicks: st.startTicks,
        name: 'sleep',
        cmdline: 'sleep 300',
        user: 'root',
        rssBytes: 0,
      },
      'SIGTERM',
    );
    assert.ok(res.ok, res.reason);
    ports.close?.();
    // An AI answer in auto mode, on the subject of a firing storm (an orphan, as the policy asks).
    const [aiPid] = await orphanSleeper();
    const auto = defaultConfig({ LANG: 'C' });
    auto.general.mode = 'auto';
    const alert: Alert = {
      id: 'ghost_process_storm-test',
      rule: 'ghost_process_storm',
      severity: 'high',
      state: 'firing',
      since: new Date().toISOString(),
      message: 'storm',
      subject: { pids: [aiPid!] },
      suggestedCommand: null,
    };
    const store = openStore(dir);
    try {
      await actOnAnswer(
        [alert],
        [
          {
            type: 'kill_process',
            target: String(aiPid),
            command: 'kill',
            risk: 'safe',
            explanation: 'left over',
          },
        ],
        {
          config: () => auto,
          sinks: { log: memoryLogger(), clock: realClock, store, jsonLog: null },
          activeAlerts: () => [alert],
        },
      );
    } finally {
      store.close();
    }
    const all = rows(dir);
    const by = (source: string, pid: number) => all.find((r) => r.source === source && r.pid === pid);
    for (const [source, pid] of [
      ['cli', cliPid],
      ['tui', tuiPid],
      ['ai', aiPid!],
    ] as const) {
      const r = by(source, pid);
      assert.ok(r, `${source}: ${JSON.stringify(all)}`);
      assert.equal(r.outcome, 'exited', source);
      assert.deepEqual(r.check?.gone, [pid], `${source}: the after-look saw it gone`);
      assert.equal(r.check?.stillRunning.length, 0);
    }
    const text = runCli(['report', '--data-dir', dir, '--since', '1h'], { LANG: 'C' }).stdout;
    for (const source of ['cli', 'tui', 'ai'])
      assert.match(text, new RegExp(`  ${source} +kill_process|  ${source} +signal`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A sleeper whose bash exits at once: reparented to init, as auto mode requires. */
async function orphanSleeper(): Promise<number[]> {
  const out = await new Promise<string>((resolve) => {
    const c = spawn('bash', ['-c', 'sleep 300 >/dev/null 2>&1 & echo $!'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let buf = '';
    c.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
    });
    c.on('exit', () => resolve(buf));
  });
  const pid = Number(out.trim());
  rig.pids.add(pid);
  await waitFor(() => readPidStat({ proc: '/proc' }, pid)?.ppid === 1 || null, 5000, 'the reparenting');
  return [pid];
}
