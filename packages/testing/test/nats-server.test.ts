import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { NatsServerError, startNatsServer } from '../src/nats-server.js';

/** Reads the server's INFO line, the first thing a NATS server sends to a new TCP client. */
function info(port: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
      const line = text.split('\r\n')[0];
      if (line !== undefined && text.includes('\r\n')) {
        socket.destroy();
        resolve(JSON.parse(line.slice('INFO '.length)) as Record<string, unknown>);
      }
    });
    socket.on('error', reject);
  });
}

describe('startNatsServer', () => {
  it('starts a real nats-server on 127.0.0.1 with JetStream and a WebSocket port, and restarts on the same ports', async () => {
    await using nats = await startNatsServer();
    expect(nats.url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
    expect(nats.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const first = await info(nats.port);
    expect(first.jetstream).toBe(true);
    expect(first.host).toBe('127.0.0.1');
    const pid = nats.pid;
    await nats.restart();
    expect(nats.pid).not.toBe(pid);
    const second = await info(nats.port);
    expect(second.port).toBe(first.port);
  });

  it('refuses a misspelt option before starting anything', async () => {
    await expect(startNatsServer({ jetStream: false } as never)).rejects.toThrow(/jetStream.*jetstream/s);
  });

  it('names the missing binary instead of hanging', async () => {
    await expect(startNatsServer({ binary: '/nonexistent/nats-server' })).rejects.toThrow(NatsServerError);
    await expect(startNatsServer({ binary: '/nonexistent/nats-server' })).rejects.toThrow(/not found/);
  });
});
