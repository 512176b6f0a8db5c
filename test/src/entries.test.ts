// The two entries of the core, `ws-widgets` (src/index.ts) and `ws-widgets/socket`
// (src/socket.ts), export the same service and its helpers.
import { expect } from '@open-wc/testing';
import * as root from '../../src/index.js';
import * as entry from '../../src/socket.js';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';

describe('core entries', () => {
  it('export the same ReconnectingSocket, acquireSocket and helpers', () => {
    expect(root.ReconnectingSocket).to.equal(ReconnectingSocket);
    expect(entry.ReconnectingSocket).to.equal(ReconnectingSocket);
    expect(Object.keys(entry).sort()).to.deep.equal(Object.keys(root).sort());
    expect(Object.keys(root).sort()).to.include.members([
      'ReconnectingSocket',
      'acquireSocket',
      'resolveSocketUrl',
      'ConnectionStatus',
      'ErrorKind',
      'CloseCode',
      'backoffDelay',
    ]);
    // Internals stay out of the public entry (issue 14): tests import them from their modules.
    for (const internal of ['baseDelay', 'jittered', 'closeRule', 'sharedSocketCount'])
      expect(root, internal).not.to.have.property(internal);
  });

  it('exposes statuses and error kinds as value objects', () => {
    expect(Object.values(root.ConnectionStatus).sort()).to.deep.equal([
      'connected',
      'connecting',
      'disconnected',
      'failed',
      'polling',
      'reconnecting',
    ]);
    expect(Object.values(root.ErrorKind)).to.include.members([
      'network',
      'auth',
      'forbidden',
      'throttled',
      'timeout',
      'parse',
      'server',
      'queue-overflow',
      'max-attempts',
    ]);
    expect(root.CloseCode).to.include({
      normal: 1000,
      authFailed: 4001,
      forbidden: 4403,
      throttled: 4429,
    });
  });
});
