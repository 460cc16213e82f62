// Throughput of one @zen-websocket/nats gateway fanning a Binance depth feed out to N consumers, as a ratio to N
// clients reading the venue directly.
//
//   node bench/nats.mjs [--seconds 5] [--rounds 2] [--consumers 10] [--feed-ms 1] [--symbols btcusdt,ethusdt,bnbusdt]
//
// The Binance simulator (this process) runs its market at one round every `--feed-ms` (default 1 ms: 1,000
// `@depth@100ms` events a second per symbol, ten times Binance's own rate per symbol at `feedIntervalMs: 10`…
// a flood). nats-server (real, JetStream) runs in its own process, the gateway in another, the N readers together
// in a third (bench/nats-peers.mjs). `direct`: N Binance stream clients, N venue connections. `nats`: one gateway
// with one venue connection publishes into JetStream; N `connectVia` readers on their own NATS connections.
// Modes alternate for `--rounds` rounds; each measures `--seconds` after a 2 s warm-up. Reported: messages
// delivered per second (all readers together), the readers' CPU per message, and the ratio nats / direct.
// Needs the built packages (`npm run build`) and nats-server. Nothing here asserts time.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startBinanceSimulator, startNatsServer } from '@zen-websocket/testing';

const PEERS = fileURLToPath(new URL('./nats-peers.mjs', import.meta.url));

function parseArgs(argv) {
  const args = { seconds: 5, rounds: 2, consumers: 10, feedMs: 1, symbols: ['btcusdt', 'ethusdt', 'bnbusdt'] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    i++;
    if (flag === '--seconds') args.seconds = Number(value);
    else if (flag === '--rounds') args.rounds = Number(value);
    else if (flag === '--consumers') args.consumers = Number(value);
    else if (flag === '--feed-ms') args.feedMs = Number(value);
    else if (flag === '--symbols') args.symbols = String(value).split(',');
    else throw new TypeError(`unknown argument "${flag}"; usage: see the comment at the top of bench/nats.mjs`);
  }
  return args;
}

function peer(role, config) {
  const child = fork(PEERS, [role, JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages = [];
  const waiters = new Set();
  child.on('message', (m) => {
    messages.push(m);
    for (const w of [...waiters]) w();
  });
  return {
    child,
    latest: (type) => messages.filter((m) => m.type === type).at(-1),
    next: (match, ms) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bench/nats: ${role} did not report in ${ms} ms`)), ms);
        const check = () => {
          const found = messages.find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
        check();
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms));
const sum = (list) => list.reduce((a, b) => a + b, 0);
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

/** One measured run of `mode`: returns delivered messages/s (all readers) and reader CPU µs per message. */
async function measure(mode, { args, nats, sim, jsm }) {
  const streams = args.symbols.map((s) => `${s}@depth@100ms`);
  const config = { mode, consumers: args.consumers, streams, streamUrl: sim.streamUrl, natsUrl: nats.url };
  const peers = [];
  try {
    if (mode === 'nats') {
      const gateway = peer('gateway', config);
      peers.push(gateway);
      await gateway.next((m) => m.type === 'ready' && m.role === 'owner', 20_000);
    }
    const readers = peer('consumers', config);
    peers.push(readers);
    await readers.next((m) => m.type === 'ready', 30_000);
    await delay(2000); // warm-up: connections settle, JIT warms, readers reach the live end
    const stored = async () => (mode === 'nats' ? (await jsm.streams.info('ZEN_BINANCE')).state.messages : 0);
    const first = readers.latest('counts');
    const storedBefore = await stored();
    await delay(args.seconds * 1000);
    const last = readers.latest('counts');
    const storedAfter = await stored();
    const seconds = (last.at - first.at) / 1000;
    const messages = sum(last.counts) - sum(first.counts);
    const perReader = last.counts.map((c, i) => c - first.counts[i]);
    return {
      rate: messages / seconds,
      published: (storedAfter - storedBefore) / seconds,
      cpuPerMessage: (last.cpuUs - first.cpuUs) / Math.max(1, messages),
      spread: [Math.min(...perReader), Math.max(...perReader)],
    };
  } finally {
    for (const p of peers.reverse()) await p.stop();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const nats = await startNatsServer({ websocket: false });
  const sim = await startBinanceSimulator({ feedIntervalMs: args.feedMs, pingIntervalMs: 0 });
  const observer = await connect({ servers: nats.url });
  const jsm = await jetstreamManager(observer);
  const results = { direct: [], nats: [] };
  try {
    for (let round = 0; round < args.rounds; round++) {
      for (const mode of round % 2 === 0 ? ['direct', 'nats'] : ['nats', 'direct']) {
        const r = await measure(mode, { args, nats, sim, jsm });
        results[mode].push(r);
        console.error(
          `round ${round + 1} ${mode.padEnd(6)} ${Math.round(r.rate)} msg/s delivered, ${r.cpuPerMessage.toFixed(1)} µs reader CPU/msg, per reader ${r.spread.join('–')}` +
            (mode === 'nats' ? `, gateway stored ${Math.round(r.published)} msg/s` : ''),
        );
      }
    }
  } finally {
    await observer.close();
    await Promise.all([nats.stop(), sim.stop()]);
  }
  const row = (mode) => {
    const rate = median(results[mode].map((r) => r.rate));
    const cpu = median(results[mode].map((r) => r.cpuPerMessage));
    return { rate, cpu };
  };
  const direct = row('direct');
  const viaNats = row('nats');
  console.log(`| mode | venue connections | delivered msg/s (${args.consumers} readers) | reader CPU µs/msg |`);
  console.log('|---|---|---|---|');
  console.log(`| direct | ${args.consumers} | ${Math.round(direct.rate)} | ${direct.cpu.toFixed(1)} |`);
  console.log(`| nats (1 gateway) | 1 | ${Math.round(viaNats.rate)} | ${viaNats.cpu.toFixed(1)} |`);
  const published = median(results.nats.map((r) => r.published));
  console.log(`gateway: ${Math.round(published)} msg/s stored in JetStream from its one venue connection`);
  console.log(
    `ratio nats / direct: ${(viaNats.rate / direct.rate).toFixed(2)}× throughput, ${(viaNats.cpu / direct.cpu).toFixed(2)}× reader CPU per message`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
