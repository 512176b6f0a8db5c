// The elements' DOM-free parts on their own: readers, relative time, option wording, the toast
// stack, the connection announcer and the alert store.
import { expect } from '@open-wc/testing';
import { readAlert, parseSeverityFilter } from '../../components/noc-alert-feed/alert.js';
import { AlertStore } from '../../components/noc-alert-feed/alert-store.js';
import { readInitialState } from '../../components/gcode-panel/gcode-data.js';
import { relativeTime } from '../../components/internal/relative-time.js';
import {
  configMessage,
  toSocketOptions,
} from '../../components/ws-connection/connection-options.js';
import { ToastStack } from '../../components/ws-toast/toast-stack.js';
import {
  ANNOUNCEMENTS,
  ConnectionAnnouncer,
} from '../../components/ws-toast/connection-announcer.js';
import type { ConnectionStatus } from '../../src/types.js';

describe('element internals', () => {
  it('readAlert checks every field and never reads inherited ones', () => {
    expect(readAlert({ title: 'no id' })).to.equal(undefined);
    expect(readAlert(null)).to.equal(undefined);
    const polluted = JSON.parse(
      '{"id": 5, "__proto__": {"title": "from the prototype"}}',
    ) as unknown;
    const alert = readAlert(polluted)!;
    expect(alert.id).to.equal('5');
    expect(alert.title).to.equal('(untitled alert)');
    expect(alert.severity).to.equal('info');
    expect(readAlert({ id: 'x', severity: 'critical', title: 7 })!.title).to.equal('7');
    expect([...parseSeverityFilter(' Critical, major bogus')]).to.deep.equal(['critical', 'major']);
  });

  it('readInitialState accepts the state shape or bare gcode data, and refuses non-objects', () => {
    expect(readInitialState({ g_code_score: 150, themes: ['a', 3, null] }).gcode).to.deep.equal({
      date: '',
      g_code_score: 100,
      intensity: '',
      themes: ['a', '3'],
    });
    expect(
      readInitialState({ annotations: [{ id: 1, note: 'n' }, { note: 'no id' }] }).annotations,
    ).to.have.length(1);
    expect(() => readInitialState([1])).to.throw(TypeError);
  });

  it('relativeTime words the distance to now', () => {
    const now = Date.parse('2024-01-01T12:00:00Z');
    expect(relativeTime('2024-01-01T11:55:00Z', now, 'en')).to.equal('5 minutes ago');
    expect(relativeTime('2024-01-01T11:59:58Z', now, 'en')).to.equal('now');
    expect(relativeTime('2023-12-30T12:00:00Z', now, 'en')).to.equal('2 days ago');
    expect(relativeTime('not a date', now, 'en')).to.equal('');
  });

  it('maps attributes to options and words errors in attribute names', () => {
    expect(
      toSocketOptions({ jitter: 0, reconnectInterval: null, token: '', manual: true }),
    ).to.deep.equal({ jitter: 0, manual: true });
    expect(
      configMessage(new RangeError('ws-widgets: maxReconnectAttempts must be a whole number')),
    ).to.equal('max-reconnect-attempts must be a whole number');
  });

  it('ToastStack de-duplicates, folds what is beyond the cap into "N more", replaces by key', () => {
    const expired: number[] = [];
    const stack = new ToastStack((id) => expired.push(id));
    const view = () => stack.items.map((t) => [t.message, t.variant, t.count]);
    const a = stack.add('A', 'info', 0, 3);
    expect(stack.add('A', 'info', 0, 3)).to.deep.equal({
      id: a.id,
      evicted: [],
      replaced: undefined,
    });
    expect(stack.items[0]!.count).to.equal(2);
    stack.add('B', 'warning', 0, 3);
    stack.add('C', 'nonsense' as never, 0, 3);
    expect(view()).to.deep.equal([
      ['A', 'info', 2],
      ['B', 'warning', 1],
      ['C', 'info', 1],
    ]);
    // One more than the cap: the two oldest fold into one toast, so the stack keeps its cap.
    const d = stack.add('D', 'info', 0, 3);
    expect(d.evicted.map((t) => t.message)).to.deep.equal(['A', 'B']);
    expect(view()).to.deep.equal([
      ['3 more', 'warning', 3], // A twice and B; the worst variant it holds
      ['C', 'info', 1],
      ['D', 'info', 1],
    ]);
    expect(stack.items[0]!.more).to.equal(true);
    stack.add('E', 'info', 0, 3);
    expect(view()[0]).to.deep.equal(['4 more', 'warning', 4]);
    // A key: the newer toast takes the place of the visible one with that key.
    stack.clear();
    const lost = stack.add('Lost', 'warning', 0, 10, 'conn');
    const restored = stack.add('Restored', 'success', 0, 10, 'conn');
    expect(restored.replaced?.id).to.equal(lost.id);
    expect(view()).to.deep.equal([['Restored', 'success', 1]]);
    stack.clear();
    expect(stack.items).to.have.length(0);
  });

  it('ConnectionAnnouncer words lost, restored, failed and refused connections', () => {
    const a = new ConnectionAnnouncer();
    const s = (status: ConnectionStatus, previous: ConnectionStatus, code?: number) =>
      a.status({ status, previous, attempt: 1, code });
    expect(s('connected', 'connecting')).to.equal(undefined);
    expect(s('reconnecting', 'connected')).to.equal(ANNOUNCEMENTS.lost);
    expect(s('reconnecting', 'reconnecting')).to.equal(undefined);
    expect(s('connected', 'reconnecting')).to.equal(ANNOUNCEMENTS.restored);
    expect(a.error({ kind: 'auth', message: 'expired' })).to.equal(ANNOUNCEMENTS.auth);
    expect(s('failed', 'connecting', 4001)).to.equal(undefined); // already said
    expect(s('connected', 'connecting')).to.equal(ANNOUNCEMENTS.restored);
    expect(s('failed', 'reconnecting', 1006)).to.equal(ANNOUNCEMENTS.failed);
    expect(s('failed', 'failed')).to.equal(undefined);
    const b = new ConnectionAnnouncer();
    expect(b.status({ status: 'failed', previous: 'connecting', attempt: 0, code: 4401 })).to.equal(
      ANNOUNCEMENTS.auth,
    );
    expect(
      new ConnectionAnnouncer().status({
        status: 'failed',
        previous: 'connecting',
        attempt: 0,
        code: 4403,
      }),
    ).to.equal(ANNOUNCEMENTS.forbidden);
  });

  it('AlertStore knows which acknowledgements are pending, by the id an error frame names', () => {
    const store = new AlertStore(10);
    for (const id of ['a-1', 'a-10', 'b']) store.offer(readAlert({ id })!, id);
    store.flush(100);
    for (const id of ['a-1', 'b']) store.markPending(store.get(id)!);
    expect(store.isPending('b')).to.equal(true);
    expect(store.isPending('a-10')).to.equal(false); // never sent
    expect(store.isPending('zzz')).to.equal(false);
    store.failed('b', 'refused');
    expect(store.isPending('b')).to.equal(false);
    expect(store.offer(readAlert({ id: 'b' })!, 'b')).to.equal(false);
  });

  it('AlertStore keeps the newest max items and counts the rest', () => {
    const store = new AlertStore(3);
    for (let i = 1; i <= 5; i += 1)
      store.offer(readAlert({ id: i, severity: i % 2 ? 'critical' : 'info' })!, i);
    expect(store.flush(2)).to.have.length(0); // only the newest 3 were still queued: 3, 4
    expect(store.queued).to.equal(1);
    expect(store.flush(2)).to.have.length(0); // 5
    expect(store.list.map((e) => e.alert.id)).to.deep.equal(['5', '4', '3']);
    expect(store.unacknowledged(new Set())).to.equal(5);
    expect(store.unacknowledged(new Set(['critical'] as const))).to.equal(3);
    store.acknowledged('1', 'ops', 'now'); // beyond the cap, still counted down
    expect(store.unacknowledged(new Set())).to.equal(4);
  });
});
