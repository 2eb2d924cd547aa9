// The process-inspection module (src/proc/): the pure parsers, then the on-demand reads against
// the fixture tree, a hand-made tree (threads, a ppid cycle), and real processes spawned here.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, uptime, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  argv0FromBytes,
  cmdlineFromBytes,
  isKernelThread,
  parseBootTime,
  parsePidStat,
  parseStatusTgid,
} from '../../src/proc/parse.ts';
import { bootTimeSec, PAGE_SIZE, readCmdline, readFacts, readPidStat, tgidOf } from '../../src/proc/read.ts';
import { ancestorsOf, childrenMap, descendantsOf } from '../../src/proc/tree.ts';
import { userResolver } from '../../src/proc/users.ts';
import { exited, until } from '../helpers/cli.ts';

const FIXTURE = { proc: fileURLToPath(new URL('../fixtures/proc/basic', import.meta.url)) };
const LIVE = { proc: '/proc', sys: '/sys', dev: '/dev' };
const tmp = mkdtempSync(join(tmpdir(), 'vigil-proc-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const statLine = (pid: number, name: string, ppid: number, start = 100) =>
  `${pid} (${name}) S ${ppid} ${pid} ${pid} 0 -1 4194304 0 0 0 0 5 5 0 0 20 0 1 0 ${start} 1000 10 0\n`;

describe('pure parsers', () => {
  test('cmdline: NULs between arguments become spaces, trailing ones go, text is sanitised', () => {
    const cases: [string, string, string][] = [
      ['python3\0mcp_server.py\0--port\x008080\0', 'python3 mcp_server.py --port 8080', 'python3'],
      ['/usr/bin/node\0/srv/app.js\0\0\0', '/usr/bin/node /srv/app.js', 'node'],
      ['no-nul-at-all', 'no-nul-at-all', 'no-nul-at-all'],
      ['', '', ''],
      ['\0\0', '', ''],
      ['\0second', ' second', ''],
      ['sh\0-c\0echo \x1b[2J\x1b]52;c;aGk=\x07done\0', 'sh -c echo done', 'sh'],
      ['/opt/a b/tool\0x', '/opt/a b/tool x', 'tool'],
    ];
    for (const [raw, cmdline, argv0] of cases) {
      const b = Buffer.from(raw, 'latin1');
      assert.equal(cmdlineFromBytes(b, b.length), cmdline, JSON.stringify(raw));
      assert.equal(argv0FromBytes(b, b.length), argv0, JSON.stringify(raw));
    }
    // Only bytes [0, len) count; UTF-8 is decoded, a sequence cut by a NUL becomes U+FFFD.
    const b = Buffer.concat([Buffer.from('caf\u00e9\0x', 'utf8'), Buffer.from('\0IGNORED')]);
    assert.equal(cmdlineFromBytes(b, 7), 'caf\u00e9 x');
    const cut = Buffer.from([0x61, 0xe2, 0x82, 0x00, 0x62]);
    assert.equal(cmdlineFromBytes(cut, cut.length), 'a\ufffd b');
    assert.equal(argv0FromBytes(cut, cut.length), 'a\ufffd');
  });

  test('Tgid from /proc/ID/status', () => {
    assert.equal(
      parseStatusTgid('Name:\tnode\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\nNgid:\t0\nPid:\t4250\n'),
      4242,
    );
    assert.equal(parseStatusTgid('Tgid: 7'), 7);
    assert.equal(parseStatusTgid('Name:\tx\nPid:\t9\n'), null);
    assert.equal(parseStatusTgid(''), null);
  });

  test('boot time from /proc/stat: the btime line, 0 without one', () => {
    assert.equal(parseBootTime('cpu  1 2 3 4\nintr 5\nbtime 1764067000\nprocesses 9\n'), 1764067000);
    assert.equal(parseBootTime('cpu  1 2 3 4\nbtime 1764067000'), 1764067000);
    assert.equal(parseBootTime('btime 12\ncpu 1\n'), 12);
    assert.equal(parseBootTime('btime 1\nbtime 2\n'), 2, 'the last line wins, as in parseProcStat');
    assert.equal(parseBootTime('cpu 1\nxbtime 5\n'), 0);
    assert.equal(parseBootTime('btime nope\n'), 0);
    assert.equal(parseBootTime(''), 0);
  });

  test('kernel threads by PF_KTHREAD', () => {
    assert.equal(
      isKernelThread(parsePidStat(statLine(2, 'kthreadd', 0).replace('4194304', '2129984'))!.flags),
      true,
    );
    assert.equal(isKernelThread(4194304), false);
  });
});

describe('reads against the fixture tree', () => {
  test('readPidStat: comm as read, null for a vanished or absent pid', () => {
    const st = readPidStat(FIXTURE, 4242)!;
    assert.equal(st.name, 'my (weird) name');
    assert.equal(st.ppid, 1);
    assert.equal(st.startTicks, 54988);
    assert.equal(readPidStat(FIXTURE, 5000), null, 'a directory without stat');
    assert.equal(readPidStat(FIXTURE, 999), null);
  });

  test('readFacts: every field of one pid', () => {
    const uid = statSync(join(FIXTURE.proc, '4242')).uid;
    assert.deepEqual(readFacts(FIXTURE, 4242), {
      pid: 4242,
      ppid: 1,
      uid,
      name: 'my (weird) name',
      cmdline: 'python3 mcp_server.py --port 8080',
      argv0: 'python3',
      state: 'R',
      startTicks: 54988,
      rssBytes: 2560 * PAGE_SIZE,
      threads: 3,
      kernelThread: false,
      cpuTicks: 300,
    });
    assert.equal(readFacts(FIXTURE, 4242, 65536)!.rssBytes, 2560 * 65536);
    const init = readFacts(FIXTURE, 1)!;
    assert.equal(init.argv0, 'init');
    assert.equal(init.cmdline, '/sbin/init splash');
    const kthread = readFacts(FIXTURE, 2)!;
    assert.equal(kthread.kernelThread, true);
    assert.deepEqual([kthread.cmdline, kthread.argv0], ['', '']);
    const zombie = readFacts(FIXTURE, 4301)!;
    assert.deepEqual([zombie.state, zombie.ppid, zombie.cmdline], ['Z', 4300, '']);
    const evil = readFacts(FIXTURE, 4400)!;
    assert.equal(evil.name, 'evilx');
    assert.ok(!/[\u0000-\u001f\u007f-\u009f]/.test(evil.cmdline), JSON.stringify(evil.cmdline));
    assert.match(evil.cmdline, /^sh -c echo .*done$/);
    for (const bad of [0, -1, 1.5, Number.NaN, 999, 5000])
      assert.equal(readFacts(FIXTURE, bad), null, String(bad));
  });

  test('readCmdline: the line, empty for kernel threads and absent pids', () => {
    assert.equal(readCmdline(FIXTURE, 4300), 'bash -c sleep 1000');
    assert.equal(readCmdline(FIXTURE, 2), '');
    assert.equal(readCmdline(FIXTURE, 999), '');
  });

  test('children, descendants (deepest first) and ancestors', () => {
    const map = childrenMap(FIXTURE);
    const sorted = (a: number[] | undefined) => [...(a ?? [])].sort((x, y) => x - y);
    assert.deepEqual(sorted(map.get(0)), [1, 2]);
    assert.deepEqual(sorted(map.get(1)), [4242, 4300, 4400]);
    assert.deepEqual(map.get(4300), [4301]);
    const desc = descendantsOf(1, map);
    assert.deepEqual(sorted(desc), [4242, 4300, 4301, 4400]);
    assert.ok(desc.indexOf(4301) < desc.indexOf(4300), 'a child before its parent');
    assert.deepEqual(descendantsOf(4301, map), []);
    assert.deepEqual(ancestorsOf(FIXTURE, 4301), [4301, 4300, 1]);
    assert.deepEqual(ancestorsOf(FIXTURE, 4301, 2), [4301, 4300]);
    assert.deepEqual(ancestorsOf(FIXTURE, 2), [2]);
    assert.deepEqual(ancestorsOf(FIXTURE, 999), []);
    assert.deepEqual(childrenMap({ proc: join(tmp, 'nowhere') }).size, 0);
  });

  test('boot time of the fixture', () => {
    assert.equal(bootTimeSec(FIXTURE), 1764067000);
    assert.equal(bootTimeSec({ proc: join(tmp, 'nowhere') }), 0);
  });
});

describe('reads against a hand-made tree', () => {
  const root = { proc: join(tmp, 'tree') };
  cpSync(FIXTURE.proc, root.proc, { recursive: true });
  const write = (pid: number, file: string, text: string) => {
    mkdirSync(join(root.proc, String(pid)), { recursive: true });
    writeFileSync(join(root.proc, String(pid), file), text);
  };
  write(4242, 'status', 'Name:\tpython3\nTgid:\t4242\nPid:\t4242\nPPid:\t1\n');
  // A thread of 4242: readable by id although /proc does not list threads.
  write(4243, 'status', 'Name:\tpython3\nTgid:\t4242\nPid:\t4243\nPPid:\t1\n');
  // A ppid chain that loops (read across a pid reuse): the walk stops.
  write(7, 'stat', statLine(7, 'a', 8));
  write(8, 'stat', statLine(8, 'b', 7));

  test('tgidOf: a process is its own, a thread names its process, gone is null', () => {
    assert.equal(tgidOf(root, 4242), 4242);
    assert.equal(tgidOf(root, 4243), 4242);
    assert.equal(tgidOf(root, 4300), null, 'no status file');
    assert.equal(tgidOf(root, 999), null);
  });

  test('ancestorsOf ends at a pid met twice', () => {
    assert.deepEqual(ancestorsOf(root, 7), [7, 8]);
    assert.deepEqual(descendantsOf(7, childrenMap(root)), [8]);
  });

  test('userResolver: names from a passwd file, the number otherwise', () => {
    const passwd = join(tmp, 'passwd');
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\ndev:x:1000:1000::/home/dev:/bin/sh\n');
    const userOf = userResolver(passwd);
    assert.deepEqual([userOf(0), userOf(1000), userOf(4321)], ['root', 'dev', '4321']);
    assert.equal(userResolver(join(tmp, 'no-passwd'))(0), '0');
  });
});

describe('reads against the live /proc', () => {
  const spawned: ChildProcess[] = [];
  after(() => {
    for (const c of spawned) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  test('a shell and its sleeping child: facts, tree, ancestors; nothing once reaped', async () => {
    const sh = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
    spawned.push(sh);
    const pid = sh.pid!;
    let sleepPid = 0;
    assert.ok(
      await until(() => {
        sleepPid = childrenMap(LIVE).get(pid)?.[0] ?? 0;
        return sleepPid > 0 && readFacts(LIVE, sleepPid)?.argv0 === 'sleep';
      }),
      'the sleep child appears',
    );
    const facts = readFacts(LIVE, pid)!;
    assert.equal(facts.pid, pid);
    assert.equal(facts.ppid, process.pid);
    assert.equal(facts.uid, process.getuid!());
    assert.equal(facts.argv0, 'sh');
    assert.equal(facts.cmdline, 'sh -c sleep 30 & wait');
    assert.equal(facts.kernelThread, false);
    assert.equal(facts.threads, 1);
    assert.ok(facts.rssBytes > 0);
    assert.equal(facts.startTicks, readPidStat(LIVE, pid)!.startTicks);
    assert.equal(readCmdline(LIVE, sleepPid), 'sleep 30');

    const desc = descendantsOf(process.pid, childrenMap(LIVE));
    assert.ok(desc.indexOf(sleepPid) >= 0 && desc.indexOf(sleepPid) < desc.indexOf(pid), desc.join(' '));
    const up = ancestorsOf(LIVE, sleepPid);
    assert.deepEqual(up.slice(0, 3), [sleepPid, pid, process.pid]);
    const top = up[up.length - 1]!;
    assert.ok(top === 1 || readPidStat(LIVE, top)!.ppid === 0, `walk ends at ${top}`);

    process.kill(sleepPid, 'SIGKILL');
    await exited(sh);
    assert.equal(readFacts(LIVE, pid), null);
    assert.equal(readPidStat(LIVE, pid), null);
    assert.equal(tgidOf(LIVE, pid), null);
    assert.equal(readCmdline(LIVE, pid), '');
  });

  test('tgidOf: this process and its threads', () => {
    assert.equal(tgidOf(LIVE, process.pid), process.pid);
    const threads = readdirSync(`/proc/${process.pid}/task`).map(Number);
    const other = threads.find((t) => t !== process.pid);
    assert.ok(other, 'node runs more than one thread');
    assert.equal(tgidOf(LIVE, other), process.pid);
    assert.ok(readFacts(LIVE, process.pid)!.threads > 1);
  });

  test('boot time and user names of this machine', () => {
    const boot = bootTimeSec(LIVE);
    assert.ok(Math.abs(boot - (Date.now() / 1000 - uptime())) < 5, `btime ${boot}`);
    assert.equal(userResolver()(process.getuid!()), userInfo().username);
  });
});
