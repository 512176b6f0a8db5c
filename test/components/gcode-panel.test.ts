// <gcode-panel>: initial JSON (good, bad, late), channel subscription, live frames, staleness, axe.
import { expect } from '@open-wc/testing';
import { startServer, type TestServer } from '../helpers/server.js';
import { collectEvents, nextEvent } from '../helpers/events.js';
import { connection, create, mount, status, unmountAll } from '../helpers/components/mount.js';
import { rendered, shadow } from '../helpers/components/dom.js';
import { PanelHarness } from '../helpers/components/panel-harness.js';
import type { GcodePanel, GcodeUpdatedDetail } from '../../components/index.js';
import type { ErrorDetail, Message } from '../../src/types.js';

const DASH = '/ws/dashboard/';

const INITIAL = {
  gcode: {
    date: '2024-05-01',
    g_code_score: 72,
    intensity: 'medium',
    themes: ['focus', 'renewal'],
  },
  annotations: [{ id: 1, date: '2024-05-01', note: 'Morning review' }],
  content: [{ id: 'c1', platform: 'blog', status: 'draft' }],
};

function jsonScript(text: string): HTMLScriptElement {
  const script = document.createElement('script');
  script.type = 'application/json';
  script.textContent = text;
  return script;
}

function panel(
  attrs: Record<string, string> = {},
  json?: string,
): { el: GcodePanel; h: PanelHarness } {
  const el = create(
    'gcode-panel',
    attrs,
    ...(json === undefined ? [] : [jsonScript(json)]),
  ) as GcodePanel;
  return { el, h: new PanelHarness(el) };
}

describe('<gcode-panel> on its own', () => {
  afterEach(() => unmountAll());

  it('shows the initial state from its JSON child before any socket, marked stale', async () => {
    const { el, h } = panel({}, JSON.stringify(INITIAL));
    mount(el);
    await el.updateComplete;
    expect([h.score, h.meterValue, h.intensity, h.date]).to.deep.equal([
      '72',
      72,
      'medium',
      'G-Code for 2024-05-01',
    ]);
    expect(h.themes).to.deep.equal(['focus', 'renewal']);
    expect(h.annotations).to.deep.equal(['2024-05-01 Morning review']);
    expect(h.content).to.deep.equal(['blog: draft']);
    expect(el.hasAttribute('stale')).to.equal(true);
    expect(h.staleNotice).to.match(/^Not live/);
    await expect(el).to.be.accessible();
  });

  it('bad JSON gives an error event of kind parse, not an exception, and the panel still renders', async () => {
    for (const text of ['{"gcode": {', '[1, 2]', '']) {
      const { el, h } = panel({}, text);
      const onWindow = collectEvents(window, 'error');
      const error = nextEvent<CustomEvent<ErrorDetail>>(el, 'error');
      const errors = collectEvents(el, 'error');
      mount(el);
      // Not during insertion, where frameworks refuse state updates from handlers.
      expect(errors.events).to.have.length(0);
      const { detail, bubbles } = await error;
      errors.stop();
      onWindow.stop();
      expect(detail.kind).to.equal('parse');
      expect(detail.message).to.contain('<gcode-panel>');
      expect(bubbles).to.equal(false);
      expect(onWindow.events).to.have.length(0);
      await el.updateComplete;
      expect(h.score).to.equal('');
      expect(shadow(el).textContent).to.contain('No G-Code figures yet.');
      await expect(el).to.be.accessible();
    }
  });

  it('reads a JSON child that is parsed after the element was upgraded', async () => {
    const { el, h } = panel();
    mount(el);
    await el.updateComplete;
    expect(h.score).to.equal('');
    el.append(
      jsonScript(
        JSON.stringify({ date: '2024-05-02', g_code_score: 40, intensity: 'low', themes: [] }),
      ),
    );
    await rendered(
      'late initial state',
      () => h.score === '40',
      () => h.score,
    );
    expect(h.intensity).to.equal('low');
  });
});

describe('<gcode-panel> live', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());
  afterEach(async () => {
    await unmountAll();
    await server.waitForConnections(0);
  });

  async function live(attrs: Record<string, string | number | boolean> = {}) {
    const { el, h } = panel({ channel: 'user_7' }, JSON.stringify(INITIAL));
    const conn = connection(server.wsUrl(DASH), { heartbeat: 'action-ping', ...attrs }, el);
    const subscribed = nextEvent<CustomEvent<Message>>(
      conn,
      'message',
      (e) => e.detail.type === 'subscribed',
    );
    mount(conn);
    await subscribed;
    return { conn, el, h };
  }

  it('subscribes to its channel, and again after every reconnect', async () => {
    const { conn } = await live();
    const subs = async () =>
      (await server.received(DASH)).filter(
        (r) => r.frame.action === 'subscribe' && r.frame.channel === 'user_7',
      );
    expect(await subs()).to.have.length(1);
    const again = nextEvent<CustomEvent<Message>>(
      conn,
      'message',
      (e) => e.detail.type === 'subscribed',
    );
    await server.dropAll(DASH);
    await again;
    expect(await subs()).to.have.length(2);
  });

  it('follows gcode_updated, annotation_added and content_generated, with a gcode-updated event', async () => {
    const { el, h } = await live();
    await el.updateComplete;
    expect(h.staleNotice).to.equal('');
    expect(el.hasAttribute('stale')).to.equal(false);
    const updated = nextEvent<CustomEvent<GcodeUpdatedDetail>>(el, 'gcode-updated');
    await server.gcode('user_7', {
      type: 'gcode_updated',
      data: { date: '2024-05-03', g_code_score: 91, intensity: 'high', themes: ['courage'] },
    });
    expect((await updated).detail).to.deep.equal({
      date: '2024-05-03',
      g_code_score: 91,
      intensity: 'high',
      themes: ['courage'],
    });
    await el.updateComplete;
    expect([h.score, h.intensity, h.themes, h.date]).to.deep.equal([
      '91',
      'high',
      ['courage'],
      'G-Code for 2024-05-03',
    ]);
    await server.gcode('user_7', {
      type: 'annotation_added',
      data: { id: 2, date: '2024-05-03', note: '<img src=x onerror=alert(1)>' },
    });
    await server.gcode('user_7', {
      type: 'content_generated',
      data: { id: 'c1', platform: 'blog', status: 'published' },
    });
    await server.gcode('user_7', {
      type: 'content_generated',
      data: { id: 'c2', platform: 'newsletter', status: 'draft' },
    });
    await rendered(
      'lists',
      () => h.content.length === 2 && h.annotations.length === 2,
      () => [h.annotations, h.content],
    );
    expect(h.annotations[0]).to.equal('2024-05-03 <img src=x onerror=alert(1)>');
    expect(shadow(el).querySelector('img')).to.equal(null);
    expect(h.content).to.deep.equal(['newsletter: draft', 'blog: published']);
    // Another channel's frames do not reach this panel.
    expect(
      await server.gcode('user_8', { type: 'gcode_updated', data: { g_code_score: 5 } }),
    ).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('shows that its data is stale while the connection is not live', async () => {
    const { conn, el, h } = await live({
      'reconnect-interval': 60_000,
      'max-reconnect-delay': 60_000,
    });
    await server.dropAll(DASH);
    await status(conn, 'reconnecting');
    await el.updateComplete;
    expect(el.hasAttribute('stale')).to.equal(true);
    expect(h.staleNotice).to.match(/^Not live/);
    expect(h.score).to.equal('72'); // the data stays, marked
    await expect(el).to.be.accessible();
    conn.connect();
    await status(conn, 'connected');
    await el.updateComplete;
    expect(el.hasAttribute('stale')).to.equal(false);
  });
});
