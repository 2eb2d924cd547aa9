import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  escapeHelp,
  escapeLabelValue,
  formatValue,
  histogramSamples,
  newHistogram,
  observe,
  renderExposition,
} from '../../src/metrics/exposition.ts';
import { formatAddress, isLoopback, parseListen } from '../../src/metrics/listen.ts';

test('label values escape backslash, double quote and newline (and nothing else)', () => {
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['a\\b', 'a\\\\b'],
    ['say "hi"', 'say \\"hi\\"'],
    ['two\nlines', 'two\\nlines'],
    ['{braces} and é', '{braces} and é'],
    ['\\"\n', '\\\\\\"\\n'],
  ];
  for (const [input, want] of cases) assert.equal(escapeLabelValue(input), want, JSON.stringify(input));
});

test('HELP text escapes backslash and newline but keeps quotes', () => {
  assert.equal(escapeHelp('a "quoted" \\ path\nnext'), 'a "quoted" \\\\ path\\nnext');
});

test('values use the Go float spellings for special numbers', () => {
  assert.equal(formatValue(1), '1');
  assert.equal(formatValue(0.25), '0.25');
  assert.equal(formatValue(1.5e-7), '1.5e-7');
  assert.equal(formatValue(Number.NaN), 'NaN');
  assert.equal(formatValue(Number.POSITIVE_INFINITY), '+Inf');
  assert.equal(formatValue(Number.NEGATIVE_INFINITY), '-Inf');
});

test('a family renders HELP, TYPE, then its samples; empty families are left out', () => {
  const text = renderExposition([
    {
      name: 'x_bytes',
      type: 'gauge',
      help: 'Bytes\nof x.',
      samples: [{ labels: { mount: '/mnt/"odd"\\dir' }, value: 42 }],
    },
    { name: 'empty', type: 'gauge', help: 'never shown', samples: [] },
    { name: 'y_total', type: 'counter', help: 'Y.', samples: [{ value: 3 }] },
  ]);
  assert.equal(
    text,
    [
      '# HELP x_bytes Bytes\\nof x.',
      '# TYPE x_bytes gauge',
      'x_bytes{mount="/mnt/\\"odd\\"\\\\dir"} 42',
      '# HELP y_total Y.',
      '# TYPE y_total counter',
      'y_total 3',
      '',
    ].join('\n'),
  );
});

test('bad metric or label names and duplicate families are refused', () => {
  assert.throws(
    () => renderExposition([{ name: '1bad', type: 'gauge', help: '', samples: [{ value: 1 }] }]),
    /metric name/,
  );
  assert.throws(
    () =>
      renderExposition([
        { name: 'ok', type: 'gauge', help: '', samples: [{ labels: { 'bad-label': 'x' }, value: 1 }] },
      ]),
    /label name/,
  );
  const f = { name: 'dup', type: 'gauge' as const, help: '', samples: [{ value: 1 }] };
  assert.throws(() => renderExposition([f, f]), /duplicate/);
});

test('histograms are cumulative, with +Inf equal to the count', () => {
  const h = newHistogram([0.01, 0.1, 1]);
  for (const v of [0.005, 0.05, 0.05, 0.5, 3]) observe(h, v);
  const samples = histogramSamples(h);
  const buckets = samples.filter((s) => s.suffix === '_bucket').map((s) => [s.labels!.le, s.value]);
  assert.deepEqual(buckets, [
    ['0.01', 1],
    ['0.1', 3],
    ['1', 4],
    ['+Inf', 5],
  ]);
  assert.equal(samples.find((s) => s.suffix === '_count')!.value, 5);
  assert.ok(Math.abs(samples.find((s) => s.suffix === '_sum')!.value - 3.605) < 1e-9);
});

test('listen addresses: an empty host means loopback, other hosts must be written out', () => {
  assert.deepEqual(parseListen(':9464'), { host: '127.0.0.1', port: 9464 });
  assert.deepEqual(parseListen('0.0.0.0:9100'), { host: '0.0.0.0', port: 9100 });
  assert.deepEqual(parseListen('[::1]:0'), { host: '::1', port: 0 });
  assert.deepEqual(parseListen('localhost:80'), { host: 'localhost', port: 80 });
  for (const bad of ['', '9464', 'host:', 'a:b:c', '127.0.0.1:99999', '[nope]:1', 'x y:1', '127.0.0.1:-1']) {
    assert.throws(() => parseListen(bad), /expected HOST:PORT|port must be/, bad);
  }
  assert.equal(isLoopback('127.0.0.1'), true);
  assert.equal(isLoopback('127.3.2.1'), true);
  assert.equal(isLoopback('::1'), true);
  assert.equal(isLoopback('localhost'), true);
  assert.equal(isLoopback('0.0.0.0'), false);
  assert.equal(isLoopback('192.168.1.4'), false);
  assert.equal(formatAddress({ host: '::1', port: 9 }), '[::1]:9');
  assert.equal(formatAddress({ host: '127.0.0.1', port: 9 }), '127.0.0.1:9');
});
