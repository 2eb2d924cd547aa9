import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { test } from 'node:test';
import { hostFacts } from '../../src/collectors/host.ts';

test('a timeout gives nulls, never an exception', async () => {
  // Runs first, before systeminformation has cached anything: it needs child processes, which
  // cannot answer within a 0 ms deadline.
  const f = await hostFacts(0);
  assert.ok(
    Object.values(f).every((v) => v === null),
    JSON.stringify(f),
  );
  assert.deepEqual(Object.keys(f).sort(), [
    'arch',
    'cpuModel',
    'distro',
    'kernel',
    'logicalCores',
    'physicalCores',
    'release',
    'systemModel',
    'virtual',
  ]);
});

test('host facts agree with the kernel and /etc/os-release', async () => {
  const f = await hostFacts(10_000);
  assert.equal(f.kernel, release());
  const osRelease = readFileSync('/etc/os-release', 'utf8');
  const name = /^NAME="?([^"\n]+)"?/m.exec(osRelease)?.[1];
  assert.equal(f.distro, name);
  assert.ok((f.logicalCores ?? 0) >= 1);
  assert.ok(f.cpuModel && f.cpuModel.length > 0);
});
