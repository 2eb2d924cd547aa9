import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { networkCollector, parseNetDev } from '../../src/collectors/network.ts';
import {
  countConnections,
  decodeAddress,
  listeningSocketsOfPid,
  parseSocketTable,
  socketInodes,
} from '../../src/collectors/sockets.ts';
import { realClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { deriveNetwork } from '../../src/engine/derive.ts';

const FIX = new URL('../fixtures/proc-net/', import.meta.url).pathname;
const read = (p: string) => readFileSync(`${FIX}${p}`, 'latin1');

test('/proc/net/dev: every interface with its counters', () => {
  const list = parseNetDev(read('proc/net/dev'));
  assert.deepEqual(
    list.map((i) => i.interface),
    ['lo', 'wlp3s0', 'docker0', 'veth3a1f9c2', 'enp0s31f6'],
  );
  assert.deepEqual(list[1], {
    interface: 'wlp3s0',
    rxBytes: 4812239912,
    rxPackets: 3912288,
    rxErrors: 0,
    txBytes: 391823441,
    txPackets: 1822911,
    txErrors: 0,
  });
  assert.equal(list[4]!.txErrors, 3);
  assert.deepEqual(
    parseNetDev(read('sandbox-vm-dev.txt')).map((i) => i.interface),
    ['lo', 'ifb0', 'ifb1', 'eth0'],
  );
});

test('addresses: IPv4, IPv6, IPv4-mapped', () => {
  assert.equal(decodeAddress('0100007F'), '127.0.0.1');
  assert.equal(decodeAddress('1401A8C0'), '192.168.1.20');
  assert.equal(decodeAddress('00000000000000000000000000000000'), '::');
  assert.equal(decodeAddress('00000000000000000000000001000000'), '::1');
  assert.equal(decodeAddress('0000000000000000FFFF00000100007F'), '::ffff:127.0.0.1');
  assert.equal(decodeAddress('B80D0120000000000000000001000000'), '2001:db8::1');
});

test('socket tables and connection counts by state', () => {
  const tcp = parseSocketTable(read('proc/net/tcp'), 'tcp');
  assert.equal(tcp.length, 5);
  assert.deepEqual(tcp[0], {
    protocol: 'tcp',
    localAddress: '127.0.0.1',
    localPort: 8080,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'LISTEN',
    uid: 1000,
    inode: 41234,
  });
  assert.equal(tcp[3]!.state, 'TIME_WAIT');
  const counts = countConnections(
    (['tcp', 'tcp6', 'udp', 'udp6'] as const).map((protocol) => ({
      protocol,
      text: read(`proc/net/${protocol}`),
    })),
  );
  assert.deepEqual(counts, {
    'tcp.LISTEN': 4,
    'tcp.ESTABLISHED': 3,
    'tcp.TIME_WAIT': 1,
    'tcp.CLOSE_WAIT': 1,
    'udp.CLOSE': 3,
    'udp.ESTABLISHED': 1,
  });
});

test('listening sockets of a pid (fixture /proc: fd links matched to socket inodes)', () => {
  assert.deepEqual([...socketInodes(['socket:[1]', 'pipe:[2]', '/dev/null', 'socket:[3]'])], [1, 3]);
  const got = listeningSocketsOfPid(`${FIX}proc`, 4242);
  assert.deepEqual(
    got?.map((s) => `${s.protocol} ${s.localAddress}:${s.localPort}`),
    ['tcp 127.0.0.1:8080', 'tcp6 ::1:3306', 'udp 0.0.0.0:5353'],
  );
  assert.equal(listeningSocketsOfPid(`${FIX}proc`, 999999), null, 'no such process');
});

test('listening sockets of a real process: a server on 127.0.0.1', async () => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const port = (server.address() as { port: number }).port;
    const mine = listeningSocketsOfPid('/proc', process.pid);
    assert.ok(
      mine?.some((s) => s.protocol === 'tcp' && s.localAddress === '127.0.0.1' && s.localPort === port),
      `port ${port} in ${JSON.stringify(mine)}`,
    );
  } finally {
    server.close();
  }
});

test('network collector: rates from two samples, connections counted', async () => {
  const col = networkCollector({ connectionsEveryTicks: 1 });
  const c = {
    roots: { proc: '/proc', sys: '/sys', dev: '/dev' },
    clock: realClock,
    log: memoryLogger(),
    tick: 0,
  };
  const a = await col.collect(c);
  const b = await col.collect({ ...c, tick: 1 });
  const names = parseNetDev(readFileSync('/proc/net/dev', 'latin1')).map((i) => i.interface);
  assert.deepEqual(
    b.interfaces.map((i) => i.interface),
    names,
  );
  assert.ok(Object.values(b.connections).reduce((s, n) => s + n, 0) >= 0);
  const snap = deriveNetwork(a, b, 1000);
  assert.ok(snap.every((i) => i.rxBytesPerSec !== null && i.rxBytesPerSec >= 0));
  assert.deepEqual(deriveNetwork(undefined, b, 0)[0]!.rxBytesPerSec, null, 'no rate on first sight');
});
