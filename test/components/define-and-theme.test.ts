// Registration (safe twice, all five), typed events and tags, and theming: custom properties,
// ::part from the page, and the dark scheme (with axe in it).
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { create, mount, unmountAll } from '../helpers/components/mount.js';
import { shadow } from '../helpers/components/dom.js';
import { define } from '../../components/internal/define.js';
import {
  GcodePanel,
  NocAlertFeed,
  WsConnection,
  WsStatusBadge,
  WsToast,
  type AlertNewDetail,
} from '../../components/index.js';
import type { ConnectionStatus, ErrorDetail } from '../../src/types.js';

const TAGS = {
  'ws-connection': WsConnection,
  'ws-status-badge': WsStatusBadge,
  'ws-toast': WsToast,
  'noc-alert-feed': NocAlertFeed,
  'gcode-panel': GcodePanel,
} as const;

describe('registration and types', () => {
  it('define-all registers the five elements, and define() twice is harmless', () => {
    for (const [tag, ctor] of Object.entries(TAGS))
      expect(customElements.get(tag), tag).to.equal(ctor);
    class Impostor extends HTMLElement {}
    expect(define('ws-toast', Impostor)).to.equal(WsToast);
    expect(customElements.get('ws-toast')).to.equal(WsToast);
  });

  it('types events and tags for user code', () => {
    // These lines are checked by tsc: detail types flow from the event maps.
    const conn = document.createElement('ws-connection');
    const statuses: ConnectionStatus[] = [];
    conn.addEventListener('connectionStatus', (e) => statuses.push(e.detail.status));
    conn.addEventListener('error', (e) => {
      const kind: ErrorDetail['kind'] = e.detail.kind;
      return kind;
    });
    const feed: NocAlertFeed = document.createElement('noc-alert-feed');
    let last: AlertNewDetail | undefined;
    feed.addEventListener('alert-new', (e) => (last = e.detail));
    feed.dispatchEvent(new CustomEvent('alert-new', { detail: { alert: { id: 'x' } } }));
    expect(last?.alert.id).to.equal('x');
    conn.dispatchEvent(
      new CustomEvent('connectionStatus', {
        detail: { status: 'connected', previous: 'connecting', attempt: 0 },
      }),
    );
    expect(statuses).to.deep.equal(['connected']);
  });
});

describe('theming', () => {
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    document.getElementById('part-style')?.remove();
    await unmountAll();
  });

  const background = (el: Element) => getComputedStyle(el).backgroundColor;

  it('custom properties and ::part restyle the elements from the page', async () => {
    const style = document.createElement('style');
    style.id = 'part-style';
    style.textContent = `
      ws-status-badge::part(label) { text-decoration: underline; }
      noc-alert-feed::part(empty) { font-style: italic; }`;
    document.head.append(style);
    const badge = mount(create('ws-status-badge'));
    badge.style.setProperty('--ws-status-badge-disconnected-color', 'rgb(1, 2, 3)');
    badge.style.setProperty('--ws-status-badge-background', 'rgb(250, 250, 240)');
    const feed = mount(create('noc-alert-feed'));
    await Promise.all([badge.updateComplete, feed.updateComplete]);
    expect(getComputedStyle(shadow(badge).querySelector('[part="dot"]')!).backgroundColor).to.equal(
      'rgb(1, 2, 3)',
    );
    expect(background(badge)).to.equal('rgb(250, 250, 240)');
    expect(
      getComputedStyle(shadow(badge).querySelector('[part="label"]')!).textDecorationLine,
    ).to.equal('underline');
    expect(getComputedStyle(shadow(feed).querySelector('[part="empty"]')!).fontStyle).to.equal(
      'italic',
    );
  });

  it('follows a dark colour scheme and stays accessible in it', async () => {
    const els = [
      mount(create('ws-status-badge')),
      mount(create('noc-alert-feed')),
      mount(create('gcode-panel')),
    ];
    const toast = mount(create('ws-toast', { duration: 0 }));
    toast.show('Dark toast', { variant: 'warning' });
    await Promise.all([...els, toast].map((el) => el.updateComplete));
    const toastBox = () => shadow(toast).querySelector('[part~="toast"]')!;
    const light = [...els.map(background), background(toastBox())];
    await emulateMedia({ colorScheme: 'dark' });
    const dark = [...els.map(background), background(toastBox())];
    light.forEach((value, i) => expect(dark[i], `element ${i}`).to.not.equal(value));
    for (const el of [...els, toast]) await expect(el).to.be.accessible();
  });
});
