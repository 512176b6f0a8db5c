// <ws-toast>: show(), variants and live regions, de-duplication, the cap, timeouts that pause on
// hover and focus, dismissal, text-only rendering, connection announcements and toast().
import { expect } from '@open-wc/testing';
import { startServer, type TestServer } from '../helpers/server.js';
import { nextEvent } from '../helpers/events.js';
import { connection, create, mount, status, unmountAll } from '../helpers/components/mount.js';
import { rendered, shadow } from '../helpers/components/dom.js';
import { ToastHarness } from '../helpers/components/toast-harness.js';
import { trackTimers } from '../helpers/components/timers.js';
import { toast, type ToastDismissDetail, type WsToast } from '../../components/index.js';

const PRESENCE = '/ws/noc/presence/';

function stack(attrs: Record<string, string | number> = {}): { el: WsToast; h: ToastHarness } {
  const el = mount(create('ws-toast', attrs));
  return { el, h: new ToastHarness(el) };
}

describe('<ws-toast>', () => {
  afterEach(() => unmountAll());

  it('shows the four variants as text, errors in the assertive region, and passes axe', async () => {
    const { el, h } = stack({ duration: 0 });
    await expect(el).to.be.accessible(); // empty
    for (const variant of ['info', 'success', 'warning', 'error'] as const) {
      el.show(`A ${variant} message`, { variant });
      await el.updateComplete;
      const t = h.find(`A ${variant} message`)!;
      expect(t.variant).to.equal(variant);
      expect(t.region).to.equal(variant === 'error' ? 'assertive' : 'polite');
      expect(t.el.getAttribute('part')).to.contain(`toast-${variant}`);
      await expect(el).to.be.accessible();
    }
    expect(h.region('polite').getAttribute('aria-live')).to.equal('polite');
    expect(h.region('assertive').getAttribute('aria-live')).to.equal('assertive');
  });

  it('renders message text as text, never as markup', async () => {
    const { el, h } = stack();
    const payload = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    el.show(payload, { variant: 'error' });
    await el.updateComplete;
    expect(h.messages).to.deep.equal([payload]);
    expect(shadow(el).querySelector('img, b')).to.equal(null);
  });

  it('counts identical toasts instead of copying them', async () => {
    const { el, h } = stack();
    const first = el.show('Saved', { variant: 'success' });
    const second = el.show('Saved', { variant: 'success' });
    el.show('Saved', { variant: 'info' }); // another variant is another toast
    await el.updateComplete;
    expect(second).to.equal(first);
    expect(h.toasts.map((t) => [t.message, t.variant, t.count])).to.deep.equal([
      ['Saved', 'success', 2],
      ['Saved', 'info', 1],
    ]);
    await expect(el).to.be.accessible();
  });

  it('folds a burst beyond the cap (10 by default) into one "N more" toast', async () => {
    const { el, h } = stack({ duration: 0 });
    expect(el.max).to.equal(10);
    const gone: ToastDismissDetail[] = [];
    el.addEventListener('toast-dismiss', (e) => gone.push(e.detail));
    for (let i = 1; i <= 25; i += 1) el.show(`Toast ${i}`, { variant: i === 3 ? 'error' : 'info' });
    await el.updateComplete;
    expect(h.toasts).to.have.length(10);
    // The newest nine stay; the sixteen before them are one toast, as bad as the worst of them.
    expect(h.messages).to.deep.equal([
      '16 more',
      ...Array.from({ length: 9 }, (_, i) => `Toast ${i + 17}`),
    ]);
    const more = h.find('16 more')!;
    expect([more.variant, more.region]).to.deep.equal(['error', 'assertive']);
    expect(more.el.getAttribute('part')).to.equal('toast toast-error toast-more');
    expect(more.el.querySelector('[part="count"]'), 'no ×16 beside "16 more"').to.equal(null);
    expect(gone.map((d) => d.reason)).to.deep.equal(Array(16).fill('cap'));
    expect(gone[0]!.message).to.equal('Toast 1');
    await expect(el).to.be.accessible();
    // Dismissed like any other toast.
    h.closeButton('16 more').click();
    await el.updateComplete;
    expect(h.toasts).to.have.length(9);
  });

  it('keeps a smaller max with the "N more" toast inside it', async () => {
    const { el, h } = stack({ max: 3 });
    for (let i = 1; i <= 5; i += 1) el.show(`Toast ${i}`);
    await el.updateComplete;
    expect(h.messages).to.deep.equal(['3 more', 'Toast 4', 'Toast 5']);
    el.show('Toast 6');
    await el.updateComplete;
    expect(h.messages).to.deep.equal(['4 more', 'Toast 5', 'Toast 6']);
  });

  it('leaves after its duration, and pauses while hovered or focused', async () => {
    const timers = trackTimers();
    try {
      const { el, h } = stack();
      el.show('Hover me', { duration: 60_000 });
      await el.updateComplete;
      expect(timers.pending()).to.equal(1);
      h.stack.dispatchEvent(new MouseEvent('mouseenter'));
      expect(timers.pending(), 'paused by hover').to.equal(0);
      h.stack.dispatchEvent(new MouseEvent('mouseleave'));
      expect(timers.pending(), 'resumed').to.equal(1);
      // A test page running in a background tab gets no focus events from focus(): send them too.
      const close = h.closeButton('Hover me');
      close.focus();
      close.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
      expect(timers.pending(), 'paused by focus').to.equal(0);
      close.blur();
      close.dispatchEvent(
        new FocusEvent('focusout', { bubbles: true, composed: true, relatedTarget: null }),
      );
      expect(timers.pending(), 'resumed after blur').to.equal(1);
      el.clear();
      expect(timers.pending()).to.equal(0);
      const left = nextEvent<CustomEvent<ToastDismissDetail>>(el, 'toast-dismiss');
      el.show('Brief', { duration: 30 });
      expect((await left).detail).to.deep.include({ message: 'Brief', reason: 'timeout' });
      await el.updateComplete;
      expect(h.toasts).to.have.length(0);
    } finally {
      timers.uninstall();
    }
  });

  it('is dismissed by its button and by Escape, keyboard first', async () => {
    const { el, h } = stack({ duration: 0 });
    el.show('One');
    el.show('Two');
    await el.updateComplete;
    const button = h.closeButton('One');
    expect(button.getAttribute('aria-label')).to.equal('Dismiss');
    const byButton = nextEvent<CustomEvent<ToastDismissDetail>>(el, 'toast-dismiss');
    button.click();
    expect((await byButton).detail).to.deep.include({ message: 'One', reason: 'button' });
    await el.updateComplete;
    const two = h.closeButton('Two');
    two.focus();
    const byEscape = nextEvent<CustomEvent<ToastDismissDetail>>(el, 'toast-dismiss');
    two.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    expect((await byEscape).detail).to.deep.include({ message: 'Two', reason: 'escape' });
    await el.updateComplete;
    expect(h.toasts).to.have.length(0);
  });

  it('toast() shows in the page stack, creating one in body when there is none', async () => {
    expect(document.querySelector('ws-toast')).to.equal(null);
    const created = toast('Hello from a plain page', 'success');
    try {
      expect(created.parentElement).to.equal(document.body);
      await created.updateComplete;
      expect(new ToastHarness(created).find('Hello from a plain page')?.variant).to.equal(
        'success',
      );
      expect(toast('Again', 'warning')).to.equal(created);
      expect(document.querySelectorAll('ws-toast')).to.have.length(1);
    } finally {
      created.remove();
    }
  });
});

describe('<ws-toast> bound to a connection', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());
  afterEach(async () => {
    await unmountAll();
    await server.waitForConnections(0);
  });

  it('announces a lost and a restored connection (for)', async () => {
    const conn = mount(connection(server.wsUrl(PRESENCE), { id: 'c1' }));
    const { el, h } = stack({ for: 'c1', duration: 0 });
    await status(conn, 'connected');
    expect(h.toasts).to.have.length(0); // the first connection is no news
    await server.dropAll(PRESENCE);
    await rendered(
      'lost',
      () => h.find('Connection lost. Reconnecting…')?.variant === 'warning',
      () => h.messages,
    );
    await status(conn, 'connected');
    await rendered(
      'restored',
      () => h.find('Connection restored.')?.variant === 'success',
      () => h.messages,
    );
    await expect(el).to.be.accessible();
  });

  it("a connection's announcements take each other's place: one toast, never a pile", async () => {
    const conn = mount(connection(server.wsUrl(PRESENCE), { id: 'c2' }));
    const { el, h } = stack({ for: 'c2', duration: 0 });
    const gone: ToastDismissDetail[] = [];
    el.addEventListener('toast-dismiss', (e) => gone.push(e.detail));
    el.show('Unrelated', { variant: 'info' });
    await status(conn, 'connected');
    for (let round = 1; round <= 2; round += 1) {
      await server.dropAll(PRESENCE);
      await rendered(
        'lost',
        () => h.messages.includes('Connection lost. Reconnecting…'),
        () => h.messages,
      );
      await status(conn, 'connected');
      await rendered(
        'restored',
        () => h.messages.includes('Connection restored.'),
        () => h.messages,
      );
      // Not "lost ×2" beside "restored ×2": the latest word on the connection, and the rest.
      expect(h.toasts.map((t) => [t.message, t.count])).to.deep.equal([
        ['Unrelated', 1],
        ['Connection restored.', 1],
      ]);
    }
    expect(gone.map((d) => [d.message, d.reason])).to.deep.equal([
      ['Connection lost. Reconnecting…', 'replace'],
      ['Connection restored.', 'replace'],
      ['Connection lost. Reconnecting…', 'replace'],
    ]);
    await expect(el).to.be.accessible();
  });

  it('announces a failed connection, assertively (inside the connection)', async () => {
    const el = create('ws-toast', { duration: 0 });
    const conn = mount(connection(server.wsUrl(PRESENCE), { 'max-reconnect-attempts': 0 }, el));
    const h = new ToastHarness(el);
    await status(conn, 'connected');
    await server.dropAll(PRESENCE);
    await status(conn, 'failed');
    await rendered(
      'failed',
      () => h.find('Connection failed. Live updates have stopped.')?.region === 'assertive',
      () => h.messages,
    );
  });

  it('announces credentials refused once, without a second "failed" toast', async () => {
    await server.setOptions({ auth: 'connect' });
    try {
      const el = create('ws-toast', { duration: 0 });
      const conn = mount(connection(server.wsUrl(PRESENCE), { token: 'expired' }, el));
      const h = new ToastHarness(el);
      await status(conn, 'failed');
      await rendered(
        'auth',
        () => h.toasts.length > 0,
        () => h.messages,
      );
      await el.updateComplete;
      expect(h.messages).to.deep.equal([
        'The server refused the credentials. Please sign in again.',
      ]);
      expect(h.toasts[0]!.region).to.equal('assertive');
      conn.updateToken('good-token');
      await status(conn, 'connected');
      await rendered(
        'restored',
        () => h.messages.includes('Connection restored.'),
        () => h.messages,
      );
    } finally {
      await server.setOptions({ auth: 'none' });
    }
  });
});
