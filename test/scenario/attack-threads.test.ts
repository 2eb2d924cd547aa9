// Attack 1 of issue 15: thread ids. /proc/TID/stat is readable although /proc lists no threads,
// and kill(TID) signals the whole process; the policy must judge the process a thread belongs
// to. Real processes, the real CLI: a python PID 1 (in a private PID namespace) with a second
// thread and a SIGTERM handler, a protected command reached by its thread, and Vigil itself
// reached by one of its own threads.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, until } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vigil-threads-'));
const children: ChildProcess[] = [];
const ENV = { ...process.env, LANG: 'C', NO_COLOR: '1', VIGIL_DATA_DIR: tmp, XDG_CONFIG_HOME: tmp };

after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

// A python process with a SIGTERM handler (it counts, it does not exit) and a second thread
// named `worker`; it prints {pid, tid} once the thread runs, then "TERM" for each SIGTERM.
const PYTHON_TARGET = `
import json, os, signal, sys, threading, time
comm = sys.argv[1] if len(sys.argv) > 1 else None
if comm:
    open('/proc/self/comm', 'w').write(comm)
signal.signal(signal.SIGTERM, lambda s, f: print('TERM', flush=True))
tid = []
ready = threading.Event()
def worker():
    tid.append(threading.get_native_id())
    open('/proc/self/task/%d/comm' % tid[0], 'w').write('worker')
    ready.set()
    time.sleep(600)
threading.Thread(target=worker, daemon=True).start()
ready.wait()
print(json.dumps({'pid': os.getpid(), 'tid': tid[0]}), flush=True)
while True:
    time.sleep(0.05)
`;

test('PID 1 by its thread (inside unshare -pf): refused as PID 1, the handler never runs', () => {
  // PID 1 of a fresh namespace: a python with a SIGTERM handler and a second thread. It runs
  // `vigil kill --yes TID` itself and reports whether a SIGTERM reached it.
  const script = join(tmp, 'init.py');
  writeFileSync(
    script,
    `import json, os, signal, subprocess, sys, threading, time
got = []
signal.signal(signal.SIGTERM, lambda s, f: got.append(s))
tid = []
ready = threading.Event()
def worker():
    tid.append(threading.get_native_id()); ready.set(); time.sleep(600)
threading.Thread(target=worker, daemon=True).start()
ready.wait()
r = subprocess.run([${JSON.stringify(process.execPath)}, ${JSON.stringify(CLI)}, 'kill', '--yes', str(tid[0])],
                   capture_output=True, text=True)
time.sleep(0.5)  # a signal sent would have been handled by now
print(json.dumps({'pid': os.getpid(), 'tid': tid[0], 'rc': r.returncode, 'stdout': r.stdout,
                  'stderr': r.stderr, 'term': len(got)}))
`,
  );
  const res = spawnSync('unshare', ['-pf', '--mount-proc', 'python3', script], {
    encoding: 'utf8',
    timeout: 60_000,
    env: ENV,
  });
  assert.equal(res.status, 0, res.stderr);
  const out = JSON.parse(res.stdout.trim().split('\n').at(-1)!) as {
    pid: number;
    tid: number;
    rc: number;
    stdout: string;
    stderr: string;
    term: number;
  };
  assert.equal(out.pid, 1, 'python is the namespace’s PID 1');
  assert.notEqual(out.tid, 1);
  assert.equal(out.term, 0, `PID 1 got a SIGTERM through its thread: ${out.stdout} ${out.stderr}`);
  assert.equal(out.rc, 1, out.stderr);
  assert.match(
    out.stderr,
    new RegExp(
      `refused: TID ${out.tid} is a thread of PID 1 \\(python3\\): PID 1 \\(init\\) is never signalled`,
    ),
  );
});

test('a protected command by its thread: refused, named as the process, the handler never runs', async () => {
  const config = join(tmp, 'protected.toml');
  writeFileSync(config, '[allowlist]\nprotected_commands = ["vigilprot"]\n');
  const child = spawn('python3', ['-c', PYTHON_TARGET, 'vigilprot'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  assert.ok(await until(() => out.includes('"tid"'), 10_000), 'the target started its thread');
  const { pid, tid } = JSON.parse(out.split('\n')[0]!) as { pid: number; tid: number };
  assert.notEqual(tid, pid);
  // What the thread looks like on its own: not the protected name.
  const r = spawnSync(process.execPath, [CLI, 'kill', '--yes', '--config', config, String(tid)], {
    encoding: 'utf8',
    env: ENV,
    timeout: 30_000,
  });
  await new Promise((res) => setTimeout(res, 500));
  assert.doesNotMatch(out, /TERM/, 'the protected process got a SIGTERM through its thread');
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    new RegExp(
      `refused: TID ${tid} is a thread of PID ${pid} \\(vigilprot\\): name 'vigilprot' of pid ${pid} matches the protected command pattern 'vigilprot'`,
    ),
  );
  // The same process by its own pid: the same refusal, without the thread note.
  const byPid = spawnSync(process.execPath, [CLI, 'kill', '--yes', '--config', config, String(pid)], {
    encoding: 'utf8',
    env: ENV,
  });
  assert.equal(byPid.status, 1);
  assert.match(byPid.stderr, /refused: name 'vigilprot'/);
});

test('Vigil itself by one of its threads (`vigil kill --yes $(($$+1))` from an exec): refused as itself', () => {
  // In a fresh PID namespace pids are handed out in order: sh is 1, the inner sh 2 (it execs
  // node, keeping pid 2), node's first thread 3 = $$+1.
  const node = JSON.stringify(process.execPath);
  const cli = JSON.stringify(CLI);
  const res = spawnSync(
    'unshare',
    ['-pf', '--mount-proc', 'sh', '-c', `sh -c 'exec ${node} ${cli} kill --yes $(($$+1))'; echo "rc=$?"`],
    { encoding: 'utf8', timeout: 60_000, env: ENV },
  );
  assert.match(res.stdout, /rc=1\n/, `vigil killed itself or failed otherwise: ${res.stdout} ${res.stderr}`);
  assert.match(res.stderr, /refused: TID 3 is a thread of PID 2 \(.+\): this is Vigil itself/);
});
