import { expect } from '@open-wc/testing';
import { ConnectionStatus } from '../../src/types.js';

describe('pipeline', () => {
  it('runs TypeScript in Chromium', () => {
    expect(ConnectionStatus.connected).to.equal('connected');
  });
});
