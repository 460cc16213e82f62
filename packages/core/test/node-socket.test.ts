// Node `ws` sockets (node-socket.ts): a binary message that `ws` delivers as a list of fragments (a factory that
// sets `binaryType = 'fragments'`) reaches the client as one Uint8Array with every byte, in order.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { Client, SocketFactory } from '../src/index.js';
import { connect } from './real-socket.js';

let server: WebSocketServer | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  client = server = undefined;
});

it("a message ws delivers as fragments (binaryType 'fragments') arrives whole", async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  server.on('connection', (peer) => {
    // asked for it: one binary message in three frames, which ws hands the client as a list of three fragments
    peer.on('message', () => {
      peer.send(Uint8Array.of(1, 2), { binary: true, fin: false });
      peer.send(Uint8Array.of(3), { binary: true, fin: false });
      peer.send(Uint8Array.of(4, 5, 6), { binary: true, fin: true });
    });
  });
  const fragments: SocketFactory = (url, init) => {
    const socket = new WebSocket(url, [...init.protocols]);
    socket.binaryType = 'fragments';
    return socket as never;
  };
  const { port } = server.address() as AddressInfo;
  const c = await connect(`ws://127.0.0.1:${port}`, { socketFactory: fragments, heartbeat: 'disabled' });
  client = c;
  const bytes = new Promise<Uint8Array>((resolve) => c.on('binary', resolve));
  await c.sendMessage('send them');
  expect(await bytes).toBeInstanceOf(Uint8Array);
  expect([...(await bytes)]).toEqual([1, 2, 3, 4, 5, 6]);
});
