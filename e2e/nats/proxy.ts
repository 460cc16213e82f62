// A TCP relay between one NATS client and nats-server, so a test can partition that client alone: `cut()`
// drops its connections and refuses new ones (accepted, then reset at once) until `heal()`.

import type { AddressInfo } from 'node:net';
import { createServer, type Socket, connect as tcpConnect } from 'node:net';

export interface Partition {
  /** `nats://127.0.0.1:<port>` of the relay. */
  readonly url: string;
  cut(): void;
  heal(): void;
  /** Connections relayed since start. */
  readonly accepted: number;
  close(): Promise<void>;
}

export async function startPartition(target: { port: number }): Promise<Partition> {
  let open = true;
  let accepted = 0;
  const live = new Set<Socket>();
  const server = createServer((client) => {
    if (!open) {
      client.resetAndDestroy();
      return;
    }
    accepted++;
    const upstream = tcpConnect(target.port, '127.0.0.1');
    live.add(client);
    live.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      live.delete(client);
      live.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `nats://127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    cut() {
      open = false;
      for (const s of live) s.resetAndDestroy();
      live.clear();
    },
    heal() {
      open = true;
    },
    close() {
      for (const s of live) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
