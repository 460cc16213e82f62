// A tiny Acme simulator on the testing package's server kit (through `startMockServer`): login with the HMAC
// signature, the 5-topics-per-subscribe limit, per-connection topics, an order rate limit, and a switch that
// leaves orders unanswered (to test drops with an unknown outcome). Tests drive faults with the kit's verbs.
import { createHmac } from 'node:crypto';
import { type MockConnection, type MockServer, startMockServer } from '@zen-websocket/testing';

/** A running Acme simulator. */
export interface AcmeSimulator {
  readonly server: MockServer;
  readonly url: string;
  /** Sends `data` on `topic` to every connection subscribed to it. */
  publish(topic: string, data: unknown): void;
  /** Orders received (answered or not). */
  readonly orders: unknown[];
  /** While true, orders are logged and never answered. */
  holdOrders: boolean;
  stop(): Promise<void>;
}

/** Starts the simulator on 127.0.0.1, port 0. Key `key`, secret `secret`; `ordersPerSecond` default 2. */
export async function startAcmeSimulator(ordersPerSecond = 2): Promise<AcmeSimulator> {
  const sent: number[] = [];
  const topicsOf = (c: MockConnection): Set<string> => {
    if (!c.data.has('topics')) c.data.set('topics', new Set<string>());
    return c.data.get('topics') as Set<string>;
  };
  const sim: AcmeSimulator = {
    server: await startMockServer({
      handler(text, c) {
        const m = JSON.parse(String(text)) as { op: string; id?: number; args?: unknown[] };
        const ok = (result: unknown) => ({ id: m.id, ok: true, result });
        const fail = (code: number, msg: string) => ({ id: m.id, ok: false, error: { code, msg } });
        const args = m.args ?? [];
        if (m.op === 'ping') return { op: 'pong' };
        if (m.op === 'login') {
          const [key, ts, sig] = args as [string, number, string];
          const good = key === 'key' && sig === createHmac('sha256', 'secret').update(`login${ts}`).digest('hex');
          if (good) c.data.set('user', key);
          return good ? ok(true) : fail(401, 'invalid signature');
        }
        if (m.op === 'subscribe') {
          if (args.length > 5) return fail(400, 'at most 5 topics per subscribe');
          for (const t of args as string[]) topicsOf(c).add(t);
          return ok(args);
        }
        if (m.op === 'order') {
          if (!c.data.has('user')) return fail(401, 'login first');
          sim.orders.push(args[0]);
          if (sim.holdOrders) return undefined;
          const now = Date.now();
          while (sent.length > 0 && (sent[0] as number) < now - 1000) sent.shift();
          if (sent.length >= ordersPerSecond) return fail(429, 'too many orders');
          sent.push(now);
          return ok({ orderId: `o-${sim.orders.length}` });
        }
        return fail(400, `unknown op ${m.op}`);
      },
    }),
    get url() {
      return sim.server.url;
    },
    publish(topic, data) {
      for (const c of sim.server.connections) if (topicsOf(c).has(topic)) c.send({ topic, data });
    },
    orders: [],
    holdOrders: false,
    stop: () => sim.server.stop(),
  };
  return sim;
}
