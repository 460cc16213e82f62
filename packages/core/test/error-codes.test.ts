// Error codes that say what failed (issue 13) and a TLS code for wss:// against a plain port (issue 12).
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { connect, explain, type SocketFactory, Telemetry, type ZenError } from '../src/index.js';
import { createRateLimiter } from '../src/limiter/index.js';
import { connected } from './helpers.js';

const wsFactory: SocketFactory = (url, init) => new WebSocket(url, [...init.protocols]) as never;
let server: WebSocketServer | undefined;

afterEach(async () => {
  const s = server;
  server = undefined;
  if (s) await new Promise((resolve) => s.close(resolve));
});

describe('errors the client reports on its own get their own codes', () => {
  it('a recording sink that throws: record_sink_error', async () => {
    const r = await connected({
      recordTo: {
        record: () => {
          throw new Error('disk full');
        },
      },
    });
    const errors: ZenError[] = [];
    r.client.on('error', (e) => errors.push(e));
    await r.client.sendMessage('hello');
    expect(errors.map((e) => e.code)).toEqual(['record_sink_error']);
    expect(explain(errors[0]).message).toContain('recording sink');
    await r.client.close();
  });

  it('a heartbeat probe that cannot be built: heartbeat_probe_error', async () => {
    const r = await connected({
      heartbeat: {
        type: 'custom',
        interval: 1000,
        message: () => {
          throw new Error('no probe');
        },
      },
    });
    const errors: ZenError[] = [];
    r.client.on('error', (e) => errors.push(e));
    await r.clock.advance(1000);
    expect(errors.map((e) => e.code)).toEqual(['heartbeat_probe_error']);
    await r.client.close();
  });

  it('a probe the limiter refuses: limiter_rejected, with the refusal as cause', async () => {
    const limiter = createRateLimiter({ capacity: 1, refillRate: 1, refillInterval: 60_000, queue: false });
    const r = await connected({ limiter, heartbeat: { type: 'custom', interval: 1000, message: { method: 'ping' } } });
    const errors: ZenError[] = [];
    r.client.on('error', (e) => errors.push(e));
    await r.client.sendMessage('spends the only token');
    await r.clock.advance(1000);
    expect(errors).toMatchObject([{ code: 'limiter_rejected', cause: { code: 'overflow', sent: false } }]);
    await r.client.close();
  });
});

describe('wss:// against a port that does not speak TLS', () => {
  it('fails with tls_mismatch, which explain() turns into "use ws://"', async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server?.once('listening', resolve));
    const port = (server.address() as AddressInfo).port;
    const error = await connect(`wss://127.0.0.1:${port}`, {
      socketFactory: wsFactory,
      retryCount: 0,
      heartbeat: 'disabled',
      telemetry: new Telemetry(),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'tls_mismatch' });
    const { message, suggestion } = explain(error);
    expect(message).toContain('does not speak TLS');
    expect(suggestion).toContain('ws://');
  });
});
