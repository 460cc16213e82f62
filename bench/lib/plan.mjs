// What the benchmark runs: every scenario with its implementations, sizes, rounds and CPU pinning, for the
// full run and for `--quick` (tiny sizes, one round: proves every scenario still runs, in seconds).
//
// CPU pinning (when `taskset` works): the server on CPU 0; clients that receive a flood, open connections or
// hold memory on CPU 1 (the two processes do not compete); round-trip clients on CPU 0 with the server, so
// each round trip is two context switches on one core, the stable figure DESIGN.md asks for.

const NODE_PEERS = ['sdk', 'raw', 'partysocket', 'reconnecting-websocket'];

const FULL = {
  inbound: { rounds: 7, params: { messages: 1_000_000, warmup: 100_000 } },
  // 30,000 warm-up requests: at 2,000 neither Bun's nor Deno's JIT has finished tiering up the request path (raw
  // Bun itself: 23.9 µs per round trip after 2,000, 20.2 after 30,000), so the figure mixed in one-time compiler
  // work on background threads (bench/README.md, issue 13, H1).
  roundTrip: { rounds: 5, params: { requests: 20_000, warmup: 30_000 } },
  // settle: 5,000 untimed opens between the cold and the steady figure (bench/README.md: per-open time falls for
  // the first ~5,000 opens of a process, the SDK's for longer than raw's)
  setup: { rounds: 5, params: { connections: 1_000, warmup: 20, settle: 5_000 } },
  memory: { rounds: 3, params: { clients: 2_000, warmup: 20, idleMs: 6_000 } },
  scale: { rounds: 1, params: { connections: 10_000, holdMs: 35_000 } },
  runtimeInbound: { rounds: 3, params: { messages: 1_000_000, warmup: 100_000 } },
  runtimeRoundTrip: { rounds: 3, params: { requests: 20_000, warmup: 30_000 } },
};

const QUICK = {
  inbound: { rounds: 1, params: { messages: 5_000, warmup: 1_000 } },
  roundTrip: { rounds: 1, params: { requests: 200, warmup: 20 } },
  setup: { rounds: 1, params: { connections: 20, warmup: 2, settle: 20 } },
  memory: { rounds: 1, params: { clients: 50, warmup: 5, idleMs: 100 } },
  scale: { rounds: 1, params: { connections: 200, holdMs: 200 } },
  runtimeInbound: { rounds: 1, params: { messages: 5_000, warmup: 1_000 } },
  runtimeRoundTrip: { rounds: 1, params: { requests: 200, warmup: 20 } },
};

/**
 * The scenarios to run, in order. `key` names the results; `trial` is the function in trials.mjs; `cpu` is
 * the client's CPU when pinning; `flags` are extra Node flags.
 */
export function plan({ quick, runtimes }) {
  const size = quick ? QUICK : FULL;
  const scenarios = [
    {
      key: 'node.inbound',
      runtime: 'node',
      trial: 'inbound',
      impls: [...NODE_PEERS, 'sdk-no-heartbeat'],
      cpu: 1,
      ...size.inbound,
    },
    { key: 'node.roundTrip', runtime: 'node', trial: 'roundTrip', impls: ['sdk', 'raw'], cpu: 0, ...size.roundTrip },
    { key: 'node.setup', runtime: 'node', trial: 'setup', impls: NODE_PEERS, cpu: 1, ...size.setup },
    {
      key: 'node.memory',
      runtime: 'node',
      trial: 'memory',
      impls: [...NODE_PEERS, 'sdk-no-heartbeat'],
      cpu: 1,
      flags: ['--expose-gc'],
      ...size.memory,
    },
    {
      key: 'node.scale',
      runtime: 'node',
      trial: 'scale',
      impls: ['sdk', 'raw'],
      cpu: 1,
      flags: ['--expose-gc'],
      timeoutMs: 300_000,
      ...size.scale,
    },
  ];
  for (const runtime of runtimes) {
    scenarios.push(
      { key: `${runtime}.inbound`, runtime, trial: 'inbound', impls: ['sdk', 'raw'], cpu: 1, ...size.runtimeInbound },
      {
        key: `${runtime}.roundTrip`,
        runtime,
        trial: 'roundTrip',
        impls: ['sdk', 'raw'],
        cpu: 0,
        ...size.runtimeRoundTrip,
      },
    );
  }
  return scenarios;
}
