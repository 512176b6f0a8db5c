// Pure backoff arithmetic with an injected random source: no timers, no sockets.
import { expect } from '@open-wc/testing';
import { advisedDelay, backoffDelay, baseDelay, jittered } from '../../src/backoff.js';
import { retryAfter } from '../../src/close-codes.js';

const base = { reconnectInterval: 1000, maxReconnectDelay: 30000, jitter: 0 };

/** A random source that replays `draws` and counts its calls. */
function replay(draws: number[]): { random: () => number; calls: () => number } {
  let n = 0;
  return { random: () => draws[n++ % draws.length]!, calls: () => n };
}

describe('backoff: baseDelay', () => {
  it('starts at the first delay and doubles (seed 000: 1 s, 2 s, 4 s ...)', () => {
    expect([1, 2, 3, 4, 5].map((n) => baseDelay(n, base))).to.deep.equal([
      1000, 2000, 4000, 8000, 16000,
    ]);
  });

  it('does seed 004 arithmetic with reconnectInterval 2000: 2 s, 4 s, 8 s', () => {
    const config = { ...base, reconnectInterval: 2000 };
    expect([1, 2, 3].map((n) => baseDelay(n, config))).to.deep.equal([2000, 4000, 8000]);
  });

  it('never exceeds the cap, even for huge attempt numbers', () => {
    expect(baseDelay(6, base)).to.equal(30000);
    expect(baseDelay(5000, base)).to.equal(30000);
    expect(baseDelay(1, { ...base, reconnectInterval: 60000 })).to.equal(30000);
  });

  it('treats attempts below 1 as the first', () => {
    expect(baseDelay(0, base)).to.equal(1000);
    expect(baseDelay(-3, base)).to.equal(1000);
  });
});

describe('backoff: jitter', () => {
  it('maps a delay d into [d·(1−jitter), d] by the draw', () => {
    expect(jittered(1000, 0.5, 0)).to.equal(1000);
    expect(jittered(1000, 0.5, 0.5)).to.equal(750);
    expect(jittered(1000, 0.5, 0.999999)).to.equal(501);
    expect(jittered(1000, 1, 0.999999))
      .to.be.at.least(0)
      .and.at.most(1);
  });

  it('clamps a random source or a factor that strays outside [0, 1]', () => {
    expect(jittered(1000, 0.5, 7)).to.equal(500);
    expect(jittered(1000, 0.5, -3)).to.equal(1000);
    expect(jittered(1000, 4, 0.5)).to.equal(500);
  });

  it('stays within the window and never above the cap for any draw', () => {
    const config = { ...base, jitter: 0.5, maxReconnectDelay: 5000.5 };
    for (let attempt = 1; attempt <= 12; attempt++) {
      const d = baseDelay(attempt, config);
      for (const draw of [0, 0.01, 0.25, 0.5, 0.75, 0.99, 0.999999]) {
        const value = backoffDelay(attempt, config, () => draw);
        expect(value, `attempt ${attempt}, draw ${draw}`)
          .to.be.at.least(d * 0.5)
          .and.at.most(d);
        expect(value).to.be.at.most(config.maxReconnectDelay);
      }
    }
  });

  it('draws afresh for every attempt (never a per-page constant)', () => {
    const source = replay([0.1, 0.9, 0.4]);
    const config = { ...base, jitter: 1 };
    const delays = [1, 1, 1].map((n) => backoffDelay(n, config, source.random));
    expect(source.calls()).to.equal(3);
    expect(delays).to.deep.equal([900, 100, 600]);
  });

  it('draws nothing when jitter is 0', () => {
    const source = replay([0.5]);
    expect(backoffDelay(2, base, source.random)).to.equal(2000);
    expect(source.calls()).to.equal(0);
  });

  it('uses Math.random by default and spreads a population across the window', () => {
    const delays = Array.from({ length: 1000 }, () => backoffDelay(2, { ...base, jitter: 0.5 }));
    expect(Math.min(...delays)).to.be.at.least(1000);
    expect(Math.max(...delays)).to.be.at.most(2000);
    expect(new Set(delays).size).to.be.greaterThan(200);
  });
});

describe('server advice: retryAfter and advisedDelay', () => {
  it('reads retry-after=N from a close reason as decimal seconds, at most 3600', () => {
    expect(retryAfter('retry-after=5')).to.equal(5);
    expect(retryAfter('overloaded; retry-after=2.5, sorry')).to.equal(2.5);
    expect(retryAfter('Retry-After=.5')).to.equal(0.5);
    expect(retryAfter('retry-after=7200')).to.equal(3600);
    expect(retryAfter('restarting')).to.equal(undefined);
    expect(retryAfter('')).to.equal(undefined);
  });

  it('gives NaN for a malformed value: not a number, negative, empty', () => {
    for (const reason of ['retry-after=soon', 'retry-after=-3', 'retry-after=', 'retry-after=1e3'])
      expect(Number.isNaN(retryAfter(reason)), reason).to.equal(true);
  });

  it('draws the advised delay from [N·1000, N·1000·(1 + jitter)], above any cap', () => {
    expect(advisedDelay(2, 0, 0.9)).to.equal(2000);
    expect(advisedDelay(2, 1, 0)).to.equal(2000);
    expect(advisedDelay(2, 1, 0.5)).to.equal(3000);
    expect(advisedDelay(2, 0.5, 0.999999)).to.be.within(2999, 3000);
    expect(advisedDelay(0.25, 1, 2)).to.equal(500); // a draw out of range is clamped
  });
});
