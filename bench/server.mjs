// The benchmark's server: a tiny `ws` server on 127.0.0.1 (port 0) in its own process. Prints
// `{"port":N}` on stdout once listening, then answers, per connection:
//   `flood N`    → N pre-serialised ~100-byte trade messages, as fast as the socket drains;
//   `broadcast`  → one small message to every connected client;
//   `{...,"id":…}` (JSON-RPC) → `{"jsonrpc":"2.0","id":…,"result":…}`.
// The flood is framed once at start-up and written straight to the TCP socket in ~100 KB chunks, so the server
// spends almost nothing per message and the client is always the bottleneck.
import { WebSocketServer } from 'ws';

const CYCLE = 1024;

/** A Binance-style trade, ~100 bytes of JSON, different in every message of the cycle. */
function trade(i) {
  const price = (64000 + ((i * 7919) % 100000) / 100).toFixed(2);
  const qty = (((i * 104729) % 100000) / 100000 + 0.001).toFixed(5);
  return JSON.stringify({
    e: 'trade',
    s: 'BTCUSDT',
    t: 3712345678 + i,
    p: price,
    q: qty,
    T: 1718000000000 + i,
    m: i % 2 === 0,
  });
}

/** An unmasked server→client text frame (payloads here are < 126 bytes). */
function frame(text) {
  const payload = Buffer.from(text);
  if (payload.length >= 126) throw new RangeError('bench trade messages must stay below 126 bytes');
  return Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
}

const frames = Array.from({ length: CYCLE }, (_, i) => frame(trade(i)));
const FLOOD = Buffer.concat(frames);
/** offsets[k] = bytes of the first k frames. */
const offsets = [0];
for (const f of frames) offsets.push(offsets[offsets.length - 1] + f.length);

/** Resolves on the socket's next `drain` or `close`, leaving no listener behind. */
function drained(socket) {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

async function flood(ws, n) {
  const socket = ws._socket; // the TCP socket under `ws`: frames are written as they are, pre-serialised
  let left = n;
  while (left > 0 && ws.readyState === ws.OPEN) {
    const k = Math.min(left, CYCLE);
    left -= k;
    const ok = socket.write(k === CYCLE ? FLOOD : FLOOD.subarray(0, offsets[k]));
    if (!ok) await drained(socket);
  }
}

const RESULT = { version: '1.2.26' };

function reply(ws, text) {
  let message;
  try {
    message = JSON.parse(text);
  } catch {
    return;
  }
  if (message?.id === undefined) return;
  ws.send(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: RESULT }));
}

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, backlog: 4096 });

wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const text = String(data);
    if (text.startsWith('flood ')) return void flood(ws, Number(text.slice(6)));
    if (text === 'broadcast') {
      const hello = JSON.stringify({ e: 'hello', clients: wss.clients.size });
      for (const client of wss.clients) client.send(hello);
      return;
    }
    reply(ws, text);
  });
});

wss.on('listening', () => {
  process.stdout.write(`${JSON.stringify({ port: wss.address().port, bytes: FLOOD.length / CYCLE })}\n`);
});

// The parent ends us by closing stdin (or a signal): no orphan server.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
