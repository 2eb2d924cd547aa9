import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseCpuinfoMhz, parseLoadavg, parseProcStat } from '../../src/collectors/cpu.ts';
import { memoryFromMeminfo, parseMeminfo, parsePressure } from '../../src/collectors/memory.ts';
import {
  bytesEqual,
  emptyPidStatFields,
  parsePasswd,
  parsePidStat,
  parsePidStatBytes,
  parseStatmResident,
} from '../../src/proc/parse.ts';

test('parsePidStat splits comm on the last parenthesis', () => {
  const cases: [string, string, string, number][] = [
    [
      '4242 (my (weird) name) R 1 4242 4242 34816 4242 4194304 99 0 0 0 250 50 0 0 20 0 3 0 54988 3133440 2560 0',
      'my (weird) name',
      'R',
      1,
    ],
    ['7 (a) b) c) S 3 7 7 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 100 0 10 0', 'a) b) c', 'S', 3],
    ['9 ( spaced  out ) Z 8 9 9 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0 0', ' spaced  out ', 'Z', 8],
    ['10 () I 2 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 20 0 0 0', '', 'I', 2],
  ];
  for (const [line, name, state, ppid] of cases) {
    const st = parsePidStat(line);
    assert.ok(st, line);
    assert.equal(st.name, name);
    assert.equal(st.state, state);
    assert.equal(st.ppid, ppid);
  }
  const st = parsePidStat(cases[0]![0])!;
  assert.equal(st.cpuTicks, 300);
  assert.equal(st.threads, 3);
  assert.equal(st.startTicks, 54988);
  assert.equal(st.rssPages, 2560);
  assert.equal(st.ttyNr, 34816);
});

test('parsePidStat refuses truncated or garbage lines', () => {
  assert.equal(parsePidStat(''), null);
  assert.equal(parsePidStat('12 (x'), null);
  assert.equal(parsePidStat('12 (x) S 1 2'), null);
  assert.equal(parsePidStat('abc (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22'), null);
});

test('parsePidStatBytes reads a stat line in place: negative fields, trailing newline, bad digits', () => {
  const line = '77 (x) S 1 77 77 0 -1 4194560 5 0 0 0 12 3 0 0 20 -5 2 0 900 4096 33 18446744073709551615\n';
  const b = Buffer.from(`${line}GARBAGE AFTER THE LENGTH`);
  const f = emptyPidStatFields();
  assert.equal(parsePidStatBytes(b, line.length, f), true);
  assert.deepEqual(
    { ...f },
    {
      pid: 77,
      state: 'S',
      ppid: 1,
      pgid: 77,
      sid: 77,
      ttyNr: 0,
      flags: 4194560,
      cpuTicks: 15,
      threads: 2,
      startTicks: 900,
      rssPages: 33,
      nameStart: 4,
      nameEnd: 5,
    },
  );
  assert.equal(bytesEqual(b, f.nameStart, f.nameEnd, 'x'), true);
  assert.equal(bytesEqual(b, f.nameStart, f.nameEnd, 'y'), false);
  assert.equal(bytesEqual(b, f.nameStart, f.nameEnd, 'xx'), false);
  // A letter where a number belongs, or a missing field, is not a stat line.
  const bad = Buffer.from('77 (x) S 1 77 7a 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 100 0 10 0');
  assert.equal(parsePidStatBytes(bad, bad.length, f), false);
  const short = Buffer.from(line.slice(0, line.indexOf(' 900')));
  assert.equal(parsePidStatBytes(short, short.length, f), false);
});

test('parsePidStatBytes agrees with a plain split of every live /proc/PID/stat', () => {
  const f = emptyPidStatFields();
  let compared = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let bytes: Buffer;
    try {
      bytes = readFileSync(`/proc/${entry}/stat`);
    } catch {
      continue; // exited since readdir
    }
    const text = bytes.toString('latin1');
    const close = text.lastIndexOf(')');
    const fields = text
      .slice(close + 2)
      .trim()
      .split(' ')
      .map(Number);
    assert.equal(parsePidStatBytes(bytes, bytes.length, f), true, text);
    assert.equal(f.pid, Number(entry));
    assert.equal(bytes.toString('latin1', f.nameStart, f.nameEnd), text.slice(text.indexOf('(') + 1, close));
    assert.equal(f.state, text[close + 2]);
    assert.deepEqual(
      [f.ppid, f.pgid, f.sid, f.ttyNr, f.flags, f.cpuTicks, f.threads, f.startTicks, f.rssPages],
      [
        fields[1],
        fields[2],
        fields[3],
        fields[4],
        fields[6],
        fields[11]! + fields[12]!,
        fields[17],
        fields[19],
        fields[21],
      ],
    );
    compared++;
  }
  assert.ok(compared > 5, `only ${compared} processes compared`);
});

test('parseProcStat reads aggregate, per-core and boot time', () => {
  const s = parseProcStat(
    'cpu  10 1 5 100 2 0 1 0 0 0\ncpu0 5 0 2 50 1 0 0 0\ncpu1 5 1 3 50 1 0 1 0\nbtime 1764067000\n',
  );
  assert.equal(s.total.user, 10);
  assert.equal(s.total.idle, 100);
  assert.equal(s.perCore.length, 2);
  assert.equal(s.perCore[1]!.softirq, 1);
  assert.equal(s.bootTimeSec, 1764067000);
});

test('loadavg, cpuinfo, meminfo, pressure, passwd', () => {
  assert.deepEqual(parseLoadavg('0.06 0.11 0.05 2/105 6972\n'), { load1: 0.06, load5: 0.11, load15: 0.05 });
  assert.equal(parseCpuinfoMhz('cpu MHz\t\t: 2000.000\ncpu MHz\t\t: 3000.000\n'), 2500);
  assert.equal(parseCpuinfoMhz('processor : 0\n'), null);
  const mem = memoryFromMeminfo(
    parseMeminfo(
      'MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 600 kB\nCached: 200 kB\nSReclaimable: 50 kB\nSwapTotal: 400 kB\nSwapFree: 100 kB\n',
    ),
  );
  assert.equal(mem.totalBytes, 1000 * 1024);
  assert.equal(mem.availableBytes, 600 * 1024);
  assert.equal(mem.cachedBytes, 250 * 1024);
  assert.equal(mem.swapTotalBytes - mem.swapFreeBytes, 300 * 1024);
  // Old kernels without MemAvailable: free + buffers + cache.
  const old = memoryFromMeminfo(
    parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 10 kB\nCached: 200 kB\n'),
  );
  assert.equal(old.availableBytes, 310 * 1024);
  assert.deepEqual(
    parsePressure(
      'some avg10=1.50 avg60=0.80 avg300=0.10 total=1\nfull avg10=0.25 avg60=0 avg300=0 total=1\n',
    ),
    {
      some10: 1.5,
      full10: 0.25,
    },
  );
  assert.equal(parsePressure(''), null);
  const users = parsePasswd(
    'root:x:0:0:root:/root:/bin/bash\nbad line\ndev:x:1000:1000::/home/dev:/bin/sh\n',
  );
  assert.equal(users.get(0), 'root');
  assert.equal(users.get(1000), 'dev');
  assert.equal(users.size, 2);
});

test('parseStatmResident reads the second field', () => {
  assert.equal(parseStatmResident('12896 3000 500 10 0 200 0\n'), 3000);
  assert.equal(parseStatmResident('0 0 0 0 0 0 0'), 0);
  assert.ok(Number.isNaN(parseStatmResident('')));
});
