// Gap-free NOC streams (PROTOCOL.md 0.2) on the Node reference server and on the browser stand-in
// alike: seq, subscribe_client with since, replay, alert_snapshot, one broadcast per acknowledgement.
import { expect } from '@open-wc/testing';
import { StandInServer } from '../../server/protocol/browser-stand-in.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { connected, type Frame, type RawClient } from './raw-client.js';

const NOC = '/ws/noc/dashboard/';

/** What the scenarios need of a server, whichever kind it is. */
interface Under {
  connect(): Promise<RawClient>;
  alert(fields: Record<string, unknown>, live?: boolean): Promise<Frame>;
  historySize(size: number): Promise<void>;
  stop(): Promise<void> | void;
}

const kinds: [string, () => Promise<Under>][] = [
  [
    'Node reference server',
    async () => {
      const server: TestServer = await startServer();
      return {
        connect: () => connected(server.wsUrl(NOC)),
        alert: async (fields, live = true) =>
          (await server.alert(fields, { live })).alert as unknown as Frame,
        historySize: (size) => server.setOptions({ historySize: size }),
        stop: () => server.stop(),
      };
    },
  ],
  [
    'browser stand-in',
    async () => {
      const server = new StandInServer({ latencyMs: 2 });
      return {
        connect: () => connected(server.url(NOC), server.WebSocket as unknown as typeof WebSocket),
        alert: async (fields, live = true) => server.alert(fields, { live }) as unknown as Frame,
        historySize: async (size) => server.setOptions({ historySize: size }),
        stop: () => server.stop(),
      };
    },
  ],
];

for (const [kind, start] of kinds) {
  describe(`gap-free NOC streams: ${kind}`, () => {
    let server: Under;
    beforeEach(async () => (server = await start()));
    afterEach(() => server.stop());

    async function subscribe(c: RawClient, since?: number): Promise<Frame> {
      c.send({
        type: 'subscribe_client',
        client_id: 'acme',
        ...(since === undefined ? {} : { since }),
      });
      return c.next('subscribed');
    }

    it('answers without since with subscribed, a snapshot of the unacknowledged alerts, then live frames with seq', async () => {
      const first = await server.alert({ id: 'n-1', title: 'First' });
      const second = await server.alert({ id: 'n-2', title: 'Second' });
      const c = await server.connect();
      expect(await subscribe(c)).to.deep.equal({ type: 'subscribed', client_id: 'acme', seq: 2 });
      c.send({ type: 'acknowledge_alert', alert_id: 'n-1' });
      const snapshot = await c.next('alert_snapshot');
      expect(snapshot).to.deep.equal({
        type: 'alert_snapshot',
        client_id: 'acme',
        seq: 2,
        alerts: [second, first],
      });
      const ack = await c.next('alert_acknowledged');
      expect(ack).to.include({ alert_id: 'n-1', client_id: 'acme', seq: 3 });
      const third = await server.alert({ id: 'n-3' });
      expect(await c.next('alert_new')).to.deep.equal({ type: 'alert_new', alert: third, seq: 4 });
    });

    it('replays what a client missed after since, in order, ending at the seq of subscribed', async () => {
      const missed = [await server.alert({ id: 'm-1' }), await server.alert({ id: 'm-2' })];
      const c = await server.connect();
      expect(await subscribe(c, 0)).to.deep.equal({
        type: 'subscribed',
        client_id: 'acme',
        seq: 2,
        recovered: true,
      });
      expect((await c.next('alert_new')).alert).to.deep.equal(missed[0]);
      expect(await c.next('alert_new')).to.include({ seq: 2 });
      expect(await subscribe(c, 2)).to.include({ recovered: true, seq: 2 });
      expect(c.frames.filter((f) => f.type === 'alert_snapshot')).to.deep.equal([]);
    });

    it('sends recovered: false and a snapshot when the history no longer holds since', async () => {
      await server.historySize(2);
      for (let n = 1; n <= 4; n += 1) await server.alert({ id: `h-${n}` });
      const c = await server.connect();
      expect(await subscribe(c, 1)).to.deep.equal({
        type: 'subscribed',
        client_id: 'acme',
        seq: 4,
        recovered: false,
      });
      const snapshot = await c.next('alert_snapshot');
      expect((snapshot.alerts as Frame[]).map((a) => a.id)).to.deep.equal([
        'h-4',
        'h-3',
        'h-2',
        'h-1',
      ]);
      expect(await subscribe(c, 99)).to.include({ recovered: false }); // beyond the stream: a reset
      expect(await subscribe(c, 2)).to.include({ recovered: true });
      expect((await c.next('alert_new')).seq).to.equal(3);
    });

    it('numbers a frame it did not send, so the next live one shows the skip', async () => {
      const c = await server.connect();
      await subscribe(c);
      await c.next('alert_snapshot');
      await server.alert({ id: 'lost' }, false);
      await server.alert({ id: 'after' });
      expect(await c.next('alert_new')).to.include({ seq: 2 });
      expect(c.frames.some((f) => f.type === 'alert_new')).to.equal(false);
    });

    it('broadcasts the first acknowledgement once; a repeat is answered to its sender without seq', async () => {
      await server.alert({ id: 'a-1' });
      const [a, b] = [await server.connect(), await server.connect()];
      for (const c of [a, b]) await subscribe(c);
      a.send({ type: 'acknowledge_alert', alert_id: 'a-1' });
      const [onA, onB] = [await a.next('alert_acknowledged'), await b.next('alert_acknowledged')];
      expect(onA).to.deep.equal(onB);
      expect(onA.seq).to.equal(2);
      b.send({ type: 'acknowledge_alert', alert_id: 'a-1' });
      const repeat = await b.next('alert_acknowledged');
      expect(repeat.seq).to.equal(undefined);
      expect(repeat.acknowledged_at).to.equal(onA.acknowledged_at);
      a.send({ type: 'ping' });
      await a.next('pong');
      expect(a.frames.filter((f) => f.type === 'alert_acknowledged')).to.deep.equal([]);
    });

    it('refuses a since that is not a whole number', async () => {
      const c = await server.connect();
      for (const since of [-1, 1.5, '3', true]) {
        c.send({ type: 'subscribe_client', client_id: 'acme', since });
        expect((await c.next('error')).code).to.equal('invalid_since');
      }
    });
  });
}
