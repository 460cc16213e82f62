// Measures what the runtime's OWN WebSocket can do, independently of the SDK, so docs/runtimes.md reports
// facts rather than assumptions. Plain ESM, web-standard globals only; never throws.
//
// The harness runs a bare `ws` server for it (`probeUrl`) that records, per `?probe=<tag>` connection, the
// upgrade headers, the ping frames it received, and whether the client answered the server's own ping.

const STEP_MS = 2000;

/**
 * @param {{ probeUrl: string, control: string }} env
 * @returns {Promise<Record<string, unknown>>}
 */
export async function probeRuntime({ probeUrl, control }) {
  const WS = globalThis.WebSocket;
  const out = {
    globalWebSocket: typeof WS === 'function',
    cryptoSubtle: typeof globalThis.crypto?.subtle?.importKey === 'function',
    secureContext: typeof globalThis.isSecureContext === 'boolean' ? globalThis.isSecureContext : null,
  };
  if (typeof WS !== 'function') return out;
  try {
    Object.assign(out, await probeHeaders(WS, probeUrl, control));
    Object.assign(out, await probePing(WS, probeUrl, control));
  } catch (error) {
    out.probeError = String(error?.message ?? error);
  }
  return out;
}

/** `new WebSocket(url, { headers })`: the non-standard init object Bun, Deno and undici accept. */
async function probeHeaders(WS, probeUrl, control) {
  let socket;
  try {
    socket = new WS(`${probeUrl}?probe=headers`, { headers: { 'X-Probe': '1' } });
  } catch (error) {
    return { headers: false, headersOption: `constructor throws ${error?.name}` };
  }
  const opened = await settleOpen(socket);
  const record = opened ? await fetchJson(`${control}/probe?tag=headers`) : undefined;
  await closeQuietly(socket);
  return { headers: record?.headers?.['x-probe'] === '1', headersOption: opened ? 'accepted' : 'connection failed' };
}

/** `socket.ping()` (Bun, ws) and pong events; also whether the client answers the server's ping. */
async function probePing(WS, probeUrl, control) {
  const socket = new WS(`${probeUrl}?probe=ping`);
  const binaryTypeDefault = socket.binaryType;
  const opened = await settleOpen(socket);
  if (!opened) return { binaryTypeDefault, ping: false, pingNote: 'connection failed' };
  const pingMethod = typeof socket.ping === 'function';
  let pongEvent = false;
  if (pingMethod) {
    socket.addEventListener?.('pong', () => {
      pongEvent = true;
    });
    try {
      socket.ping('probe');
    } catch {
      // a ping() that throws counts as no ping
    }
  }
  const record = await pollRecord(control, (r) => r.pongs > 0 && (!pingMethod || r.pings.length > 0));
  await closeQuietly(socket);
  return {
    binaryTypeDefault,
    ping: Boolean(record?.pings?.includes('probe')),
    pingMethod,
    pongEvent,
    answersServerPing: (record?.pongs ?? 0) > 0,
  };
}

async function pollRecord(control, done) {
  const end = Date.now() + STEP_MS;
  let record;
  while (Date.now() < end) {
    record = await fetchJson(`${control}/probe?tag=ping`);
    if (record && done(record)) return record;
    await sleep(50);
  }
  return record;
}

function settleOpen(socket) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), STEP_MS);
    socket.onopen = () => {
      clearTimeout(timer);
      resolve(true);
    };
    socket.onerror = () => {
      clearTimeout(timer);
      resolve(false);
    };
  });
}

function closeQuietly(socket) {
  return new Promise((resolve) => {
    if (socket.readyState === 3) return resolve();
    const timer = setTimeout(resolve, STEP_MS);
    socket.onclose = () => {
      clearTimeout(timer);
      resolve();
    };
    try {
      socket.close();
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

async function fetchJson(url) {
  try {
    const response = await fetch(url);
    return response.ok ? await response.json() : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
