// resolveOptions micro-benchmark: what `connect()` spends checking its options, per call, on the built core
// (@zen-websocket/core/internal). Two option sets: only a socket factory, and a typical set (heartbeat, request
// timeout, retry count, a callback, headers). Each case runs 100,000 calls per round after a warm-up; the best
// round of seven is printed (a busy machine only ever adds time).
//
//   node bench/options.mjs        (after npm run build)
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { resolveOptions } = await import(pathToFileURL(path.join(root, 'packages/core/dist/internal.js')).href);

const socketFactory = () => ({});
const CASES = {
  'socket factory only': () => resolveOptions('wss://example.com/ws', { socketFactory }),
  'typical options': () =>
    resolveOptions('wss://test.deribit.com/ws/api/v2', {
      socketFactory,
      heartbeat: { type: 'ping_pong', interval: 15000, timeout: 5000 },
      requestTimeout: 10000,
      retryCount: Number.POSITIVE_INFINITY,
      onConnect: () => {},
      headers: { 'x-client': 'bench' },
    }),
};

const CALLS = 100_000;
const ROUNDS = 7;
for (const [name, call] of Object.entries(CASES)) {
  for (let i = 0; i < 10_000; i++) call();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < CALLS; i++) call();
    best = Math.min(best, ((performance.now() - start) * 1000) / CALLS);
  }
  console.log(
    `resolveOptions, ${name}: ${best.toFixed(2)} µs per call (best of ${ROUNDS} × ${CALLS.toLocaleString('en')})`,
  );
}
