// The checks every dist test page runs against whichever build it loaded: the five tags are
// defined, a <ws-connection> reaches the reference server and a <ws-status-badge for> shows it,
// a <noc-alert-feed> inside it renders a pushed alert, and loading threw and warned nothing.
// Only the DOM is used here: the elements under test come from the build the page loaded.
import { expect } from '@esm-bundle/chai';
import { startServer, type TestServer } from '../helpers/server.js';
import { nextEvent } from '../helpers/events.js';

export const TAGS = ['ws-connection', 'ws-status-badge', 'ws-toast', 'noc-alert-feed', 'gcode-panel'] as const;

/** What test/dist/record-errors.js saw since the page started. */
export interface PageRecord {
  errors: string[];
  warnings: string[];
}

export function pageRecord(): PageRecord {
  const record = (window as unknown as { __wsWidgetsDist?: PageRecord }).__wsWidgetsDist;
  if (!record) throw new Error('test/dist/record-errors.js was not loaded first');
  return record;
}

/** Resolves when `el`'s attribute `name` equals `value` (now or after a mutation). */
export function attributeBecomes(el: Element, name: string, value: string, timeoutMs = 10000): Promise<void> {
  if (el.getAttribute(name) === value) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (el.getAttribute(name) !== value) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`<${el.localName}> ${name}="${el.getAttribute(name)}", never "${value}"`));
    }, timeoutMs);
    observer.observe(el, { attributes: true, attributeFilter: [name] });
  });
}

/** Resolves with the elements matching `selector` in `el`'s shadow root once there are `count`. */
export function shadowQueryAll(el: Element, selector: string, count = 1, timeoutMs = 10000): Promise<Element[]> {
  const root = el.shadowRoot;
  if (!root) return Promise.reject(new Error(`<${el.localName}> has no shadow root`));
  const found = () => [...root.querySelectorAll(selector)];
  if (found().length >= count) return Promise.resolve(found());
  return new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (found().length < count) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(found());
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`<${el.localName}> never rendered ${count} × ${selector}`));
    }, timeoutMs);
    observer.observe(root, { childList: true, subtree: true });
  });
}

/** Text of the first shadow-DOM element matching `selector`, once it has some. */
export async function shadowText(el: Element, selector: string): Promise<string> {
  await (el as Element & { updateComplete?: Promise<unknown> }).updateComplete;
  return el.shadowRoot?.querySelector(selector)?.textContent?.trim() ?? '';
}

/** The tags are registered (by whichever copy of the kit came first) and loading raised nothing. */
export function describeLoaded(label: string, extraWarningFree = true): void {
  describe(`${label}: loading`, () => {
    it('registers all five tags', () => {
      for (const tag of TAGS) expect(customElements.get(tag), tag).to.be.a('function');
    });
    it('threw no error while loading', () => {
      expect(pageRecord().errors).to.deep.equal([]);
    });
    if (extraWarningFree) {
      it('logged no warning (no Lit dev-mode notice, no duplicate-definition complaint)', () => {
        expect(pageRecord().warnings).to.deep.equal([]);
      });
    }
  });
}

/** A live connection against a fresh reference server, with a badge and an alert feed. */
export function describeLiveConnection(label: string): void {
  describe(`${label}: against the reference server`, () => {
    let server: TestServer;
    const made: Element[] = [];
    before(async () => {
      server = await startServer();
    });
    after(async () => {
      for (const el of made) el.remove();
      await server.stop();
    });

    it('a <ws-connection> turns connected and a <ws-status-badge for> shows it', async () => {
      const id = `dist-connection-${Math.random().toString(36).slice(2)}`;
      const connection = document.createElement('ws-connection');
      connection.id = id;
      connection.setAttribute('url', server.wsUrl('/ws/noc/dashboard/'));
      const badge = document.createElement('ws-status-badge');
      badge.setAttribute('for', id);
      const connected = nextEvent<CustomEvent<{ status: string }>>(
        connection,
        'connectionStatus',
        (e) => e.detail.status === 'connected',
        10000,
      );
      made.push(connection, badge);
      document.body.append(connection, badge);

      await connected;
      await attributeBecomes(connection, 'status', 'connected');
      await attributeBecomes(badge, 'status', 'connected');
      expect(await shadowText(badge, '[part~="label"]')).to.equal('Connected');
      expect(badge.getAttribute('role')).to.equal('status');
      expect((await server.connections('/ws/noc/dashboard/')).open).to.equal(1);
    });

    it('a <noc-alert-feed> inside a connection renders an alert the server pushes', async () => {
      const connection = document.createElement('ws-connection');
      connection.setAttribute('url', server.wsUrl('/ws/noc/dashboard/'));
      connection.setAttribute('exclusive', '');
      const feed = document.createElement('noc-alert-feed');
      feed.setAttribute('client-id', 'dist-client');
      connection.append(feed);
      made.push(connection);
      document.body.append(connection);

      await server.waitForReceived('subscribe_client', { timeoutMs: 10000 });
      const arrived = nextEvent(feed, 'alert-new', () => true, 10000);
      await server.alert({ client_id: 'dist-client', severity: 'major', title: 'Link down', message: 'core-1' });
      await arrived;
      // The feed renders arrivals in batches (next frame), after the `alert-new` event.
      const alerts = await shadowQueryAll(feed, '[part~="alert"]');
      expect(alerts.length).to.equal(1);
      expect(alerts[0]?.getAttribute('data-state')).to.equal('new');
      expect(alerts[0]?.textContent).to.contain('Link down');
    });
  });
}
