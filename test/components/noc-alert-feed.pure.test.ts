// The feed's flood handling without DOM or server: grouping, group state, filter and order, the
// summary text and the pacing of announcements, and the store removing capped groups.
import { expect } from '@open-wc/testing';
import {
  AlertStore,
  type AlertEntry,
  type AlertState,
} from '../../components/noc-alert-feed/alert-store.js';
import type { NocAlert, Severity } from '../../components/noc-alert-feed/alert.js';
import {
  groupAlerts,
  groupState,
  parseGroupBy,
  passes,
  sortRows,
  type ViewFilter,
} from '../../components/noc-alert-feed/alert-view.js';
import {
  announceAt,
  CRITICAL_GAP_MS,
  summaryText,
} from '../../components/noc-alert-feed/alert-announcer.js';

let n = 0;
function entry(fields: Partial<NocAlert> = {}, state: AlertState = 'new'): AlertEntry {
  n += 1;
  const alert: NocAlert = {
    id: `p-${n}`,
    client_id: 'acme',
    severity: 'warning',
    title: `Alert ${n}`,
    message: '',
    source: 'edge-1',
    created_at: new Date(1_700_000_000_000 + n * 1000).toISOString(),
    ...fields,
  };
  return { alert, wireId: alert.id, state };
}

const ALL: ViewFilter = { severities: new Set(), text: '', unacknowledged: false };

describe('alert floods, pure parts', () => {
  it('parseGroupBy keeps known alert fields, in order, once', () => {
    expect(parseGroupBy(' source  title,source bogus __proto__ ')).to.deep.equal([
      'source',
      'title',
    ]);
    expect(parseGroupBy(null)).to.deep.equal([]);
  });

  it('groupAlerts: one group per key, newest first, with the worst severity', () => {
    // Newest first, as the feed holds them.
    const list = [
      entry({ source: 'a', severity: 'minor', title: 'newest of a' }),
      entry({ source: 'b', severity: 'info' }),
      entry({ source: 'a', severity: 'critical' }),
      entry({ source: 'a', severity: 'major' }),
    ];
    const groups = groupAlerts(list, ['source']);
    expect(groups.map((g) => [g.entries.length, g.worst, g.entries[0]!.alert.title])).to.deep.equal(
      [
        [3, 'critical', 'newest of a'],
        [1, 'info', list[1]!.alert.title],
      ],
    );
    // Two fields: equal in both. Values that would collide when joined stay apart.
    const tricky = [entry({ source: 'a b', title: 'c' }), entry({ source: 'a', title: 'b c' })];
    expect(groupAlerts(tricky, ['source', 'title'])).to.have.length(2);
    // A rebuilt list regroups: nothing is remembered between calls.
    expect(groupAlerts(list.slice(1), ['source']).map((g) => g.entries.length)).to.deep.equal([
      1, 2,
    ]);
  });

  it('groupState: pending while any is in flight, then failed, acknowledged when all are', () => {
    const group = (...states: AlertState[]) => ({
      key: 'k',
      worst: 'info' as Severity,
      entries: states.map((s) => entry({}, s)),
    });
    expect(groupState(group('new', 'acknowledged'))).to.equal('new');
    expect(groupState(group('pending', 'failed', 'acknowledged'))).to.equal('pending');
    expect(groupState(group('failed', 'acknowledged', 'new'))).to.equal('failed');
    expect(groupState(group('acknowledged', 'acknowledged'))).to.equal('acknowledged');
  });

  it('passes: severity, text in source or title, unacknowledged only', () => {
    const e = entry({ source: 'Core-RTR-1', title: 'Link down', severity: 'major' });
    const check = (f: Partial<ViewFilter>, state: AlertState = 'new') =>
      passes({ ...ALL, ...f }, e.alert, state);
    expect(check({})).to.equal(true);
    expect(check({ severities: new Set<Severity>(['critical']) })).to.equal(false);
    expect(check({ text: 'rtr' })).to.equal(true);
    expect(check({ text: 'link' })).to.equal(true);
    expect(check({ text: 'disk' })).to.equal(false);
    expect(check({ unacknowledged: true }, 'acknowledged')).to.equal(false);
    expect(check({ unacknowledged: true }, 'failed')).to.equal(true);
  });

  it('sortRows: time keeps the order, severity puts the worst first and keeps it stable', () => {
    const rows = (['minor', 'critical', 'info', 'critical', 'major'] as Severity[]).map((s, i) => ({
      s,
      i,
    }));
    expect(sortRows(rows, 'time', (r) => r.s)).to.equal(rows);
    expect(sortRows(rows, 'severity', (r) => r.s).map((r) => r.i)).to.deep.equal([1, 3, 4, 0, 2]);
  });

  it('summaryText: one alert by name, more as counts by severity, worst first', () => {
    const one = entry({ severity: 'critical', title: 'Core router down', source: 'core-1' }).alert;
    expect(summaryText(new Map([['critical', 1]]), one)).to.equal(
      'New critical alert: Core router down, core-1',
    );
    expect(
      summaryText(
        new Map<Severity, number>([
          ['major', 9],
          ['critical', 3],
        ]),
      ),
    ).to.equal('12 new alerts: 3 critical, 9 major');
  });

  it('announceAt: once per interval, a critical at once but not twice within a second', () => {
    const interval = 5000;
    // Nothing announced yet: due at once, critical or not.
    expect(
      announceAt({ lastAt: -Infinity, lastCriticalAt: -Infinity, critical: false, interval }),
    ).to.equal(-Infinity);
    // Announced at t=10000: the next summary waits for the interval...
    expect(
      announceAt({ lastAt: 10_000, lastCriticalAt: -Infinity, critical: false, interval }),
    ).to.equal(15_000);
    // ...a critical does not,
    expect(
      announceAt({ lastAt: 10_000, lastCriticalAt: -Infinity, critical: true, interval }),
    ).to.equal(-Infinity);
    // unless a critical was announced less than CRITICAL_GAP_MS ago.
    expect(
      announceAt({ lastAt: 10_000, lastCriticalAt: 10_000, critical: true, interval }),
    ).to.equal(10_000 + CRITICAL_GAP_MS);
    // A short interval wins over the gap.
    expect(
      announceAt({ lastAt: 10_000, lastCriticalAt: 10_000, critical: true, interval: 200 }),
    ).to.equal(10_200);
  });

  it('AlertStore.remove drops entries of capped groups and forgets their pending state', () => {
    const store = new AlertStore(100);
    const alerts = [entry({ source: 'old' }), entry({ source: 'new' }), entry({ source: 'new' })];
    for (const e of alerts) store.offer(e.alert, e.wireId);
    store.flush(100);
    store.markPending(store.get(alerts[0]!.alert.id)!);
    const removed = store.remove((e) => e.alert.source === 'old');
    expect(removed.map((e) => e.alert.id)).to.deep.equal([alerts[0]!.alert.id]);
    expect(store.list.map((e) => e.alert.source)).to.deep.equal(['new', 'new']);
    expect(store.get(alerts[0]!.alert.id)).to.equal(undefined);
    expect(store.isPending(alerts[0]!.alert.id)).to.equal(false);
    expect(store.unacknowledged(new Set())).to.equal(3); // counted still: received, not acknowledged
  });
});
