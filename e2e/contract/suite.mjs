// The runtime contract: one suite, plain ESM, run unchanged in Node (ws and native), Deno, Bun and Chromium
// against the BUILT zen-websocket. It uses only web-standard globals (fetch, setTimeout, URL, Date,
// Uint8Array…): no Node API, no DOM API. Each runner passes the SDK's `connect` the way its users load it.
//
// `control` is the harness's HTTP control server (same origin as the pages in browsers). Every scenario tags
// its connections with `?contract=<scenario>` so the harness can report what the server saw for that
// scenario alone. `runContract` never throws: each scenario has its own deadline and closes its clients.

/** Default options for every client of the suite: quick retries so drops heal within the deadline. */
const BASE_OPTIONS = { retryDelay: 50, maxBackoff: 400, retryCount: 20 };
const SCENARIO_MS = 10_000;
const RPC_TEST_RESULT = { version: '1.2.26' };

/**
 * Runs every scenario in order and returns one `{ name, ok, error?, detail?, ms }` per scenario.
 *
 * @param {object} env
 * @param {(url: string, options?: object) => Promise<any>} env.connect the SDK's connect
 * @param {object} [env.extras] extra connect options for every client (e.g. `{ socketFactory }`)
 * @param {string} env.serverUrl the mock server's ws:// URL
 * @param {string} env.control base URL of the control server (e.g. `http://127.0.0.1:PORT/control`)
 * @param {string} env.runtime name of the runtime, for messages
 * @param {{ ping: boolean, headers: boolean }} env.capabilities what the SDK should deliver here
 * @param {number} [env.scenarioMs] per-scenario deadline
 */
export async function runContract({ connect, extras = {}, serverUrl, control, runtime, capabilities, scenarioMs }) {
  const results = [];
  for (const [name, scenario] of SCENARIOS) {
    const ctx = createContext({ connect, extras, serverUrl, control, runtime, capabilities, name });
    const started = Date.now();
    try {
      const detail = await withDeadline(scenario(ctx), scenarioMs ?? SCENARIO_MS, `scenario "${name}"`);
      results.push({ name, ok: true, detail, ms: Date.now() - started });
    } catch (error) {
      results.push({ name, ok: false, error: describe(error), ms: Date.now() - started });
    } finally {
      await ctx.cleanup();
    }
  }
  return results;
}

// ── scenarios ────────────────────────────────────────────────────────────────────────────────────────

async function connectScenario(ctx) {
  const client = await ctx.open();
  check(client.getState() === 'connected', `state is ${client.getState()}, expected connected`);
  return { state: client.getState() };
}

async function textAndBinary(ctx) {
  const client = await ctx.open();
  const echo = ctx.once(client, 'message');
  await client.sendMessage('hello contract');
  const text = await echo;
  check(text === 'echo: hello contract', `text echo was ${JSON.stringify(text)}`);

  const sent = [0, 1, 2, 127, 128, 255];
  const reply = ctx.once(client, 'binary');
  await client.sendMessage(new Uint8Array(sent));
  const bytes = await reply;
  check(bytes instanceof Uint8Array, `binary arrived as ${typeName(bytes)}, expected a Uint8Array`);
  check(sameBytes(bytes, sent), `binary echo was [${[...bytes]}], expected [${sent}]`);
  const seen = await ctx.serverReceived();
  check(
    seen.some((m) => m.binary && sameBytes(m.binary, sent)),
    'the server did not receive the bytes that were sent',
  );
  return { binaryType: typeName(bytes) };
}

async function jsonRpc(ctx) {
  const client = await ctx.open();
  const result = await client.request('public/test');
  check(sameJson(result, RPC_TEST_RESULT), `public/test resolved with ${JSON.stringify(result)}`);
  const error = await client.request('public/fail', { amount: 10 }).then(
    (value) => fail(`public/fail resolved with ${JSON.stringify(value)}`),
    (e) => e,
  );
  check(error instanceof Error, `public/fail rejected with a non-Error: ${describe(error)}`);
  check(error.rpcCode === 10009, `rpcCode is ${error.rpcCode}`);
  check(error.rpcMessage === 'not_enough_funds', `rpcMessage is ${error.rpcMessage}`);
  check(sameJson(error.data, { reason: 'margin' }), `data is ${JSON.stringify(error.data)}`);
  return { errorName: error.name, code: error.code };
}

async function requestDeadline(ctx) {
  const client = await ctx.open();
  const started = Date.now();
  const error = await client.request('public/never', {}, { timeout: 200 }).then(
    (value) => fail(`public/never resolved with ${JSON.stringify(value)}`),
    (e) => e,
  );
  const elapsedMs = Date.now() - started;
  check(error?.code === 'request_timeout', `rejected with ${describe(error)}, expected request_timeout`);
  check(elapsedMs >= 150 && elapsedMs < 2000, `rejected after ${elapsedMs} ms, expected about 200 ms`);
  check(client.getState() === 'connected', `state after the deadline is ${client.getState()}`);
  return { elapsedMs, sent: error.sent, outcome: error.outcome };
}

async function subscribe(ctx) {
  const client = await ctx.open();
  const confirmed = await client.subscribe(['ticker.x']);
  check(sameJson(confirmed, ['ticker.x']), `subscribe resolved with ${JSON.stringify(confirmed)}`);
  const seen = await ctx.serverReceived();
  check(
    seen.some((m) => isSubscribe(m.json, 'ticker.x')),
    'the server received no public/subscribe for ticker.x',
  );
  const note = ctx.once(client, 'message', (m) => m?.params?.channel === 'ticker.x');
  const reached = await ctx.inject(notification('ticker.x', { last: 64000 }));
  check(reached === 1, `the notification reached ${reached} connections, expected 1`);
  const message = await note;
  check(message.params.data.last === 64000, `notification payload was ${JSON.stringify(message)}`);
  return { subscriptions: client.getSubscriptions() };
}

async function dropReconnectRestore(ctx) {
  const channel = 'ticker.restore';
  const client = await ctx.open();
  await client.subscribe([channel]);
  const states = [];
  client.on('state', (s) => states.push(s.to));
  const reconnect = ctx.once(client, 'reconnect');
  const back = ctx.once(client, 'state', (s) => s.to === 'connected');
  await ctx.post('drop', { reason: 'going_away' });
  const info = await reconnect;
  await back;
  check(states[0] === 'reconnecting', `states after the drop: ${states.join(' → ')}`);
  check(info.error?.closeCode === 1001, `the drop was reported with close code ${info.error?.closeCode}`);
  const restored = await ctx.poll(async () => {
    const conns = await ctx.connections();
    const latest = conns.at(-1);
    return conns.length >= 2 && latest.open && latest.received.some((m) => isSubscribe(m.json, channel)) && conns;
  }, 'the server to receive public/subscribe again on the new connection');
  const note = ctx.once(client, 'message', (m) => m?.params?.channel === channel);
  await ctx.inject(notification(channel, { after: 'reconnect' }));
  await note;
  return { states, closeCode: info.error.closeCode, connections: restored.length };
}

async function halfOpen(ctx) {
  const heartbeat = { type: 'ping_pong', interval: 300, timeout: 300 };
  const client = await ctx.open({ heartbeat });
  const health = client.getHeartbeatHealth();
  check(
    health.pingFrames === ctx.capabilities.ping,
    `getHeartbeatHealth().pingFrames is ${health.pingFrames}, expected ${ctx.capabilities.ping}`,
  );
  const kinds = [];
  client.on('heartbeat', (h) => kinds.push(h.kind));
  const reconnects = [];
  client.on('reconnect', (r) => reconnects.push(r.error?.code));

  // Healthy phase (1 s): ping frames keep an idle line alive; without them, inbound traffic must.
  if (ctx.capabilities.ping) await sleep(1000);
  else await keepTalking(client, 1000);
  check(reconnects.length === 0, `healthy connection was dropped: ${reconnects.join(', ')}`);
  if (ctx.capabilities.ping) check(kinds.includes('pong'), `no pong seen in 1 s (heartbeat kinds: ${kinds})`);
  else check(!kinds.includes('pong'), 'a pong was reported on a socket without ping frames');

  const dead = ctx.once(client, 'reconnect', (r) => r.error?.code === 'heartbeat_timeout', 5000);
  const stalledAt = Date.now();
  await ctx.post('stall');
  await dead;
  const detectedMs = Date.now() - stalledAt;
  await ctx.post('resume');
  const result = await ctx.poll(async () => {
    if (client.getState() !== 'connected') return false;
    return client.request('public/test', {}, { timeout: 1000 }).catch(() => false);
  }, 'a request to succeed after resume');
  check(sameJson(result, RPC_TEST_RESULT), `request after resume resolved with ${JSON.stringify(result)}`);
  const conns = await ctx.connections();
  check(conns.length >= 2, `the server saw ${conns.length} connection(s), expected a reconnect`);
  return { pingFrames: health.pingFrames, detectedMs, heartbeatKinds: [...new Set(kinds)] };
}

async function headers(ctx) {
  const client = await ctx.open({ headers: { 'X-Contract': '1' } });
  check(client.getState() === 'connected', `state is ${client.getState()}`);
  const upgrades = await ctx.get('upgrades');
  check(upgrades.length === 1, `the server saw ${upgrades.length} upgrade(s), expected 1`);
  const seen = upgrades[0].headers['x-contract'];
  if (ctx.capabilities.headers) check(seen === '1', `the server saw X-Contract: ${seen}, expected 1`);
  else check(seen === undefined, `the server saw X-Contract: ${seen} on a runtime declared without headers`);
  return { sawHeader: seen !== undefined };
}

async function closeLeavesNothing(ctx) {
  const client = await ctx.open({ heartbeat: { type: 'ping_pong', interval: 200, timeout: 200 } });
  await client.subscribe(['ticker.close']);
  const events = [];
  for (const type of EVENT_TYPES) client.on(type, () => events.push(type));
  await client.close();
  const closedAt = events.length;
  check(client.getState() === 'closed', `state after close() is ${client.getState()}`);
  await withDeadline(client.close(), 1000, 'a second close()');
  const error = await client.request('public/test').then(
    () => fail('request() after close() resolved'),
    (e) => e,
  );
  check(error?.code === 'closed', `request() after close() rejected with ${describe(error)}`);
  await ctx.poll(async () => (await ctx.connections()).every((c) => !c.open), 'the server to see the socket closed');
  await ctx.injectAll(notification('ticker.close', { late: true }));
  await ctx.injectAll('late text');
  await sleep(500); // longer than two heartbeat intervals: a leftover timer would fire here
  const late = events.slice(closedAt);
  check(late.length === 0, `events after close(): ${late.join(', ')}`);
  return { eventsBeforeClose: closedAt };
}

const EVENT_TYPES = [
  'message',
  'binary',
  'unmatched_response',
  'protocol_error',
  'state',
  'reconnect',
  'error',
  'heartbeat',
];

/** Scenario names are stable strings: the harness makes one test per name. */
const SCENARIOS = [
  ['connect', connectScenario],
  ['text-and-binary', textAndBinary],
  ['json-rpc', jsonRpc],
  ['request-deadline', requestDeadline],
  ['subscribe', subscribe],
  ['drop-reconnect-restore', dropReconnectRestore],
  ['half-open', halfOpen],
  ['headers', headers],
  ['close-leaves-nothing', closeLeavesNothing],
];

// ── the per-scenario context ─────────────────────────────────────────────────────────────────────────

function createContext({ connect, extras, serverUrl, control, capabilities, name }) {
  const clients = [];
  const tag = name;
  const url = new URL(serverUrl);
  url.searchParams.set('contract', tag);
  const query = `tag=${encodeURIComponent(tag)}`;

  const request = async (method, path, body) => {
    const response = await fetch(`${control}/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`control ${method} /${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const get = (path) => request('GET', `${path}?${query}`);

  return {
    capabilities,
    async open(options = {}) {
      const client = await connect(url.href, { ...BASE_OPTIONS, ...extras, ...options });
      clients.push(client);
      return client;
    },
    once,
    poll,
    get,
    post: (path, body) => request('POST', path, body),
    connections: () => get('connections'),
    serverReceived: async () => (await get('connections')).flatMap((c) => c.received),
    inject: async (message) => (await request('POST', `inject?${query}`, { message })).reached,
    injectAll: async (message) => (await request('POST', 'inject', { message })).reached,
    async cleanup() {
      await Promise.all(clients.map((c) => withDeadline(c.close(), 3000, 'close()').catch(() => undefined)));
      await request('POST', 'reset').catch(() => undefined);
    },
  };
}

// ── helpers (web-standard only) ──────────────────────────────────────────────────────────────────────

/** Resolves with the first `type` event matching `accept`; rejects after `ms`. Leaves no timer or handler. */
function once(client, type, accept = () => true, ms = 5000) {
  return new Promise((resolve, reject) => {
    const off = client.on(type, (payload) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching "${type}" event within ${ms} ms`));
    }, ms);
  });
}

/** Calls `probe` every 25 ms until it returns something truthy (resolves with it); rejects after `ms`. */
async function poll(probe, what, ms = 5000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** Keeps inbound traffic flowing (a request every 100 ms) for `ms`. */
async function keepTalking(client, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await client.request('public/test', {}, { timeout: 1000 });
    await sleep(100);
  }
}

function withDeadline(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function fail(message) {
  throw new Error(message);
}

function describe(error) {
  if (error instanceof Error) {
    const code = typeof error.code === 'string' ? ` [${error.code}]` : '';
    return `${error.name}${code}: ${error.message}`;
  }
  return String(error);
}

function notification(channel, data) {
  return { jsonrpc: '2.0', method: 'subscription', params: { channel, data } };
}

function isSubscribe(message, channel) {
  return message?.method === 'public/subscribe' && message.params?.channels?.includes(channel);
}

function typeName(value) {
  return value?.constructor?.name ?? typeof value;
}

function sameBytes(bytes, expected) {
  return bytes.length === expected.length && expected.every((b, i) => bytes[i] === b);
}

function sameJson(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
