// The reconnect storm counts attempts on each client's own clock. Checked on the baseline it
// divides by: 500 unjittered clients retry at the same moment, so every attempt after the return
// must fall in one 100 ms window. Counted by the single process's real (or timer-arming) clock,
// the same herd showed as 275 to 465 in one window, depending on the load, which made every ratio
// look worse than the backoff deserved.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coreForNode, storm } from '../parts/reconnect-storm.mjs';
import { peakInWindow } from '../lib/stats.mjs';

test('an unjittered herd of 500 counts as 500 attempts in one window', async () => {
  const clients = 500;
  const result = await storm({
    kind: 'unjittered',
    clients,
    downMs: 2000,
    corePath: await coreForNode(),
  });
  assert.equal(result.error, undefined);
  const afterReturn = result.attempts.filter((t) => t >= 0);
  assert.equal(afterReturn.length, clients, 'one attempt per client reaches the returned server');
  assert.equal(peakInWindow(afterReturn, 100), clients);
  // Refused ones included: the first retry, also all at once, is the other herd.
  assert.equal(peakInWindow(result.attempts, 100), clients);
});
