// AlertStream alone: what each seq means to the feed, and when a recovery is complete.
import { expect } from '@open-wc/testing';
import {
  AlertStream,
  FrameAction,
  readAlertState,
} from '../../components/noc-alert-feed/alert-stream.js';

describe('AlertStream', () => {
  it('subscribes without since until a seq is known, then with the last one seen', () => {
    const s = new AlertStream();
    expect(s.subscription('acme')).to.deep.equal({ type: 'subscribe_client', client_id: 'acme' });
    expect(s.subscribed(0, undefined)).to.equal(undefined);
    expect(s.snapshot(4)).to.deep.equal({ rebuilt: false });
    expect(s.frame(5, true)).to.equal(FrameAction.apply);
    expect(s.subscription('acme')).to.deep.equal({
      type: 'subscribe_client',
      client_id: 'acme',
      since: 5,
    });
  });

  it('ignores what it has seen, asks once about a skip, and takes the replay in order', () => {
    const s = new AlertStream();
    s.snapshot(3);
    expect(s.frame(3, true)).to.equal(FrameAction.ignore);
    expect(s.frame(6, true)).to.equal(FrameAction.ask);
    expect(s.ask('acme')).to.deep.equal({ type: 'subscribe_client', client_id: 'acme', since: 3 });
    expect(s.frame(7, true)).to.equal(FrameAction.ignore); // the answer brings it
    expect(s.subscribed(7, true)).to.equal(undefined);
    for (const seq of [4, 5, 6]) expect(s.frame(seq, true)).to.equal(FrameAction.apply);
    expect(s.completed()).to.equal(undefined);
    expect(s.frame(7, true)).to.equal(FrameAction.apply);
    expect(s.completed()).to.deep.equal({ recovered: true, replayed: 4 });
    expect(s.completed()).to.equal(undefined);
  });

  it('reports a recovery with nothing to replay at once, and a snapshot as not recovered', () => {
    const s = new AlertStream();
    s.snapshot(9);
    s.subscription('acme');
    expect(s.subscribed(9, true)).to.deep.equal({ recovered: true, replayed: 0 });
    s.subscription('acme');
    expect(s.subscribed(20, false)).to.equal(undefined);
    expect(s.snapshot(20)).to.deep.equal({
      rebuilt: true,
      recovery: { recovered: false, replayed: 0 },
    });
    expect(s.seq).to.equal(20);
  });

  it('applies a skip it cannot ask about (polling keeps its own cursor) and unnumbered frames', () => {
    const s = new AlertStream();
    expect(s.frame(undefined, true)).to.equal(FrameAction.apply);
    expect(s.seq).to.equal(undefined);
    expect(s.frame(2, true)).to.equal(FrameAction.apply);
    expect(s.frame(5, false)).to.equal(FrameAction.apply);
    expect(s.seq).to.equal(5);
    s.reset();
    expect(s.seq).to.equal(undefined);
  });

  it('reads {seq, alerts} with acknowledgements, skipping what is not an alert', () => {
    const state = readAlertState({
      seq: 12,
      alerts: [
        { id: 7, client_id: 'acme', severity: 'major', title: 'Numbered' },
        { id: 'b', title: 'Done', acknowledged_by: 'bob', acknowledged_at: '2026-01-01T00:00:00Z' },
        { title: 'no id' },
        'junk',
      ],
    });
    expect(state.seq).to.equal(12);
    expect(state.alerts.map((a) => [a.wireId, a.acknowledgedBy])).to.deep.equal([
      [7, undefined],
      ['b', 'bob'],
    ]);
    expect(readAlertState({ seq: -1, alerts: 'x' })).to.deep.equal({ seq: undefined, alerts: [] });
    expect(() => readAlertState([])).to.throw(TypeError);
  });
});
