// The notes tabs exchange for `share: 'tabs'` (src/tab-relay.ts): what is accepted from the
// channel and what is ignored, terms that sort by age, and the timings derived from the options.
import { expect } from '@open-wc/testing';
import { resolveOptions } from '../../src/options.js';
import { beatInterval, newTerm, parseNote, silenceLimit, tabId } from '../../src/tab-relay.js';

const term = newTerm('tab1', 1_000);

describe('tab relay notes', () => {
  it('accepts every note the tabs send', () => {
    const notes = [
      { k: 'state', term, conn: 1, status: 'connected', attempt: 0, latency: 12, retryAt: 5 },
      {
        k: 'state',
        term,
        conn: 0,
        status: 'reconnecting',
        attempt: 2,
        detail: { status: 'reconnecting', previous: 'connected', attempt: 2, delay: 400 },
      },
      { k: 'msg', term, message: { type: 'alert_new', alert: { id: 'a1' } } },
      { k: 'error', term, detail: { kind: 'network', message: 'closed' } },
      { k: 'ack', term, to: 'tab2', id: 3 },
      { k: 'bye', term },
      { k: 'join', from: 'tab2' },
      { k: 'retry', from: 'tab2' },
      { k: 'subs', from: 'tab2', term, conn: 1, texts: ['{"type":"x"}'], initial: true },
      { k: 'send', from: 'tab2', term, conn: 1, id: 0, text: '{"type":"y"}' },
    ];
    for (const note of notes) expect(parseNote(note), JSON.stringify(note)).to.equal(note);
  });

  it('ignores anything else posted on the channel', () => {
    const bad: unknown[] = [
      null,
      'state',
      42,
      { k: 'nope', term },
      { k: 'state', term, conn: 1, status: 'sleeping', attempt: 0 },
      { k: 'state', term, conn: -1, status: 'connected', attempt: 0 },
      { k: 'state', term, conn: 1, status: 'connected', attempt: 0, latency: '12' },
      { k: 'state', term, conn: 1, status: 'connected', attempt: 0, detail: { status: 'x' } },
      { k: 'state', conn: 1, status: 'connected', attempt: 0 },
      { k: 'msg', term, message: { alert: {} } },
      { k: 'msg', term, message: 'text' },
      { k: 'error', term, detail: { kind: 'network' } },
      { k: 'ack', term, to: 'tab2', id: 1.5 },
      { k: 'bye' },
      { k: 'join' },
      { k: 'retry', from: 7 },
      { k: 'subs', from: 'tab2', term, conn: 1, texts: [{}], initial: true },
      { k: 'subs', from: 'tab2', term, conn: 1, texts: [] },
      { k: 'send', from: 'tab2', term, conn: 1, id: 0, text: {} },
    ];
    for (const note of bad) expect(parseNote(note), JSON.stringify(note)).to.equal(undefined);
  });

  it('orders terms by when they began, whatever the tab', () => {
    const early = newTerm('zzzz', 1_000);
    const later = newTerm('aaaa', 1_001);
    expect(later > early).to.equal(true);
    expect(newTerm('b', 2 ** 40) > newTerm('b', 2 ** 39)).to.equal(true);
    expect(tabId(() => 0.5)).to.equal(tabId(() => 0.5));
    expect(tabId()).to.match(/^[0-9a-z]+$/);
  });

  it('derives the heartbeat and the followers’ patience from the options', () => {
    expect(silenceLimit(1500, 500)).to.equal(1500);
    expect(silenceLimit(Infinity, 30_000)).to.equal(60_000);
    expect(beatInterval(1500)).to.equal(375);
    expect(beatInterval(60_000)).to.equal(1000);
    expect(beatInterval(100)).to.equal(50);
  });
});

describe('the share option', () => {
  it('defaults to page; none is exclusive; anything else is a RangeError', () => {
    expect(resolveOptions({}).options.share).to.equal('page');
    expect(resolveOptions({ share: 'none' }).options.exclusive).to.equal(true);
    expect(resolveOptions({ exclusive: true }).options.share).to.equal('none');
    expect(resolveOptions({ share: 'tabs' }).options).to.include({
      share: 'tabs',
      exclusive: false,
    });
    expect(() => resolveOptions({ share: 'browser' as never })).to.throw(RangeError, /share/);
  });
});
