// A NOC screen as <noc-alert-feed> keeps one, in Node and without rendering: alerts by id, the
// last seq, a snapshot that rebuilds, duplicates ignored, a skip answered by asking again with
// `since`, and a reconnect that resumes from the last seq. It counts how each alert arrived.
import WebSocket from 'ws';

export class Screen {
  /** @param {{clientId?: string, gapFree?: boolean}} options gapFree false: a plain relay client */
  constructor({ clientId = 'acme', gapFree = true } = {}) {
    this.clientId = clientId;
    this.gapFree = gapFree;
    /** alert id → {at: ms of its first arrival, recovered: replayed or from a snapshot} */
    this.shown = new Map();
    this.seq = undefined;
    this.asking = false;
    this.recovering = false;
    /** alert_new frames of an id already shown (the feed would show it once: a server fault) */
    this.duplicates = 0;
    /** numbered frames at or below the last seq, ignored as the feed ignores them */
    this.ignored = 0;
    this.snapshots = 0;
    this.lastFrameAt = 0;
    this.ws = undefined;
  }

  /** Opens `url`; resolves once its subscription is answered (gap-free) or it is open (relay). */
  open(url) {
    const ws = new WebSocket(url, { origin: url.replace(/^ws/, 'http').replace(/\/ws\/.*$/, '') });
    this.ws = ws;
    return new Promise((done, fail) => {
      ws.once('error', fail);
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data));
        this.take(frame);
        if (frame.type === 'connected' && this.gapFree) this.subscribe();
        // Subscribed means its answer is here: the snapshot, or a replay that follows in order.
        if (frame.type === 'alert_snapshot' || (frame.type === 'subscribed' && frame.recovered))
          done();
      });
      ws.once('open', () => !this.gapFree && done());
      ws.once('close', () => fail(new Error('closed before it subscribed')));
    });
  }

  subscribe() {
    const frame = { type: 'subscribe_client', client_id: this.clientId };
    if (this.seq !== undefined) {
      frame.since = this.seq;
      this.recovering = true;
    }
    this.ws.send(JSON.stringify(frame));
  }

  take(frame) {
    this.lastFrameAt = Date.now();
    if (frame.type === 'subscribed') {
      this.asking = false;
      this.recovering = frame.recovered === true;
      return;
    }
    if (frame.type === 'alert_snapshot') {
      const rebuilt = this.seq !== undefined;
      for (const alert of frame.alerts)
        if (!this.shown.has(alert.id))
          this.shown.set(alert.id, { at: Date.now(), recovered: rebuilt });
      this.seq = frame.seq;
      this.snapshots += 1;
      this.recovering = this.asking = false;
      return;
    }
    if (frame.type !== 'alert_new') return;
    const seq = frame.seq;
    if (this.gapFree && seq !== undefined && this.seq !== undefined) {
      if (seq <= this.seq) return void (this.ignored += 1);
      if (seq > this.seq + 1) {
        if (!this.asking && this.ws.readyState === WebSocket.OPEN) {
          this.asking = true;
          this.ws.send(
            JSON.stringify({ type: 'subscribe_client', client_id: this.clientId, since: this.seq }),
          );
        }
        return;
      }
    }
    if (seq !== undefined) this.seq = seq;
    this.#show(frame.alert.id, this.recovering);
  }

  #show(id, recovered) {
    if (this.shown.has(id)) return void (this.duplicates += 1);
    this.shown.set(id, { at: Date.now(), recovered });
  }

  close() {
    this.ws?.terminate();
  }
}
