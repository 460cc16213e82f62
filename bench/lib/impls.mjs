// The clients under test, behind one small interface so every scenario treats them alike:
//   open(url, onMessage?) → Promise<handle>   (onMessage gets each message decoded from JSON)
//   send(handle, text), close(handle) → Promise, isOpen(handle) → boolean
//   openRpc(url) → Promise<{ request(method, params) → Promise<result>, close() → Promise }>
// A handle is the library's own object (client, socket), with no wrapper around it, so the memory scenario
// measures the library and nothing of ours.
// `sdk` is the BUILT package (`import { connect } from 'zen-websocket'`): on Node it resolves to dist/node.js
// (socket: `ws`), on Deno and Bun to dist/web.js (socket: the runtime's own WebSocket). `raw` is the socket
// the SDK uses in that runtime, with `JSON.parse` and (for requests) a hand-rolled id map.

const CLOSE_WAIT_MS = 2000;
const noop = () => {};

/** Calls `close`, then resolves when `subscribe`'s callback fires or after a bounded wait. */
function closeAndWait(subscribe, close) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, CLOSE_WAIT_MS);
    subscribe(() => {
      clearTimeout(timer);
      resolve();
    });
    close();
  });
}

/** A hand-rolled JSON-RPC id map: the least a raw socket user writes to correlate replies. */
function rpcOver(send) {
  const pending = new Map();
  let nextId = 1;
  return {
    onText(text) {
      const m = JSON.parse(text);
      const resolve = pending.get(m.id);
      if (resolve === undefined) return;
      pending.delete(m.id);
      resolve(m.result);
    },
    request(method, params) {
      const id = nextId++;
      send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      return new Promise((resolve) => pending.set(id, resolve));
    },
  };
}

async function sdk(options) {
  const { connect } = await import('zen-websocket');
  return {
    async open(url, onMessage) {
      const client = await connect(url, options);
      if (onMessage) client.on('message', onMessage);
      return client;
    },
    send: (client, text) => client.sendMessage(text),
    close: (client) => client.close(),
    isOpen: (client) => client.getState() === 'connected',
    async openRpc(url) {
      const client = await connect(url, options);
      return { request: (method, params) => client.request(method, params), close: () => client.close() };
    },
  };
}

/**
 * `ws` with `on('message')` and `JSON.parse(data.toString())`: the cheapest way to read it (`JSON.parse(data)`,
 * which converts the Buffer implicitly, costs about 0.1 µs more per message — see bench/README.md).
 */
async function rawWs() {
  const { default: WebSocket } = await import('ws');
  const connectWs = (url) =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('error', reject);
      ws.once('open', () => {
        ws.off('error', reject);
        ws.on('error', noop);
        resolve(ws);
      });
    });
  const close = (ws) =>
    closeAndWait(
      (done) => ws.once('close', done),
      () => ws.close(),
    );
  return {
    async open(url, onMessage) {
      const ws = await connectWs(url);
      if (onMessage) ws.on('message', (data) => onMessage(JSON.parse(data.toString())));
      return ws;
    },
    send: (ws, text) => ws.send(text),
    close,
    isOpen: (ws) => ws.readyState === 1,
    async openRpc(url) {
      const ws = await connectWs(url);
      const rpc = rpcOver((text) => ws.send(text));
      ws.on('message', (data) => rpc.onText(data.toString()));
      return { request: rpc.request, close: () => close(ws) };
    },
  };
}

/** The runtime's own WebSocket (Deno, Bun): `onmessage` and `JSON.parse(event.data)`. */
function rawNative() {
  const connectNative = (url) =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        ws.onerror = noop;
        resolve(ws);
      };
      ws.onerror = (event) => reject(new Error(`WebSocket error: ${event.message ?? 'connection failed'}`));
    });
  const close = (ws) =>
    closeAndWait(
      (done) => {
        ws.onclose = done;
      },
      () => ws.close(),
    );
  return {
    async open(url, onMessage) {
      const ws = await connectNative(url);
      if (onMessage) ws.onmessage = (event) => onMessage(JSON.parse(event.data));
      return ws;
    },
    send: (ws, text) => ws.send(text),
    close,
    isOpen: (ws) => ws.readyState === 1,
    async openRpc(url) {
      const ws = await connectNative(url);
      const rpc = rpcOver((text) => ws.send(text));
      ws.onmessage = (event) => rpc.onText(event.data);
      return { request: rpc.request, close: () => close(ws) };
    },
  };
}

/** A reconnecting wrapper (a W3C-style EventTarget) over `ws`, with its default options, read as its README shows. */
function wrapper(make) {
  return {
    open(url, onMessage) {
      return new Promise((resolve, reject) => {
        const socket = make(url);
        const fail = (event) => reject(event.error ?? new Error('connection failed'));
        socket.addEventListener('error', fail, { once: true });
        socket.addEventListener(
          'open',
          () => {
            socket.removeEventListener('error', fail);
            resolve(socket);
          },
          { once: true },
        );
        if (onMessage) socket.addEventListener('message', (event) => onMessage(JSON.parse(event.data)));
      });
    },
    send: (socket, text) => socket.send(text),
    close: (socket) =>
      closeAndWait(
        (done) => socket.addEventListener('close', done, { once: true }),
        () => socket.close(),
      ),
    isOpen: (socket) => socket.readyState === 1,
  };
}

async function partysocket() {
  const [{ default: WebSocket }, { default: PartySocket }] = await Promise.all([
    import('ws'),
    import('partysocket/ws'),
  ]);
  return wrapper((url) => new PartySocket(url, undefined, { WebSocket }));
}

async function reconnectingWebsocket() {
  const [{ default: WebSocket }, { default: ReconnectingWebSocket }] = await Promise.all([
    import('ws'),
    import('reconnecting-websocket'),
  ]);
  return wrapper((url) => new ReconnectingWebSocket(url, [], { WebSocket }));
}

/** Implementation name → loaded implementation. `raw` is `ws` on Node and the native WebSocket elsewhere. */
export function loadImpl(name, runtime) {
  switch (name) {
    case 'sdk':
      return sdk({});
    case 'sdk-no-heartbeat':
      return sdk({ heartbeat: 'disabled' });
    case 'raw':
      return runtime === 'node' ? rawWs() : rawNative();
    case 'partysocket':
      return partysocket();
    case 'reconnecting-websocket':
      return reconnectingWebsocket();
    default:
      throw new TypeError(`unknown implementation "${name}"`);
  }
}
