// Pure backoff arithmetic, with an injected random source (no timers involved).
import { expect } from '@open-wc/testing';
import { computeDelay, jittered } from '../../src/backoff.js';

const base = { reconnectInterval: 1000, maxReconnectDelay: 30000, jitter: 0 };

describe('computeDelay', () => {
  it('starts at the first delay and doubles (seed 000: 1 s, 2 s, 4 s ...)', () => {
    expect([1, 2, 3, 4, 5].map((n) => computeDelay(n, base))).to.deep.equal([1000, 2000, 4000, 8000, 16000]);
  });

  it('supports seed 004 arithmetic: 2 s, 4 s, 8 s', () => {
    expect([1, 2, 3].map((n) => computeDelay(n, { ...base, reconnectInterval: 2000 }))).to.deep.equal([2000, 4000, 8000]);
  });

  it('never exceeds the cap, even for huge attempt numbers', () => {
    expect(computeDelay(6, base)).to.equal(30000);
    expect(computeDelay(5000, base)).to.equal(30000);
    expect(computeDelay(5000, { ...base, jitter: 1 }, () => 0)).to.equal(30000);
  });

  it('scales a delay into [d·(1−jitter), d] with the random draw', () => {
    const opts = { ...base, jitter: 0.5 };
    expect(computeDelay(3, opts, () => 0)).to.equal(4000);
    expect(computeDelay(3, opts, () => 1)).to.equal(2000);
    expect(computeDelay(3, opts, () => 0.5)).to.equal(3000);
  });

  it('draws afresh for every attempt', () => {
    const draws = [0.1, 0.9, 0.4];
    let calls = 0;
    const random = () => draws[calls++ % draws.length]!;
    const delays = [1, 1, 1].map((n) => computeDelay(n, { ...base, jitter: 1 }, random));
    expect(calls).to.equal(3);
    expect(new Set(delays).size).to.equal(3);
  });

  it('clamps a random source that strays outside [0, 1]', () => {
    expect(jittered(1000, 0.5, () => 7)).to.equal(500);
    expect(jittered(1000, 0.5, () => -3)).to.equal(1000);
  });

  it('spreads a population of clients across the window', () => {
    const delays = Array.from({ length: 1000 }, () => computeDelay(2, { ...base, jitter: 0.5 }));
    expect(Math.min(...delays)).to.be.at.least(1000);
    expect(Math.max(...delays)).to.be.at.most(2000);
    expect(new Set(delays).size).to.be.greaterThan(200);
  });
});
