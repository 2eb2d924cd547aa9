import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fit, formatBytes, formatDuration } from '../../src/core/format.ts';

test('formatBytes uses binary units', () => {
  assert.equal(formatBytes(0), '0B');
  assert.equal(formatBytes(1536), '1.5K');
  assert.equal(formatBytes(25276510208), '23.5G');
  assert.equal(formatBytes(null), '-');
});

test('formatDuration picks the two largest units', () => {
  assert.equal(formatDuration(75), '1m15s');
  assert.equal(formatDuration(3700), '1h01m');
  assert.equal(formatDuration(93784), '1d2h');
});

test('fit pads and cuts with an ellipsis', () => {
  assert.equal(fit('abc', 5), 'abc  ');
  assert.equal(fit('abcdef', 4), 'abc…');
});
