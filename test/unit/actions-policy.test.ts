// The safety policy against real processes: PID 1 (inside a private PID namespace, never the real
// init), protected globs, Vigil's ancestors, another user's process, PID reuse, kernel threads.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { actionDeps, checkPolicy, classifySafe, requestSignal } from '../../src/actions/index.ts';
import { killTargets } from '../../src/actions/kill.ts';
import { parseSignal, sendSignal } from '../../src/actions/signal.ts';
import type { ActionRecord } from '../../src/actions/types.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import type { VigilConfig } from '../../src/config/types.ts';
import { globToRegExp } from '../../src/core/glob.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { Alert } from '../../src/core/types.ts';
import { readFacts } from '../../src/proc/read.ts';
import { until } from '../helpers/cli.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const children: ChildProcess[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'vigil-policy-'));

function config(patch: (c: VigilConfig) => void = () => {}): VigilConfig {
  const c = defaultConfig({ LANG: 'C' });
  c.notifications.log_file = join(tmp, 'vigil.log');
  patch(c);
  return c;
}

function startSleep(args: string[] = ['60'], opts: { argv0?: string; command?: string } = {}): ChildProcess {
  const child = spawn(opts.command ?? 'sleep', args, {
    stdio: 'ignore',
    ...(opts.argv0 ? { argv0: opts.argv0 } : {}),
  });
  children.push(child);
  return child;
}

function alive(pid: number): boolean {
  const f = readFacts({ proc: '/proc', sys: '/sys', dev: '/dev' }, pid);
  return f !== null && f.state !== 'Z';
}

function deps(c: VigilConfig, extra: { alerts?: Alert[]; records?: ActionRecord[] } = {}) {
  return actionDeps({
    config: c,
    log: memoryLogger(),
    activeAlerts: () => extra.alerts ?? [],
    ...(extra.records ? { recorder: (r: ActionRecord) => void extra.records!.push(r) } : {}),
  });
}

after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

describe('PID 1', () => {
  test('is refused by every origin and signal, even with protected_pids emptied (inside unshare -pf)', () => {
    // The script runs as a child of the namespace's PID 1 (a sh that waits for it).
    const script = join(tmp, 'pid1.ts');
    writeFileSync(
      script,
      `import { actionDeps, requestSignal } from ${JSON.stringify(join(ROOT, 'src/actions/index.ts'))};
import { defaultConfig } from ${JSON.stringify(join(ROOT, 'src/config/defaults.ts'))};
import { memoryLogger } from ${JSON.stringify(join(ROOT, 'src/core/log.ts'))};
const c = defaultConfig({ LANG: 'C' });
c.allowlist.protected_pids = [];
c.allowlist.protected_commands = [];
c.general.mode = 'auto';
c.notifications.log_file = ${JSON.stringify(join(tmp, 'ns.log'))};
const alerts = [{ id: 'a1', rule: 'ghost_process_storm', severity: 'high', state: 'firing', since: '', message: '', subject: { pids: [1] }, suggestedCommand: null }];
const d = actionDeps({ config: c, log: memoryLogger(), activeAlerts: () => alerts });
const out = [];
for (const origin of ['cli', 'tui', 'auto', 'ai']) for (const signal of ['KILL', 'TERM', 'STOP']) {
  const r = await requestSignal({ pid: 1, origin, signal, alertId: 'a1', tree: true }, d);
  out.push({ origin, signal, outcome: r.outcome, code: r.code, myPid: process.pid });
}
console.log(JSON.stringify(out));
`,
    );
    const node = process.execPath;
    const res = spawnSync(
      'unshare',
      ['-pf', '--mount-proc', 'sh', '-c', `"${node}" "${script}"; echo "init-alive:$$"`],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    assert.equal(res.status, 0, res.stderr);
    const lines = res.stdout.trim().split('\n');
    const results = JSON.parse(lines[0]!) as { outcome: string; code: string; myPid: number }[];
    assert.equal(results.length, 12);
    assert.notEqual(results[0]!.myPid, process.pid, 'the script ran in its own PID namespace');
    for (const r of results) assert.deepEqual([r.outcome, r.code], ['refused', 'pid1']);
    // The namespace's init (the sh) survived every attempt and printed its pid: 1.
    assert.equal(lines[1], 'init-alive:1');
  });
});

describe('protected processes', () => {
  test('a protected_commands glob matching comm (a symlinked binary) is refused', async () => {
    const link = join(tmp, 'dbus-fakeproc');
    symlinkSync('/bin/sleep', link);
    const child = startSleep(['60'], { command: link });
    await until(() => readFacts({ proc: '/proc', sys: '', dev: '' }, child.pid!)?.name === 'dbus-fakeproc');
    const records: ActionRecord[] = [];
    const r = await requestSignal(
      { pid: child.pid!, origin: 'cli', signal: 'KILL' },
      deps(config(), { records }),
    );
    assert.equal(r.outcome, 'refused');
    assert.equal(r.code, 'protected_command');
    assert.match(r.reason, /dbus\*/);
    assert.ok(alive(child.pid!));
    assert.equal(records.length, 1);
    assert.equal(records[0]!.outcome, 'refused');
  });

  test('a glob matching argv[0] basename only (comm differs) is refused', async () => {
    const child = startSleep(['60'], { argv0: '/usr/sbin/sshd' });
    await until(() => readFacts({ proc: '/proc', sys: '', dev: '' }, child.pid!)?.argv0 === 'sshd');
    const facts = readFacts({ proc: '/proc', sys: '', dev: '' }, child.pid!)!;
    assert.equal(facts.name, 'sleep');
    const r = await requestSignal({ pid: child.pid!, origin: 'tui', signal: 'KILL' }, deps(config()));
    assert.deepEqual([r.outcome, r.code], ['refused', 'protected_command']);
    assert.ok(alive(child.pid!));
  });

  test('protected_pids from the config are refused', async () => {
    const child = startSleep();
    const r = await requestSignal(
      { pid: child.pid!, origin: 'cli', signal: 'KILL' },
      deps(config((c) => c.allowlist.protected_pids.push(child.pid!))),
    );
    assert.deepEqual([r.outcome, r.code], ['refused', 'protected_pid']);
    assert.ok(alive(child.pid!));
  });

  test('Vigil itself and its ancestors (the test runner, its shell) are refused; SIGCONT so a bug harms nothing', async () => {
    const d = deps(config());
    const self = await requestSignal({ pid: process.pid, origin: 'cli', signal: 'CONT' }, d);
    assert.deepEqual([self.outcome, self.code], ['refused', 'self']);
    const parent = await requestSignal({ pid: process.ppid, origin: 'cli', signal: 'CONT' }, d);
    assert.deepEqual([parent.outcome, parent.code], ['refused', 'ancestor']);
    // --tree on an ancestor is refused at its root.
    const tree = checkPolicy({ pid: process.ppid, origin: 'tui', signal: 'CONT', tree: true }, d);
    assert.equal(tree.code, 'ancestor');
  });

  test('a tree containing Vigil is refused as a whole', async () => {
    // A bash whose child is a node process running the policy check on its own ancestors.
    const res = spawnSync(
      'bash',
      [
        '-c',
        `sleep 60 & SL=$!; "${process.execPath}" --input-type=module -e '
import { actionDeps, requestSignal } from ${JSON.stringify(join(ROOT, 'src/actions/index.ts'))};
import { defaultConfig } from ${JSON.stringify(join(ROOT, 'src/config/defaults.ts'))};
import { memoryLogger } from ${JSON.stringify(join(ROOT, 'src/core/log.ts'))};
const c = defaultConfig({ LANG: "C" }); c.notifications.log_file = ${JSON.stringify(join(tmp, 't.log'))};
const r = await requestSignal({ pid: process.ppid, origin: "cli", signal: "TERM", tree: true }, actionDeps({ config: c, log: memoryLogger() }));
console.log(JSON.stringify({ outcome: r.outcome, code: r.code }));
'; kill $SL`,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    assert.equal(res.status, 0, res.stderr);
    assert.deepEqual(JSON.parse(res.stdout), { outcome: 'refused', code: 'ancestor' });
  });

  test('a kernel thread (kthreadd, pid 2) is refused', () => {
    const f = readFacts({ proc: '/proc', sys: '', dev: '' }, 2);
    assert.ok(f, 'pid 2 exists on Linux');
    const d = checkPolicy({ pid: 2, origin: 'cli', signal: 'CONT' }, deps(config()));
    assert.equal(d.code, 'kernel_thread');
  });
});

describe('auto mode', () => {
  let user = '';
  before(() => {
    user = `vgt${process.pid}`;
    execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', user]);
  });
  after(() => {
    spawnSync('pkill', ['-KILL', '-u', user]);
    spawnSync('userdel', [user]);
  });

  test("another user's process is refused in auto even when it is an orphaned storm subject", async () => {
    // runuser → sleep as the throwaway user; kill runuser so the sleep is an orphan under PID 1.
    const launcher = spawn('bash', ['-c', `runuser -u ${user} -- sleep 60 & echo $!; wait`], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(launcher);
    const runuserPid = await new Promise<number>((resolve) =>
      launcher.stdout!.once('data', (b: Buffer) => resolve(Number(String(b).trim()))),
    );
    let sleepPid = 0;
    await until(() => {
      const out = spawnSync('pgrep', ['-u', user, '-x', 'sleep'], { encoding: 'utf8' }).stdout.trim();
      sleepPid = Number(out.split('\n')[0]);
      return sleepPid > 0;
    });
    assert.ok(sleepPid > 0, 'the other user’s sleep started');
    const facts = readFacts({ proc: '/proc', sys: '', dev: '' }, sleepPid)!;
    assert.notEqual(facts.uid, 0);
    void runuserPid;
    const alert: Alert = {
      id: 'storm-1',
      rule: 'ghost_process_storm',
      severity: 'high',
      state: 'firing',
      since: new Date().toISOString(),
      message: 'storm',
      subject: { pids: [sleepPid], cmdline: 'sleep 60' },
      suggestedCommand: null,
    };
    const records: ActionRecord[] = [];
    const r = await requestSignal(
      { pid: sleepPid, origin: 'auto', alertId: 'storm-1', signal: 'TERM' },
      deps(
        config((c) => (c.general.mode = 'auto')),
        { alerts: [alert], records },
      ),
    );
    assert.deepEqual([r.outcome, r.code], ['refused', 'other_user']);
    assert.ok(alive(sleepPid));
    assert.equal(records[0]?.type, 'kill_process');
    // The same process from the CLI (root) is allowed: the same-user rule is auto's alone.
    const cli = checkPolicy({ pid: sleepPid, origin: 'cli' }, deps(config()));
    assert.equal(cli.allowed, true);
  });

  test('EPERM is explained: "owned by another user; run as root"', () => {
    const target = startSleep();
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
    const res = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `process.setgid(${uid}); process.setuid(${uid});
const { actionDeps, requestSignal } = await import(${JSON.stringify(join(ROOT, 'src/actions/index.ts'))});
const { defaultConfig } = await import(${JSON.stringify(join(ROOT, 'src/config/defaults.ts'))});
const { memoryLogger } = await import(${JSON.stringify(join(ROOT, 'src/core/log.ts'))});
const c = defaultConfig({ LANG: 'C' }); c.notifications.log_file = '/nonexistent/x.log';
const r = await requestSignal({ pid: ${target.pid}, origin: 'cli', signal: 'TERM' }, actionDeps({ config: c, log: memoryLogger() }));
console.log(JSON.stringify({ outcome: r.outcome, code: r.code, reason: r.reason }));`,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    assert.equal(res.status, 0, res.stderr);
    const out = JSON.parse(res.stdout);
    assert.deepEqual([out.outcome, out.code], ['failed', 'eperm']);
    assert.match(out.reason, /owned by another user; run as root/);
    assert.ok(alive(target.pid!));
  });

  test('an orphaned storm subject of the same user is killed; a non-orphan, a non-subject and observe mode are not', async () => {
    const bash = spawnSync('bash', ['-c', 'sleep 60 >/dev/null 2>&1 & echo $!'], { encoding: 'utf8' });
    const orphan = Number(bash.stdout.trim());
    await until(() => readFacts({ proc: '/proc', sys: '', dev: '' }, orphan)?.ppid === 1);
    const kept = startSleep(); // parent: this test process, so not an orphan
    const other = startSleep();
    const alert: Alert = {
      id: 'storm-2',
      rule: 'ghost_process_storm',
      severity: 'high',
      state: 'firing',
      since: new Date().toISOString(),
      message: 'storm',
      subject: { pids: [orphan, kept.pid!] },
      suggestedCommand: null,
    };
    const auto = config((c) => (c.general.mode = 'auto'));
    const observe = config();
    const req = (pid: number) => ({ pid, origin: 'auto' as const, alertId: 'storm-2' });
    assert.equal(checkPolicy(req(orphan), deps(observe, { alerts: [alert] })).code, 'mode');
    assert.equal(checkPolicy(req(kept.pid!), deps(auto, { alerts: [alert] })).code, 'not_safe');
    assert.equal(checkPolicy(req(other.pid!), deps(auto, { alerts: [alert] })).code, 'not_alert_subject');
    assert.equal(checkPolicy(req(orphan), deps(auto, { alerts: [] })).code, 'no_alert');
    assert.equal(
      checkPolicy(req(orphan), deps(auto, { alerts: [{ ...alert, rule: 'duplicate_processes' }] })).code,
      'not_safe',
    );
    const dry = await requestSignal({ ...req(orphan), dryRun: true }, deps(auto, { alerts: [alert] }));
    assert.equal(dry.outcome, 'dry_run');
    assert.ok(alive(orphan));
    const r = await requestSignal(req(orphan), deps(auto, { alerts: [alert] }));
    assert.deepEqual([r.outcome, r.code], ['exited', 'ok']);
    assert.ok(await until(() => !alive(orphan)));
    assert.ok(alive(kept.pid!));
  });
});

describe('PID reuse', () => {
  test('a start time different from the one decided on is refused before and at signal time', async () => {
    const child = startSleep();
    const facts = readFacts({ proc: '/proc', sys: '', dev: '' }, child.pid!)!;
    const r = await requestSignal(
      { pid: child.pid!, startTicks: facts.startTicks - 1, origin: 'tui', signal: 'KILL' },
      deps(config()),
    );
    assert.deepEqual([r.outcome, r.code], ['refused', 'pid_reused']);
    assert.ok(alive(child.pid!));
    // Between decision and signal: the policy allowed it, then the identity changed.
    const allowed = checkPolicy(
      { pid: child.pid!, startTicks: facts.startTicks, origin: 'cli' },
      deps(config()),
    );
    assert.equal(allowed.allowed, true);
    const report = await killTargets('/proc', [{ pid: child.pid!, startTicks: facts.startTicks + 7 }], 9, {
      effect: 'exit',
      waitMs: 0,
    });
    assert.deepEqual(report.results[0]!.result, { outcome: 'refused', code: 'pid_reused' });
    assert.deepEqual(sendSignal('/proc', child.pid!, facts.startTicks + 1, 9), {
      outcome: 'refused',
      code: 'pid_reused',
    });
    assert.ok(alive(child.pid!));
    // With the right identity it goes through.
    assert.equal(sendSignal('/proc', child.pid!, facts.startTicks, 15).outcome, 'sent');
    assert.ok(await until(() => !alive(child.pid!)));
  });

  test('a vanished pid has failed with code esrch, never an error', async () => {
    const child = startSleep(['0']);
    await new Promise((r) => child.once('exit', r));
    const r = await requestSignal({ pid: child.pid!, origin: 'cli' }, deps(config()));
    assert.deepEqual([r.outcome, r.code], ['failed', 'esrch']);
  });
});

describe('pure parts', () => {
  test('globs', () => {
    assert.ok(globToRegExp('dbus*').test('dbus-daemon'));
    assert.ok(!globToRegExp('dbus*').test('xdbus'));
    assert.ok(globToRegExp('ss?d').test('sshd'));
    assert.ok(globToRegExp('[st]ystemd').test('systemd'));
    assert.ok(!globToRegExp('[!s]ystemd').test('systemd'));
    assert.ok(globToRegExp('a.b(c)').test('a.b(c)'));
    assert.ok(!globToRegExp('a.b').test('axb'));
  });

  test('signals', () => {
    assert.deepEqual(parseSignal('term'), { name: 'SIGTERM', number: 15 });
    assert.deepEqual(parseSignal('SIGKILL'), { name: 'SIGKILL', number: 9 });
    assert.deepEqual(parseSignal(1), { name: 'SIGHUP', number: 1 });
    assert.equal(parseSignal('0'), null);
    assert.equal(parseSignal('BOGUS'), null);
  });

  test('a fixture proc root never signals', () => {
    const d = actionDeps({
      config: config(),
      log: memoryLogger(),
      roots: { proc: tmp, sys: '/sys', dev: '/dev' },
    });
    assert.equal(checkPolicy({ pid: process.pid + 100000, origin: 'cli' }, d).code, 'fixture_root');
  });

  test('classifySafe only accepts orphaned, running/sleeping ghost storm members', () => {
    const alert = { rule: 'ghost_process_storm' } as Alert;
    const base = readFacts({ proc: '/proc', sys: '', dev: '' }, process.pid)!;
    assert.equal(classifySafe(alert, { ...base, ppid: 1, state: 'S' }).safe, true);
    assert.equal(classifySafe(alert, { ...base, ppid: 55, state: 'S' }).safe, false);
    assert.equal(classifySafe(alert, { ...base, ppid: 1, state: 'Z' }).safe, false);
    assert.equal(classifySafe({ rule: 'orphan_cpu' } as Alert, { ...base, ppid: 1, state: 'R' }).safe, false);
  });

  test('every decision lands in the JSON log with its reason', async () => {
    const log = join(tmp, 'decisions.log');
    const { createJsonLog } = await import('../../src/actions/notifiers/jsonlog.ts');
    const jsonLog = createJsonLog({ path: log, log: memoryLogger() });
    const d = actionDeps({ config: config(), log: memoryLogger(), jsonLog });
    await requestSignal({ pid: 1, origin: 'cli' }, d);
    await requestSignal({ pid: process.pid, origin: 'tui', signal: 'CONT' }, d);
    await jsonLog.flush();
    const lines = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 2);
    assert.equal(lines[0].event, 'action');
    assert.deepEqual(
      lines.map((l) => [l.action.target, l.action.outcome, l.action.code]),
      [
        [1, 'refused', 'pid1'],
        [process.pid, 'refused', 'self'],
      ],
    );
    assert.match(lines[0].action.reason, /PID 1/);
  });

  test('process.kill appears in exactly one product file: src/actions/signal.ts', () => {
    const hits: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) walk(rel);
        else if (e.name.endsWith('.ts') && /process\.kill\s*\(/.test(readFileSync(join(ROOT, rel), 'utf8')))
          hits.push(rel);
      }
    };
    for (const d of ['src', 'screens']) if (existsSync(join(ROOT, d))) walk(d);
    assert.deepEqual(hits, ['src/actions/signal.ts']);
  });
});

describe('thread ids and AI proposals', () => {
  /** A python process with a second thread; resolves to {pid, tid}. */
  async function threaded(): Promise<{ child: ChildProcess; pid: number; tid: number }> {
    const child = spawn(
      'python3',
      [
        '-c',
        'import json,os,threading,time\nt=[]\ne=threading.Event()\ndef w():\n t.append(threading.get_native_id()); e.set(); time.sleep(600)\nthreading.Thread(target=w,daemon=True).start()\ne.wait()\nprint(json.dumps([os.getpid(),t[0]]),flush=True)\ntime.sleep(600)',
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    children.push(child);
    const line = await new Promise<string>((r) => child.stdout!.once('data', (b: Buffer) => r(String(b))));
    const [pid, tid] = JSON.parse(line) as [number, number];
    return { child, pid, tid };
  }

  test('a thread id is judged and signalled as its process, and said so', async () => {
    const { pid, tid } = await threaded();
    const d = deps(config());
    const info = (await import('../../src/actions/index.ts')).inspectTarget(tid, d);
    assert.deepEqual([info?.pid, info?.tid], [pid, tid]);
    const allowed = checkPolicy({ pid: tid, origin: 'cli', signal: 'CONT' }, d);
    assert.equal(allowed.allowed, true);
    assert.match(allowed.reason, new RegExp(`^TID ${tid} is a thread of PID ${pid} \\(python3\\): allowed$`));
    const records: ActionRecord[] = [];
    const r = await requestSignal({ pid: tid, origin: 'cli', signal: 'STOP' }, deps(config(), { records }));
    assert.deepEqual([r.outcome, r.pids], ['stopped', [pid]]);
    assert.deepEqual([records[0]?.pid, records[0]?.tid], [pid, tid]);
    const c = await requestSignal({ pid: tid, origin: 'cli', signal: 'CONT' }, d);
    assert.equal(c.outcome, 'continued');
  });

  test('origin ai: only the process explained or a firing alert’s subjects, whatever the model said', async () => {
    const explained = startSleep();
    const other = startSleep();
    const d = deps(config());
    const ai = (pid: number) =>
      checkPolicy({ pid, origin: 'ai', confirmed: true, explainedPid: explained.pid! }, d);
    assert.equal(ai(explained.pid!).allowed, true);
    const refused = ai(other.pid!);
    assert.equal(refused.code, 'not_ai_subject');
    assert.match(refused.reason, /neither the process explained nor a subject of a firing alert/);
    // A subject of the firing alert explained is in scope too.
    const alert: Alert = {
      id: 'dup-1',
      rule: 'duplicate_processes',
      severity: 'medium',
      state: 'firing',
      since: new Date().toISOString(),
      message: 'dups',
      subject: { pids: [other.pid!] },
      suggestedCommand: null,
    };
    const withAlert = deps(config(), { alerts: [alert] });
    const r = checkPolicy(
      { pid: other.pid!, origin: 'ai', confirmed: true, explainedPid: explained.pid!, alertId: 'dup-1' },
      withAlert,
    );
    assert.equal(r.allowed, true);
    // Not confirmed by a person: the auto rules apply too (mode auto first).
    const auto = checkPolicy({ pid: explained.pid!, origin: 'ai', explainedPid: explained.pid! }, d);
    assert.equal(auto.code, 'mode');
  });

  test('VIGIL_AUTO_DRY_RUN=1 makes every ai and auto request a dry run, whoever builds it', async () => {
    const s = startSleep();
    const records: ActionRecord[] = [];
    const d = actionDeps({
      config: config(),
      log: memoryLogger(),
      env: { VIGIL_AUTO_DRY_RUN: '1' },
      recorder: (r) => void records.push(r),
    });
    const r = await requestSignal({ pid: s.pid!, origin: 'ai', confirmed: true, explainedPid: s.pid! }, d);
    assert.deepEqual([r.outcome, records[0]?.dryRun], ['dry_run', true]);
    assert.ok(alive(s.pid!));
    // A person's own kill (cli, tui) is not an automatic one: the switch does not apply.
    const cli = await requestSignal({ pid: s.pid!, origin: 'cli', signal: 'CONT' }, d);
    assert.equal(cli.outcome, 'continued');
  });
});
