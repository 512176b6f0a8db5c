// The state machine as a table: every state against every event, through the pure transition
// function (no server, no timers). A cell is the next state in short notation, or '=' when the
// event changes nothing (the same object comes back).
import { expect } from '@open-wc/testing';
import {
  announces,
  holdsSocket,
  INITIAL,
  statusOf,
  transition,
  type MachineConfig,
  type Phase,
  type SocketEvent,
  type State,
} from '../../src/state.js';

const config: MachineConfig = { maxReconnectAttempts: 3, polling: false, refresh: true };

/** `phase(detail)#attempt`, `~` when the token refresh is spent. */
function show(s: State): string {
  const tail = `#${s.attempt}${s.armed ? '' : '~'}`;
  switch (s.phase) {
    case 'idle':
      return `idle${s.resume ? '+r' : ''}${tail}`;
    case 'waiting':
      return `wait(${s.wait})${tail}`;
    case 'polling':
      return `poll${s.probing ? '+p' : ''}${tail}`;
    case 'failed':
      return `fail(${s.why})${tail}`;
    default:
      return `${s.phase}${tail}`;
  }
}

const EVENTS: [string, SocketEvent][] = [
  ['connect', { type: 'connect' }],
  ['disconnect', { type: 'disconnect' }],
  ['pagehide', { type: 'pagehide' }],
  ['pageshow', { type: 'pageshow' }],
  ['ready', { type: 'ready' }],
  ['accepted', { type: 'accepted' }],
  ['lost backoff', { type: 'lost', wait: 'backoff' }],
  ['lost now', { type: 'lost', wait: 'now' }],
  ['lost cap', { type: 'lost', wait: 'cap' }],
  ['lost 1500', { type: 'lost', wait: 1500 }],
  ['refused auth', { type: 'refused', kind: 'auth' }],
  ['refused forbidden', { type: 'refused', kind: 'forbidden' }],
  ['refreshed', { type: 'refreshed' }],
  ['refreshFailed', { type: 'refreshFailed' }],
  ['due', { type: 'due' }],
  ['online', { type: 'online' }],
  ['tokenUpdated', { type: 'tokenUpdated' }],
];

const a = { armed: true };
const u = { armed: false };

// prettier-ignore
const TABLE: [State, string[]][] = [
  //                                                     connect       disconnect    pagehide        pageshow      ready           accepted      lost backoff          lost now        lost cap          lost 1500           refused auth         refused forbidden        refreshed     refreshFailed     due           online        tokenUpdated
  [{ phase: 'idle', resume: false, attempt: 0, ...a },  ['opening#0',  '=',          '=',            '=',          '=',            '=',          '=',                  '=',            '=',              '=',                '=',                 '=',                     '=',          '=',              '=',          '=',          '=']],
  [{ phase: 'idle', resume: true, attempt: 0, ...a },   ['opening#0',  'idle#0',     '=',            'opening#0',  '=',            '=',          '=',                  '=',            '=',              '=',                '=',                 '=',                     '=',          '=',              '=',          '=',          '=']],
  [{ phase: 'opening', attempt: 0, ...a },              ['=',          'idle#0',     'idle+r#0',     '=',          'connected#0',  '=',          'wait(backoff)#1',    'opening#1',    'wait(cap)#1',    'wait(1500)#1',     'refreshing#1~',     'fail(forbidden)#0',     '=',          '=',              '=',          '=',          '=']],
  [{ phase: 'opening', attempt: 3, ...u },              ['=',          'idle#0~',    'idle+r#0~',    '=',          'connected#3~', '=',          'fail(exhausted)#3~', 'fail(exhausted)#3~', 'fail(exhausted)#3~', 'fail(exhausted)#3~', 'fail(auth)#3~', 'fail(forbidden)#3~',    '=',          '=',              '=',          '=',          '=']],
  [{ phase: 'waiting', wait: 'backoff', attempt: 2, ...a }, ['opening#2', 'idle#0',   'idle+r#0',     '=',          '=',            '=',          '=',                  '=',            '=',              '=',                '=',                 '=',                     '=',          '=',              'opening#2',  'opening#2',  '=']],
  [{ phase: 'refreshing', attempt: 1, ...u },           ['opening#1~', 'idle#0~',    'idle+r#0~',    '=',          '=',            '=',          '=',                  '=',            '=',              '=',                '=',                 '=',                     'opening#1~', 'fail(auth)#1~',  '=',          '=',          '=']],
  [{ phase: 'connected', attempt: 2, ...u },            ['=',          'idle#0~',    'idle+r#0~',    '=',          '=',            'connected#0', 'wait(backoff)#3~',  'opening#3~',   'wait(cap)#3~',   'wait(1500)#3~',    'fail(auth)#2~',     'fail(forbidden)#2~',    '=',          '=',              '=',          '=',          '=']],
  [{ phase: 'connected', attempt: 0, ...a },            ['=',          'idle#0',     'idle+r#0',     '=',          '=',            '=',          'wait(backoff)#1',    'opening#1',    'wait(cap)#1',    'wait(1500)#1',     'refreshing#1~',     'fail(forbidden)#0',     '=',          '=',              '=',          '=',          '=']],
  [{ phase: 'polling', probing: false, attempt: 3, ...a }, ['poll+p#3', 'idle#0',    'idle+r#0',     '=',          '=',            '=',          '=',                  '=',            '=',              '=',                'refreshing#4~',     'fail(forbidden)#3',     '=',          '=',              'poll+p#3',   'poll+p#3',   '=']],
  [{ phase: 'polling', probing: true, attempt: 3, ...u }, ['=',         'idle#0~',    'idle+r#0~',    '=',          'connected#3~', '=',          'poll#3~',            'poll#3~',      'poll#3~',        'poll#3~',          'fail(auth)#3~',     'fail(forbidden)#3~',    '=',          '=',              '=',          '=',          '=']],
  [{ phase: 'failed', why: 'auth', attempt: 2, ...u },  ['opening#0~', 'idle#0~',    'idle+r#0~',    '=',          '=',            '=',          '=',                  '=',            '=',              '=',                '=',                 '=',                     '=',          '=',              '=',          '=',          'opening#0~']],
  [{ phase: 'failed', why: 'forbidden', attempt: 0, ...a }, ['opening#0', 'idle#0',   'idle+r#0',     '=',          '=',            '=',          '=',                  '=',            '=',              '=',                '=',                 '=',                     '=',          '=',              '=',          '=',          '=']],
  [{ phase: 'failed', why: 'exhausted', attempt: 3, ...a }, ['opening#0', 'idle#0',   'idle+r#0',     '=',          '=',            '=',          '=',                  '=',            '=',              '=',                '=',                 '=',                     '=',          '=',              '=',          'opening#0',  '=']],
];

describe('state: the transition table', () => {
  it('covers every phase and every event', () => {
    const phases: Phase[] = [
      'idle',
      'opening',
      'waiting',
      'refreshing',
      'connected',
      'polling',
      'failed',
    ];
    expect([...new Set(TABLE.map(([s]) => s.phase))].sort()).to.deep.equal(phases.sort());
    const types = new Set(EVENTS.map(([, e]) => e.type));
    expect(types.size).to.equal(13);
    for (const [state, row] of TABLE) expect(row, show(state)).to.have.length(EVENTS.length);
  });

  for (const [state, row] of TABLE) {
    it(`from ${show(state)}`, () => {
      const got = EVENTS.map(([, event]) => {
        const next = transition(state, event, config);
        return next === state ? '=' : show(next);
      });
      const cells = EVENTS.map(([name], i) => `${name}: ${got[i]}`);
      const expected = EVENTS.map(([name], i) => `${name}: ${row[i]}`);
      expect(cells).to.deep.equal(expected);
    });
  }

  it('exhausted attempts poll when a polling URL is set; no token source means no refresh', () => {
    const opening: State = { phase: 'opening', attempt: 3, armed: true };
    const lost: SocketEvent = { type: 'lost', wait: 'backoff' };
    expect(show(transition(opening, lost, { ...config, polling: true }))).to.equal('poll#3');
    const refused: SocketEvent = { type: 'refused', kind: 'auth' };
    expect(show(transition(opening, refused, { ...config, refresh: false }))).to.equal(
      'fail(auth)#3',
    );
    // No retries at all: the first loss ends the attempts.
    const first: State = { phase: 'connected', attempt: 0, armed: true };
    expect(show(transition(first, lost, { ...config, maxReconnectAttempts: 0 }))).to.equal(
      'fail(exhausted)#0',
    );
    // An advice of 0 s retries at once, as the heartbeat does.
    expect(show(transition(first, { type: 'lost', wait: 0 }, config))).to.equal('opening#1');
  });

  it('never lets a refresh loop: refused, refreshed, refused again ends in failed', () => {
    let state = transition(INITIAL, { type: 'connect' }, config);
    const steps: string[] = [];
    for (const event of [
      { type: 'refused', kind: 'auth' },
      { type: 'refreshed' },
      { type: 'refused', kind: 'auth' },
    ] as SocketEvent[]) {
      state = transition(state, event, config);
      steps.push(show(state));
    }
    expect(steps).to.deep.equal(['refreshing#1~', 'opening#1~', 'fail(auth)#1~']);
    // Only a connection the server accepted re-arms it.
    state = transition(state, { type: 'connect' }, config);
    state = transition(state, { type: 'ready' }, config);
    expect(show(state)).to.equal('connected#0~');
    expect(show(transition(state, { type: 'accepted' }, config))).to.equal('connected#0');
  });
});

describe('state: statuses and announcements', () => {
  const s = (x: State) => x;
  it('derives the public status from the phase (and the attempt while opening)', () => {
    expect(
      [
        INITIAL,
        s({ phase: 'opening', attempt: 0, armed: true }),
        s({ phase: 'opening', attempt: 1, armed: true }),
        s({ phase: 'waiting', wait: 'cap', attempt: 1, armed: true }),
        s({ phase: 'refreshing', attempt: 1, armed: false }),
        s({ phase: 'connected', attempt: 1, armed: true }),
        s({ phase: 'polling', probing: true, attempt: 1, armed: true }),
        s({ phase: 'failed', why: 'auth', attempt: 1, armed: true }),
      ].map(statusOf),
    ).to.deep.equal([
      'disconnected',
      'connecting',
      'reconnecting',
      'reconnecting',
      'reconnecting',
      'connected',
      'polling',
      'failed',
    ]);
    expect(holdsSocket(s({ phase: 'polling', probing: false, attempt: 1, armed: true }))).to.equal(
      false,
    );
    expect(holdsSocket(s({ phase: 'polling', probing: true, attempt: 1, armed: true }))).to.equal(
      true,
    );
  });

  it('announces a new status, a retry scheduled or begun; not a quiet change', () => {
    const opening1 = s({ phase: 'opening', attempt: 1, armed: true });
    const waiting1 = s({ phase: 'waiting', wait: 'backoff', attempt: 1, armed: true });
    const connected = s({ phase: 'connected', attempt: 1, armed: false });
    const polling = s({ phase: 'polling', probing: false, attempt: 3, armed: true });
    const cases: [State, State, boolean][] = [
      [INITIAL, INITIAL, false],
      [connected, waiting1, true],
      [waiting1, opening1, true], // reconnecting → reconnecting: the retry begins
      [opening1, s({ phase: 'opening', attempt: 2, armed: true }), true], // at once after a dead socket
      [connected, s({ phase: 'connected', attempt: 0, armed: true }), false],
      [polling, s({ phase: 'polling', probing: true, attempt: 3, armed: true }), false],
      [INITIAL, s({ phase: 'idle', resume: true, attempt: 0, armed: true }), false],
    ];
    for (const [prev, next, expected] of cases)
      expect(announces(prev, next), `${show(prev)} → ${show(next)}`).to.equal(expected);
  });
});
