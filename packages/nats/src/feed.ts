/** One channel of a `connectVia` client: an ordered JetStream consumer that resumes from its last sequence. */
import { type ConsumerMessages, DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { decodeJson } from './shared.js';
import type { ViaClientImpl } from './via.js';
import type { ViaHandler } from './via-types.js';

/** One channel's reader: an ordered consumer from a stream sequence, restarted from its last one. */
export class Feed {
  lastSeq: number;
  readonly handlers = new Set<ViaHandler>();
  #messages: ConsumerMessages | undefined;
  #stopped = false;
  /** Counting a replay: set when the consumer restarted, until it is caught up. */
  #replay: { from: number; to: number; count: number } | undefined;

  constructor(
    readonly channel: string,
    readonly subject: string,
    startSeq: number,
    readonly client: ViaClientImpl,
  ) {
    this.lastSeq = startSeq - 1;
  }

  async start(): Promise<void> {
    const consumer = await this.client.js.consumers.get(this.client.stream, {
      filter_subjects: this.subject,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: this.lastSeq + 1,
    });
    // expires 2 s (idle heartbeat 1 s): after a reconnect or server restart nats.js re-checks the consumer every
    // `expires` ms (default 30 s), so the default left a consumer silent for up to 30 s (found by e2e/nats).
    const messages = await consumer.consume({ expires: 2000 });
    if (this.#stopped) {
      // stop() ran while this start was on its way: it could not close what did not exist yet
      await messages.close().catch(() => {});
      return;
    }
    this.#messages = messages;
    void this.#statusLoop(messages);
    void this.#loop(messages);
  }

  async #statusLoop(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const status of messages.status()) {
        if (status.type === 'ordered_consumer_recreated') this.beginReplay();
      }
    } catch {
      // ended with the consumer
    }
  }

  /** Counts what arrives next as a replay until the consumer is caught up (pending 0). */
  beginReplay(): void {
    this.#replay = { from: 0, to: 0, count: 0 };
  }

  async #loop(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const m of messages) this.#deliver(m);
    } catch (error) {
      if (!this.#stopped) this.client.fail(error, `the consumer of ${this.channel} failed`);
    }
    if (this.#stopped) return;
    // the iterator ended without stop(): start again from the next sequence
    this.beginReplay();
    for (let attempt = 0; !this.#stopped; attempt++) {
      try {
        await this.start();
        return;
      } catch (error) {
        if (attempt === 0) this.client.fail(error, `restarting the consumer of ${this.channel} failed; retrying`);
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
      }
    }
  }

  #deliver(m: JsMsg): void {
    if (m.seq <= this.lastSeq) return; // already delivered (a replay overlapping what we had)
    this.lastSeq = m.seq;
    const pending = m.info.pending;
    const replay = this.#replay;
    if (replay && replay.count === 0 && pending === 0)
      this.#replay = undefined; // nothing was missed
    else if (replay) {
      if (replay.count === 0) replay.from = m.seq;
      replay.count++;
      replay.to = m.seq;
      if (pending === 0) {
        this.#replay = undefined;
        this.client.replayed({ channel: this.channel, ...replay });
      }
    }
    const telemetry = this.client.telemetry;
    if (telemetry.wants('nats.lag'))
      telemetry.emit('nats.lag', {
        venue: this.client.venue,
        channel: this.channel,
        pending,
        ageMs: Math.max(0, Date.now() - m.info.timestampNanos / 1e6),
      });
    const data = decodeJson(m.data);
    const type = m.headers?.get('Zen-Type') || undefined;
    this.client.deliver({ channel: this.channel, data, seq: m.seq, type }, this.handlers);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#messages?.close().catch(() => {});
  }
}
