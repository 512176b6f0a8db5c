// Checks of the bench's own arithmetic and wire frames (`node --test bench/test/`; run.mjs runs
// them before measuring): a wrong peak or percentile would print plausible, wrong figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildFrames, TYPES } from '../lib/flood.mjs';
import { median, peakInWindow, percentile } from '../lib/stats.mjs';
import { markdownTable } from '../lib/table.mjs';

test('peakInWindow counts the most timestamps in any half-open window', () => {
  assert.equal(peakInWindow([], 100), 0);
  assert.equal(peakInWindow([0, 99.9, 100, 250], 100), 2);
  assert.equal(peakInWindow([500, 0, 10, 20, 30, 130], 100), 4);
  assert.equal(peakInWindow([5, 5, 5], 100), 3);
});

test('percentile is nearest-rank and median averages the middle pair', () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(percentile(values, 0.5), 50);
  assert.equal(percentile(values, 0.95), 95);
  assert.equal(percentile([7], 0.95), 7);
  assert.ok(Number.isNaN(percentile([], 0.5)));
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test('buildFrames writes unmasked text frames of about 200 bytes, types in turn', () => {
  const buffer = buildFrames(9);
  const frames = [];
  for (let at = 0; at < buffer.length;) {
    assert.equal(buffer[at], 0x81, 'FIN + text opcode');
    assert.equal(buffer[at + 1], 126, 'unmasked, 16-bit length');
    const length = buffer.readUInt16BE(at + 2);
    frames.push(JSON.parse(buffer.subarray(at + 4, at + 4 + length).toString()));
    assert.ok(length >= 195 && length <= 210, `payload of ${length} bytes`);
    at += 4 + length;
  }
  assert.equal(frames.length, 9);
  assert.deepEqual(
    frames.map((f) => f.type),
    Array.from({ length: 9 }, (_, i) => TYPES[i % TYPES.length]),
  );
  assert.deepEqual(
    frames.map((f) => f.seq),
    [0, 1, 2, 3, 4, 5, 6, 7, 8],
  );
});

test('the Markdown table escapes tag names and pipes, and marks misses', () => {
  const md = markdownTable([
    { part: '1', measure: '<ws-toast> a|b', value: '1 KB', target: '≤ 3', ok: false },
  ]);
  assert.match(md, /&lt;ws-toast&gt; a\\\|b/);
  assert.match(md, /\*\*MISS\*\*/);
});
