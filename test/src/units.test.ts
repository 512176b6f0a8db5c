// Small pure parts: URL resolution, frame parsing, the close-code table, the outbox, options.
import { expect } from '@open-wc/testing';
import { resolveSocketUrl, withParam } from '../../src/url.js';
import { parseFrame } from '../../src/parse.js';
import { closePolicy } from '../../src/close-codes.js';
import { Outbox } from '../../src/outbox.js';
import { resolveOptions } from '../../src/options.js';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';

describe('resolveSocketUrl', () => {
  it('resolves a path against the page and maps http(s) to ws(s)', () => {
    expect(resolveSocketUrl('/ws/x/', 'https://example.com/page')).to.equal('wss://example.com/ws/x/');
    expect(resolveSocketUrl('/ws/x/', 'http://example.com/page')).to.equal('ws://example.com/ws/x/');
    expect(resolveSocketUrl('https://h.example/a')).to.equal('wss://h.example/a');
    expect(resolveSocketUrl('ws://h.example/a')).to.equal('ws://h.example/a');
    expect(resolveSocketUrl('/ws/x/')).to.equal(`ws://${location.host}/ws/x/`);
  });

  it('rejects empty and impossible URLs with a clear TypeError', () => {
    expect(() => resolveSocketUrl('')).to.throw(TypeError, /required/);
    expect(() => resolveSocketUrl('ftp://h/x')).to.throw(TypeError, /ftp:/);
    expect(() => resolveSocketUrl('http://[bad', 'not a base')).to.throw(TypeError, /not a valid/);
  });

  it('adds a query parameter without disturbing others', () => {
    expect(withParam('ws://h/p?a=1', 'token', 't k')).to.equal('ws://h/p?a=1&token=t+k');
  });
});

describe('parseFrame', () => {
  it('accepts an object with a string type', () => {
    expect(parseFrame('{"type":"x","n":1}', 100)).to.deep.equal({ message: { type: 'x', n: 1 } });
  });
  it('names the problem with each bad frame', () => {
    const problem = (data: unknown, max = 100) => (parseFrame(data, max) as { problem: string }).problem;
    expect(problem(new ArrayBuffer(2))).to.match(/binary/);
    expect(problem('{nope')).to.match(/not valid JSON/);
    expect(problem('[1,2]')).to.match(/not a JSON object/);
    expect(problem('null')).to.match(/not a JSON object/);
    expect(problem('{"type":5}')).to.match(/no string "type"/);
    expect(problem('{"type":"x","pad":"0123456789"}', 10)).to.match(/exceeds the limit of 10/);
  });
  it('keeps message fields away from object prototypes', () => {
    const result = parseFrame('{"type":"x","__proto__":{"polluted":true},"nested":{"constructor":{"prototype":{"p":1}}}}', 1000);
    const message = (result as { message: Record<string, unknown> }).message;
    expect(Object.getPrototypeOf(message)).to.equal(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(message, '__proto__')).to.equal(false);
    const target = Object.assign({}, message, message.nested as object);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect((target as Record<string, unknown>).polluted).to.equal(undefined);
  });
});

describe('closePolicy', () => {
  it('follows the contract table', () => {
    expect(closePolicy(4001)).to.include({ kind: 'auth', reconnect: false });
    expect(closePolicy(4401)).to.include({ kind: 'auth', reconnect: false });
    expect(closePolicy(4403)).to.include({ kind: 'forbidden', reconnect: false });
    expect(closePolicy(4408)).to.include({ kind: 'timeout', reconnect: true });
    expect(closePolicy(4429)).to.include({ kind: 'throttled', reconnect: true, throttled: true });
    expect(closePolicy(1006)).to.include({ kind: 'network', reconnect: true });
  });
});

describe('Outbox', () => {
  it('keeps frames in order and drops the oldest beyond its limit', () => {
    const box = new Outbox(2);
    expect(box.push('a')).to.deep.equal([]);
    expect(box.push('b')).to.deep.equal([]);
    expect(box.push('c')).to.deep.equal(['a']);
    expect(box.drain()).to.deep.equal(['b', 'c']);
    expect(box.size).to.equal(0);
    expect(new Outbox(0).push('x')).to.deep.equal(['x']);
  });
});

describe('options', () => {
  it('applies the contract defaults', () => {
    const o = resolveOptions({});
    expect(o).to.include({
      reconnectInterval: 1000, maxReconnectDelay: 30000, maxReconnectAttempts: 10, jitter: 0.5,
      heartbeat: 'ping', heartbeatInterval: 30000, heartbeatTimeout: 60000, queueSize: 100, pollingInterval: 2000,
    });
    expect(o.auth).to.equal(undefined);
    expect(resolveOptions({ token: 't' }).auth).to.equal('query');
    expect(resolveOptions({ heartbeatInterval: 100 }).heartbeatTimeout).to.equal(200);
    expect(resolveOptions({ maxReconnectAttempts: Infinity }).maxReconnectAttempts).to.equal(Infinity);
  });

  it('rejects bad values with a RangeError naming the option', () => {
    expect(() => resolveOptions({ jitter: 2 })).to.throw(RangeError, /jitter/);
    expect(() => resolveOptions({ reconnectInterval: -1 })).to.throw(RangeError, /reconnectInterval/);
    expect(() => resolveOptions({ maxReconnectAttempts: 1.5 })).to.throw(RangeError, /maxReconnectAttempts/);
    expect(() => resolveOptions({ queueSize: NaN })).to.throw(RangeError, /queueSize/);
    expect(() => resolveOptions({ auth: 'header' as never })).to.throw(RangeError, /auth/);
    expect(() => resolveOptions({ heartbeat: 'pigeon' as never })).to.throw(RangeError, /heartbeat/);
  });

  it('never puts the token in the URL it exposes or in a constructor error', () => {
    const socket = new ReconnectingSocket('/ws/x/', { token: 'sekrit-123' });
    expect(socket.url).not.to.contain('sekrit');
    expect(JSON.stringify(socket.options)).not.to.contain('sekrit');
    try {
      new ReconnectingSocket('/ws/x/', { token: 'sekrit-123', jitter: 9 });
    } catch (error) {
      expect(String(error)).not.to.contain('sekrit');
    }
  });
});
