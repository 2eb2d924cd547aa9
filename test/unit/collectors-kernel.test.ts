import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { journalStream, parseJournalLine } from '../../src/collectors/journal.ts';
import { chooseKernelSource, kernelLogCollector } from '../../src/collectors/kernel-log.ts';
import { parseKmsgLine, parseKmsgText, unescapeKmsg } from '../../src/collectors/kmsg.ts';
import { oomTracker, parseOomKilled, parseOomKillSummary } from '../../src/collectors/oom.ts';
import { realClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import type { CollectContext, KernelEvent } from '../../src/core/types.ts';

const FIX = new URL('../fixtures/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'vigil-kernel-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function ctx(roots: { proc: string; sys: string; dev: string }, tick = 0) {
  const log = memoryLogger();
  const c: CollectContext = { roots, clock: realClock, log, tick };
  return { c, log };
}

test('kmsg records: priority, facility, sequence, time, \\x escapes and dictionary lines', () => {
  const r = parseKmsgLine('4,340,838918436,-;tail invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0');
  assert.deepEqual(r, {
    priority: 4,
    facility: 0,
    seq: 340,
    usec: 838918436,
    message: 'tail invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0',
  });
  // facility 3 (daemon) << 3 | 6 (info)
  assert.equal(parseKmsgLine('30,1,2,-;x')?.facility, 3);
  assert.equal(parseKmsgLine('30,1,2,-;x')?.priority, 6);
  assert.equal(parseKmsgLine('no semicolon here'), null);
  assert.equal(unescapeKmsg('caf\\xc3\\xa9'), 'café');
  const records = parseKmsgText(readFileSync(`${FIX}kmsg/oom-memcg.txt`, 'utf8'));
  assert.ok(records.length > 50);
  assert.ok(
    records.every((x) => !x.message.startsWith(' SUBSYSTEM=')),
    'dictionary lines are not records',
  );
  // The escaped newline at the end of a captured line is stripped of its control character.
  const swap = records.find((x) => x.message.startsWith('Per memcg swappiness'));
  assert.ok(swap && !/[\n\r]/.test(swap.message));
});

test('OOM lines from a real memory-cgroup kill (captured on this machine)', () => {
  const text = readFileSync(`${FIX}kmsg/oom-memcg.txt`, 'utf8');
  const killed = parseKmsgText(text)
    .map((r) => parseOomKilled(r.message))
    .filter((x) => x !== null);
  assert.deepEqual(killed, [{ pid: 19752, name: 'tail', rssBytes: (16256 + 1684 + 0) * 1024 }]);
  const summary = parseKmsgText(text)
    .map((r) => parseOomKillSummary(r.message))
    .filter((x) => x !== null);
  assert.deepEqual(summary, [
    { pid: 19752, name: 'tail', cgroup: '/vigil-capture', constraint: 'CONSTRAINT_MEMCG' },
  ]);
});

test('OOM parsing: global OOM, old kernels without shmem-rss, names with parentheses and escapes', () => {
  assert.deepEqual(
    parseOomKilled(
      'Out of memory: Killed process 48213 (python3) total-vm:18734520kB, anon-rss:15922144kB, file-rss:3968kB, shmem-rss:0kB, UID:1000 pgtables:31348kB oom_score_adj:0',
    ),
    { pid: 48213, name: 'python3', rssBytes: (15922144 + 3968) * 1024 },
  );
  assert.deepEqual(parseOomKilled('Killed process 9 (a (b) c) total-vm:1kB, anon-rss:2kB, file-rss:3kB'), {
    pid: 9,
    name: 'a (b) c',
    rssBytes: 5 * 1024,
  });
  const hostile = parseKmsgText(readFileSync(`${FIX}kmsg/hostile.txt`, 'utf8'));
  const evil = parseOomKilled(hostile[0]!.message);
  assert.equal(evil?.pid, 777);
  assert.equal(evil?.name, 'evil) name');
  assert.equal(evil?.rssBytes, (1024 + 512 + 256) * 1024);
  assert.equal(hostile[1]!.message, 'café  warning with bidi override');
  assert.equal(parseOomKilled('tail invoked oom-killer: gfp_mask=0xcc0'), null);
  assert.equal(parseOomKillSummary('oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null)'), null);
  // A task name with a comma still ends at `,pid=`.
  assert.deepEqual(
    parseOomKillSummary(
      'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice/user-1000.slice/session-2.scope,task=a,b,pid=12,uid=1000',
    ),
    {
      pid: 12,
      name: 'a,b',
      cgroup: '/user.slice/user-1000.slice/session-2.scope',
      constraint: 'CONSTRAINT_NONE',
    },
  );
});

test('the OOM tracker lends the summary line’s cgroup to the Killed line, even across reads', () => {
  const t = oomTracker(2);
  const ev = (message: string): KernelEvent => ({ time: 1, source: 'kmsg', priority: 3, message });
  assert.equal(
    t.annotate(ev('oom-kill:constraint=CONSTRAINT_MEMCG,oom_memcg=/x,task_memcg=/x/y,task=tail,pid=5,uid=0'))
      .oom,
    undefined,
  );
  const k = t.annotate(
    ev(
      'Memory cgroup out of memory: Killed process 5 (tail) total-vm:1kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB',
    ),
  );
  assert.deepEqual(k.oom, { pid: 5, name: 'tail', rssBytes: 4096, cgroup: '/x/y' });
  // Without a summary the cgroup is unknown, not invented.
  const g = t.annotate(
    ev('Out of memory: Killed process 6 (x) total-vm:1kB, anon-rss:1kB, file-rss:1kB, shmem-rss:0kB'),
  );
  assert.deepEqual(g.oom, { pid: 6, name: 'x', rssBytes: 2048, cgroup: null });
});

test('journal JSON lines: time, priority, unit, byte-array messages, hostile text, junk', () => {
  const lines = readFileSync(`${FIX}journal/kernel-oom.jsonl`, 'utf8').split('\n').filter(Boolean);
  const events = lines.map((l) => parseJournalLine(l, 42));
  assert.equal(events[0]?.time, 1764068220123);
  assert.equal(events[0]?.priority, 4);
  assert.equal(events[0]?.unit, 'kernel');
  assert.equal(events[0]?.source, 'journal');
  assert.equal(parseOomKilled(events[1]!.message)?.pid, 48213);
  assert.equal(events[2]?.unit, 'init.scope');
  const evil = events[3]!;
  assert.equal(evil.message, 'red error ��');
  assert.equal(evil.unit, 'evil.service');
  assert.equal(events[4], null, 'not JSON');
  assert.equal(events[5], null, 'MESSAGE null');
});

test('source choice: VIGIL_JOURNALCTL forces the journal, no journald socket means /dev/kmsg', () => {
  assert.deepEqual(chooseKernelSource({ VIGIL_JOURNALCTL: '/x/journalctl' }, '/nonexistent'), {
    source: 'journal',
    command: '/x/journalctl',
  });
  assert.deepEqual(chooseKernelSource({ PATH: '/usr/bin:/bin' }, `${tmp}/no-socket`), { source: 'kmsg' });
  // journald's socket present (a plain file stands in) and journalctl on PATH: the journal.
  writeFileSync(`${tmp}/socket`, '');
  const choice = chooseKernelSource({ PATH: `${FIX}journal:/usr/bin:/bin` }, `${tmp}/socket`);
  assert.equal(choice.source, 'journal');
});

test('kmsg collector: only records from after its start (or the look-back), tail as the log grows', async () => {
  const dir = mkdtempSync(join(tmp, 'kmsg-'));
  copyFileSync(`${FIX}kmsg/oom-memcg.txt`, `${dir}/kmsg`);
  // The captured kill happened at 838.9 s after boot.
  writeFileSync(`${dir}/uptime`, '838.5 1000.0\n');
  const roots = { proc: dir, sys: dir, dev: dir };
  const fresh = kernelLogCollector({ env: {} });
  const { c } = ctx(roots);
  const got = (await fresh.collect(c)) as KernelEvent[];
  assert.equal(fresh.carryForward, false);
  const oom = got.filter((e) => e.oom);
  assert.deepEqual(
    oom.map((e) => e.oom),
    [{ pid: 19752, name: 'tail', rssBytes: (16256 + 1684) * 1024, cgroup: '/vigil-capture' }],
  );
  assert.ok(
    got.every((e) => e.priority <= 4 || e.oom),
    'info lines are dropped',
  );
  assert.ok(got.every((e) => e.source === 'kmsg'));
  // Older history (boot messages at 0 s) is not news.
  assert.ok(!got.some((e) => e.message.startsWith('virtio_blk')));
  // Nothing new: nothing reported twice.
  assert.deepEqual(await fresh.collect(c), []);
  appendFileSync(`${dir}/kmsg`, readFileSync(`${FIX}kmsg/hostile.txt`));
  const late = (await fresh.collect(c)) as KernelEvent[];
  // hostile.txt is timestamped 5 s after boot: before this collector started, so dropped.
  assert.deepEqual(late, []);
  await fresh.close?.();

  // With a look-back long enough, the earlier records count too.
  writeFileSync(`${dir}/uptime`, '10.0 20.0\n');
  const back = kernelLogCollector({ env: {}, lookbackSecs: 6 });
  const all = (await back.collect(ctx(roots).c)) as KernelEvent[];
  const names = all.filter((e) => e.oom).map((e) => e.oom?.name);
  assert.deepEqual(names, ['tail', 'evil) name', 'old kernel']);
  assert.ok(all.some((e) => e.message.startsWith('café')));
  assert.ok(!all.some((e) => e.message.startsWith('an info line')));
  await back.close?.();
});

test('kernel collector without a readable kernel log: empty, logged once', async () => {
  const col = kernelLogCollector({ env: {} });
  const { c, log } = ctx({ proc: tmp, sys: tmp, dev: `${tmp}/missing` });
  assert.deepEqual(await col.collect(c), []);
  assert.deepEqual(await col.collect(c), []);
  assert.equal(log.lines.filter((l) => String(l.event).startsWith('kernel log not readable')).length, 1);
  await col.close?.();
});

test('journal stream: parses journalctl output and restarts it with backoff when it exits', async () => {
  const log = memoryLogger();
  const stream = journalStream({
    command: `${FIX}journal/journalctl-fake`,
    log,
    now: Date.now,
    backoffMs: 50,
    maxBackoffMs: 100,
  });
  const seen: KernelEvent[] = [];
  const deadline = Date.now() + 15_000;
  while (stream.starts < 3 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    seen.push(...stream.drain());
  }
  await stream.close();
  seen.push(...stream.drain());
  assert.ok(stream.starts >= 3, `restarted (${stream.starts} starts)`);
  // Each run prints 4 usable lines.
  assert.ok(seen.length >= 8, `events from several runs: ${seen.length}`);
  assert.ok(seen.some((e) => parseOomKilled(e.message)?.pid === 48213));
  assert.equal(log.lines.filter((l) => l.event === 'journalctl stopped; restarting with backoff').length, 1);
  const starts = stream.starts;
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(stream.starts, starts, 'no restart after close');
});

test('kernel collector on the journal (VIGIL_JOURNALCTL): OOM events carry the victim', async () => {
  const col = kernelLogCollector({ env: { VIGIL_JOURNALCTL: `${FIX}journal/journalctl-fake` } });
  const { c } = ctx({ proc: tmp, sys: tmp, dev: tmp });
  const got: KernelEvent[] = [];
  const deadline = Date.now() + 15_000;
  while (!got.some((e) => e.oom) && Date.now() < deadline) {
    got.push(...((await col.collect(c)) as KernelEvent[]));
    await new Promise((r) => setTimeout(r, 50));
  }
  await col.close?.();
  const oom = got.find((e) => e.oom);
  assert.deepEqual(oom?.oom, {
    pid: 48213,
    name: 'python3',
    rssBytes: (15922144 + 3968) * 1024,
    cgroup: null,
  });
  assert.equal(oom?.source, 'journal');
});
