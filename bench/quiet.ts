// Quiet-machine bench: run the headless daemon (default thresholds) for N minutes, optionally
// while a workload runs beside it, and count the alerts it raises. A healthy machine must stay
// silent. Usage:
//   node bench/quiet.ts [--minutes 10] [--interval 1] [--workload npm-ci-tsc [--rounds N]] [--config FILE]
// Prints one JSON object with the figures (ticks, alerts fired/resolved by rule, workload time).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const minutes = Number(arg('minutes', '10'));
const interval = Number(arg('interval', '1'));
const workload = arg('workload', '');
const rounds = Number(arg('rounds', '1'));
const work = mkdtempSync(join(tmpdir(), 'vigil-quiet-'));
const configPath = arg('config', join(work, 'config.toml'));
if (!process.argv.includes('--config')) {
  // Defaults of SPEC §6; only the log file moves into the temp dir.
  writeFileSync(configPath, `[notifications]\ndesktop = false\nlog_file = "${join(work, 'vigil.log')}"\n`);
}

interface Fired {
  rule: string;
  severity: string;
  message: string;
  at: string;
}
const fired: Fired[] = [];
const resolvedCount: Record<string, number> = {};
let ticksSeen = 0;
let startedAt = 0;

const daemon = spawn(
  process.execPath,
  [
    join(root, 'src/cli/main.ts'),
    '--headless',
    '--interval',
    String(interval),
    '--config',
    configPath,
    '--data-dir',
    join(work, 'data'),
  ],
  { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, VIGIL_LOG_LEVEL: 'debug' } },
);
let buf = '';
daemon.stderr.setEncoding('utf8');
daemon.stderr.on('data', (chunk: string) => {
  buf += chunk;
  let nl = buf.indexOf('\n');
  while (nl >= 0) {
    const line = buf.slice(0, nl);
    buf = buf.slice(nl + 1);
    nl = buf.indexOf('\n');
    let e: { event?: string; alert?: { rule: string; severity: string; message: string } };
    try {
      e = JSON.parse(line);
    } catch {
      continue;
    }
    if (e.event === 'started') startedAt = Date.now();
    if (e.event === 'tick') ticksSeen++;
    if (e.event === 'alert fired' && e.alert) {
      fired.push({
        rule: e.alert.rule,
        severity: e.alert.severity,
        message: e.alert.message,
        at: new Date().toISOString(),
      });
      process.stderr.write(`FIRED ${e.alert.rule}: ${e.alert.message}\n`);
    }
    if (e.event === 'alert resolved' && e.alert)
      resolvedCount[e.alert.rule] = (resolvedCount[e.alert.rule] ?? 0) + 1;
  }
});

/** A temp copy of the repo (no node_modules, dist or data), then `npm ci` and `npx tsc`. */
async function npmCiTsc(): Promise<{ ok: boolean; seconds: number; steps: string[] }> {
  const t0 = Date.now();
  const dir = join(work, 'repo');
  const skip = new Set(['node_modules', 'dist', '.git']);
  for (const name of readdirSync(root)) {
    if (!skip.has(name)) cpSync(join(root, name), join(dir, name), { recursive: true });
  }
  const steps: string[] = [];
  let ok = true;
  const run = (cmd: string, args: string[]) =>
    new Promise<number>((res) => {
      const c = spawn(cmd, args, { cwd: dir, stdio: 'ignore' });
      c.on('exit', (code) => res(code ?? 1));
      c.on('error', () => res(127));
    });
  for (let i = 0; i < rounds; i++) {
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    const ci = await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund']);
    const tsc = await run(join(dir, 'node_modules/.bin/tsc'), ['-p', '.', '--noEmit']);
    steps.push(`round ${i + 1}: npm ci → exit ${ci}, tsc → exit ${tsc}`);
    ok &&= ci === 0;
  }
  return { ok, seconds: Math.round((Date.now() - t0) / 1000), steps };
}

// The workload starts once the daemon samples (its first ticks are the baseline).
while (ticksSeen < 3) await new Promise((r) => setTimeout(r, 100));
const started = Date.now();
const workResult = workload === 'npm-ci-tsc' ? npmCiTsc() : Promise.resolve(null);
const deadline = new Promise((r) => setTimeout(r, minutes * 60_000));
const wl = await Promise.all([workResult, deadline]).then(([w]) => w);
daemon.kill('SIGTERM');
await new Promise((r) => daemon.once('exit', r));
rmSync(work, { recursive: true, force: true });

const byRule: Record<string, number> = {};
for (const f of fired) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
process.stdout.write(
  JSON.stringify(
    {
      minutes,
      intervalSecs: interval,
      wallSeconds: Math.round((Date.now() - started) / 1000),
      daemonStarted: startedAt > 0,
      ticks: ticksSeen,
      alertsFired: fired.length,
      firedByRule: byRule,
      resolvedByRule: resolvedCount,
      workload: wl,
      fired,
    },
    null,
    2,
  ) + '\n',
);
