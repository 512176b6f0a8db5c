// Small pure parts: URL resolution, frame parsing, the close-code table, the outbox, options,
// and the heartbeat's wall-clock staleness (with an injected clock).
import { expect } from '@open-wc/testing';
import { closeRule, CloseCode } from '../../src/close-codes.js';
import { Heartbeat, heartbeatFrame } from '../../src/heartbeat.js';
import { resolveOptions } from '../../src/options.js';
import { describeFrames, Outbox } from '../../src/outbox.js';
import { parseFrame, parseJsonSafe } from '../../src/parse.js';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import {
  redact,
  resolvePollingUrl,
  resolveSocketUrl,
  splitSocketUrl,
  withParams,
} from '../../src/url.js';
import type { Message } from '../../src/types.js';

describe('url', () => {
  it('resolves a path against the page and maps http(s) to ws(s)', () => {
    expect(resolveSocketUrl('/ws/x/', 'https://example.com/page')).to.equal(
      'wss://example.com/ws/x/',
    );
    expect(resolveSocketUrl('/ws/x/', 'http://example.com/page')).to.equal(
      'ws://example.com/ws/x/',
    );
    expect(resolveSocketUrl('https://h.example/a')).to.equal('wss://h.example/a');
    expect(resolveSocketUrl('ws://h.example/a#frag')).to.equal('ws://h.example/a');
    expect(resolveSocketUrl('/ws/x/')).to.equal(`ws://${location.host}/ws/x/`);
  });

  it('rejects empty and impossible URLs with a clear TypeError', () => {
    expect(() => resolveSocketUrl('')).to.throw(TypeError, /non-empty/);
    expect(() => resolveSocketUrl('ftp://h/x')).to.throw(TypeError, /ftp:/);
    expect(() => resolveSocketUrl('http://[bad', 'not a base')).to.throw(
      TypeError,
      /not a valid URL/,
    );
    expect(() => splitSocketUrl('/ws/x/', undefined)).to.throw(TypeError, /absolute/);
  });

  it('takes a token out of a given URL, and keeps it out of error messages', () => {
    expect(splitSocketUrl('ws://h/p?a=1&token=sekrit', undefined)).to.deep.equal({
      url: 'ws://h/p?a=1',
      token: 'sekrit',
    });
    expect(() => resolveSocketUrl('http://[bad?token=sekrit', 'x'))
      .to.throw(TypeError)
      .with.property('message')
      .that.does.not.contain('sekrit');
    expect(redact('ws://h/?token=abc&x=1 and abc', 'abc')).to.equal(
      'ws://h/?token=***&x=1 and ***',
    );
  });

  it('resolves polling URLs to http(s) and adds parameters', () => {
    expect(resolvePollingUrl('/api/poll/x/', 'https://h.example/')).to.equal(
      'https://h.example/api/poll/x/',
    );
    expect(resolvePollingUrl('ws://h/api/?token=t')).to.equal('http://h/api/');
    expect(() => resolvePollingUrl('mailto:x@y')).to.throw(TypeError, /pollingUrl/);
    expect(withParams('http://h/p?a=1', { since: '4', token: 't k', none: undefined })).to.equal(
      'http://h/p?a=1&since=4&token=t+k',
    );
    expect(withParams('http://h/p', {})).to.equal('http://h/p');
  });
});

describe('parseFrame', () => {
  it('accepts an object with a string type', () => {
    expect(parseFrame('{"type":"x","n":1}', 100)).to.deep.equal({ type: 'x', n: 1 });
  });

  it('says what is wrong with each bad frame, without quoting it', () => {
    const reason = (data: unknown, max = 100): string => {
      const result = parseFrame(data, max);
      return typeof result == 'string' ? result : 'accepted';
    };
    expect(reason(new ArrayBuffer(2))).to.match(/binary/);
    expect(reason('{nope')).to.match(/not valid JSON/);
    expect(reason('[1,2]')).to.match(/not a JSON object/);
    expect(reason('null')).to.match(/not a JSON object/);
    expect(reason('42')).to.match(/not a JSON object/);
    expect(reason('{"type":5}')).to.match(/no string "type"/);
    expect(reason('{"type":""}')).to.match(/no string "type"/);
    expect(reason('{"type":"x","pad":"0123456789"}', 10)).to.match(/exceeds maxMessageSize \(10\)/);
    expect(reason('{"type":"x","secret":"s3cr3t"')).not.to.contain('s3cr3t');
  });

  it('keeps message fields away from object prototypes, at any depth', () => {
    const text =
      '{"type":"x","__proto__":{"polluted":true},"constructor":{"prototype":{"p":1}},"nested":{"__proto__":{"deep":1},"ok":2}}';
    const result = parseFrame(text, 1000);
    if (typeof result == 'string') throw new Error(result);
    const message = result as Message & { nested: Record<string, unknown> };
    expect(Object.getPrototypeOf(message)).to.equal(Object.prototype);
    expect(Object.keys(message)).to.deep.equal(['type', 'nested']);
    expect(Object.keys(message.nested)).to.deep.equal(['ok']);
    const merged = Object.assign({}, message, message.nested);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(({} as Record<string, unknown>)['deep']).to.equal(undefined);
    expect((merged as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(parseJsonSafe('[{"prototype":1,"a":2}]')).to.deep.equal([{ a: 2 }]);
  });

  it('drops unsafe keys spelled with \\u escapes, which the fast path cannot see', () => {
    // "\u005f\u005fproto__" decodes to "__proto__": the text holds no plain unsafe word.
    const text = String.raw`{"type":"x","\u005f\u005fproto__":{"polluted":1},"c\u006fnstructor":{"p":1},"ok":1}`;
    expect(text).not.to.match(/__proto__|constructor/);
    const message = parseFrame(text, 1000) as Message;
    expect(Object.keys(message)).to.deep.equal(['type', 'ok']);
    expect(Object.getPrototypeOf(message)).to.equal(Object.prototype);
    const copy = Object.assign({}, message) as Record<string, unknown>;
    expect(copy['polluted']).to.equal(undefined);
    expect(Object.getPrototypeOf(copy)).to.equal(Object.prototype);
  });

  it('parses frames without unsafe keys exactly as JSON.parse does, escapes of other text included', () => {
    for (const text of [
      '{"type":"x","n":[1,{"a":null}],"s":"caf\\u00e9 \\u4e2d","proto":1,"constructors":2}',
      '{"type":"y","deep":{"deeper":{"v":true}}}',
    ]) {
      expect(parseFrame(text, 1000)).to.deep.equal(JSON.parse(text));
    }
  });
});

describe('closeRule', () => {
  it('follows the contract table', () => {
    expect(closeRule(CloseCode.authFailed)).to.include({ kind: 'auth', retry: 'never' });
    expect(closeRule(4401)).to.include({ kind: 'auth', retry: 'never' });
    expect(closeRule(4403)).to.include({ kind: 'forbidden', retry: 'never' });
    expect(closeRule(4408)).to.include({ kind: 'timeout', retry: 'backoff' });
    expect(closeRule(4429)).to.include({ kind: 'throttled', retry: 'cap' });
    expect(closeRule(1006)).to.include({ kind: 'network', retry: 'backoff' });
    expect(closeRule(1000)).to.include({ kind: 'network', retry: 'backoff' });
  });
});

describe('Outbox', () => {
  const frame = (type: string) => ({ text: JSON.stringify({ type }), data: { type } });

  it('keeps frames in order and drops the OLDEST beyond its capacity', () => {
    const box = new Outbox(2);
    expect(box.push(frame('a'))).to.deep.equal([]);
    expect(box.push(frame('b'))).to.deep.equal([]);
    expect(box.push(frame('c'))).to.deep.equal([frame('a')]);
    expect(box.drain().map((f) => f.data)).to.deep.equal([{ type: 'b' }, { type: 'c' }]);
    expect(box.drain()).to.deep.equal([]);
  });

  it('with capacity 0 drops every frame at once', () => {
    expect(new Outbox(0).push(frame('x'))).to.deep.equal([frame('x')]);
  });

  it('names dropped frames by type, action or kind', () => {
    const names = describeFrames([
      frame('a'),
      { text: '{}', data: { action: 'subscribe' } },
      { text: '{}', data: {} },
      { text: 'hello', data: 'hello' },
    ]);
    expect(names).to.equal("'a', action 'subscribe', an object frame, a text frame");
  });
});

describe('options', () => {
  it('applies the contract defaults', () => {
    const { options, token } = resolveOptions({});
    expect(options).to.include({
      auth: 'query',
      reconnectInterval: 1000,
      maxReconnectDelay: 30000,
      maxReconnectAttempts: 10,
      jitter: 1, // full jitter by default since release 0.2
      heartbeat: 'ping',
      heartbeatInterval: 30000,
      heartbeatTimeout: 60000,
      queueSize: 100,
      pollingInterval: 2000,
      manual: false,
      exclusive: false,
    });
    expect(token).to.equal(undefined);
    expect(options.tokenUrl).to.equal(undefined);
    expect(Object.isFrozen(options)).to.equal(true);
    expect(resolveOptions({ heartbeatInterval: 100 }).options.heartbeatTimeout).to.equal(200);
    expect(resolveOptions({ heartbeat: 'none' }).options.heartbeatTimeout).to.equal(Infinity);
    expect(
      resolveOptions({ heartbeat: 'none', heartbeatTimeout: 50 }).options.heartbeatTimeout,
    ).to.equal(50);
    expect(
      resolveOptions({ maxReconnectAttempts: Infinity }).options.maxReconnectAttempts,
    ).to.equal(Infinity);
  });

  it('rejects bad values with a RangeError or TypeError naming the option', () => {
    expect(() => resolveOptions({ jitter: 2 })).to.throw(RangeError, /jitter/);
    expect(() => resolveOptions({ reconnectInterval: -1 })).to.throw(
      RangeError,
      /reconnectInterval/,
    );
    expect(() => resolveOptions({ maxReconnectAttempts: 1.5 })).to.throw(
      RangeError,
      /maxReconnectAttempts/,
    );
    expect(() => resolveOptions({ heartbeatInterval: 0 })).to.throw(
      RangeError,
      /heartbeatInterval/,
    );
    expect(() => resolveOptions({ queueSize: Infinity })).to.throw(RangeError, /queueSize/);
    expect(() => resolveOptions({ queueSize: NaN })).to.throw(TypeError, /queueSize/);
    expect(() => resolveOptions({ queueSize: '5' as never })).to.throw(TypeError, /queueSize/);
    expect(() => resolveOptions({ auth: 'header' as never })).to.throw(RangeError, /auth/);
    expect(() => resolveOptions({ heartbeat: 'pigeon' as never })).to.throw(
      RangeError,
      /heartbeat/,
    );
    expect(() => resolveOptions({ heartbeat: 3 as never })).to.throw(TypeError, /heartbeat/);
    expect(() => resolveOptions({ manual: 'yes' as never })).to.throw(TypeError, /manual/);
    expect(() => resolveOptions({ readyMessage: 5 as never })).to.throw(TypeError, /readyMessage/);
    expect(() => resolveOptions({ random: 5 as never })).to.throw(TypeError, /random/);
    expect(() => resolveOptions({ WebSocket: 5 as never })).to.throw(TypeError, /WebSocket/);
    expect(() => resolveOptions(5 as never)).to.throw(TypeError, /options/);
  });

  it('never puts the token in the URL, the options or a constructor error', () => {
    const socket = new ReconnectingSocket('/ws/x/?token=from-url', { heartbeat: 'ping' });
    expect(socket.url).to.equal(`ws://${location.host}/ws/x/`);
    const other = new ReconnectingSocket('/ws/x/', { token: 'sekrit-123' });
    expect(JSON.stringify(other)).not.to.contain('sekrit');
    expect(JSON.stringify(other.options)).not.to.contain('sekrit');
    expect(Object.values(other).map(String).join(' ')).not.to.contain('sekrit');
    expect(() => new ReconnectingSocket('/ws/x/', { token: 7 as never })).to.throw(
      TypeError,
      /token/,
    );
    for (const bad of [{ jitter: 9 }, { auth: 'sekrit-123' as never }]) {
      expect(
        () => new ReconnectingSocket('ftp://h/?token=sekrit-123', { token: 'sekrit-123', ...bad }),
      )
        .to.throw()
        .with.property('message')
        .that.does.not.contain('sekrit-123');
    }
  });
});

describe('Heartbeat (injected clock)', () => {
  it('judges staleness by the wall clock and probes a live socket with a heartbeat now', () => {
    let now = 1000;
    const sent: object[] = [];
    let dead = 0;
    const beat = new Heartbeat(
      { mode: 'heartbeat', interval: 60000, timeout: 500, now: () => now },
      { send: (frame) => sent.push(frame), dead: () => (dead += 1) },
    );
    beat.watch();
    beat.beat();
    now += 400;
    beat.probe();
    expect(sent).to.have.length(1);
    expect(sent[0]).to.have.property('type', 'heartbeat');
    beat.seen({ type: 'heartbeat_ack', latency_ms: 12 });
    expect(beat.latency).to.equal(12);
    // Timers may be throttled (hidden tab): only the clock moved, and that is enough.
    now += 501;
    expect(beat.isStale()).to.equal(true);
    beat.probe();
    expect(dead).to.equal(1);
    expect(beat.isStale()).to.equal(false);
    beat.stop();
  });

  it('measures the ping → pong round trip when no latency_ms is given', () => {
    let now = 0;
    const beat = new Heartbeat(
      { mode: 'ping', interval: 60000, timeout: Infinity, now: () => now },
      { send: () => {}, dead: () => {} },
    );
    beat.watch();
    beat.beat();
    beat.probe();
    now += 37;
    beat.seen({ type: 'pong' });
    expect(beat.latency).to.equal(37);
    now += 10;
    beat.seen({ type: 'pong' }); // unsolicited: no new measurement
    expect(beat.latency).to.equal(37);
    beat.stop();
  });

  it('speaks the three dialects, and none', () => {
    const at = new Date('2026-01-15T10:00:00.000Z');
    expect(heartbeatFrame('ping', at)).to.deep.equal({ type: 'ping' });
    expect(heartbeatFrame('heartbeat', at)).to.deep.equal({
      type: 'heartbeat',
      timestamp: '2026-01-15T10:00:00.000Z',
    });
    expect(heartbeatFrame('action-ping', at)).to.deep.equal({ action: 'ping' });
    expect(heartbeatFrame('none', at)).to.equal(undefined);
  });
});
