// The servers the runtime contract runs against, all on 127.0.0.1 with OS-picked ports:
// - one mock exchange per runtime run (`startRun()`), so no state leaks from one runtime to the next;
// - one HTTP server for the control endpoints the suite calls (`/control/...`) and the read-only static
//   files the browser pages load (`packages/*/dist`, `node_modules/mitt` and `@noble/hashes`, `e2e/`) — same
//   origin, no CORS;
// - a bare `ws` server for the runtime probe, which records upgrade headers and ping/pong frames.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type DisconnectReason,
  type MockConnection,
  type MockServer,
  RpcFault,
  startMockServer,
} from '@zen-websocket/testing';
import { WebSocketServer } from 'ws';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** Files the static server may serve (paths relative to the repository root). */
const STATIC = [/^packages\/[a-z-]+\/dist\//, /^node_modules\/mitt\//, /^node_modules\/@noble\/hashes\//, /^e2e\//];
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** The JSON-RPC methods the contract suite relies on. */
const RPC = {
  'public/test': () => ({ version: '1.2.26' }),
  'public/fail': () => {
    throw new RpcFault(10009, 'not_enough_funds', { reason: 'margin' });
  },
  'public/never': () => new Promise(() => undefined),
  'public/subscribe': (params: unknown) => (params as { channels: string[] }).channels,
};

interface ProbeRecord {
  headers: Record<string, unknown>;
  pings: string[];
  pongs: number;
}

export interface Harness {
  /** `http://127.0.0.1:PORT`: static files and `/control`. */
  readonly origin: string;
  /** Base URL of the control endpoints. */
  readonly control: string;
  /** `ws://127.0.0.1:PORT` of the probe server. */
  readonly probeUrl: string;
  /** Starts a fresh mock exchange (stopping the previous one) and clears the probe records. */
  startRun(): Promise<MockServer>;
  /** Serves `html` at `pathname` (for generated pages such as README snippets). */
  addPage(pathname: string, html: string): void;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  let server: MockServer | undefined;
  let connections: MockConnection[] = [];
  const probes = new Map<string, ProbeRecord>();
  const pages = new Map<string, string>();

  const probe = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  probe.on('connection', (socket, request) => {
    const tag = new URL(request.url ?? '/', 'http://x').searchParams.get('probe') ?? '';
    const record: ProbeRecord = { headers: { ...request.headers }, pings: [], pongs: 0 };
    probes.set(tag, record);
    socket.on('ping', (data) => record.pings.push(data.toString()));
    socket.on('pong', () => record.pongs++);
    socket.ping('server');
  });
  await new Promise<void>((resolve) => probe.once('listening', resolve));

  const control = (action: string, query: URLSearchParams, body: Record<string, unknown>): unknown => {
    if (!server) throw new Error('no contract run in progress');
    const tag = query.get('tag');
    const tagged = (c: { query: string }) => tag === null || new URLSearchParams(c.query).get('contract') === tag;
    switch (action) {
      case 'connections':
        return connections.filter(tagged).map(describeConnection);
      case 'upgrades':
        return server.upgrades.filter(tagged);
      case 'probe':
        return probes.get(tag ?? '') ?? null;
      case 'inject':
        return { reached: inject(server, connections.filter(tagged), tag, body.message) };
      case 'drop':
        return server.simulateDisconnect((body.reason as DisconnectReason | undefined) ?? 'going_away');
      case 'stall':
        return server.stall();
      case 'resume':
        return server.resume();
      case 'reject':
        return server.reject((body.status as number | null | undefined) ?? null);
      case 'reset':
        server.resume();
        return server.reject(null);
      default:
        throw new Error(`unknown control action ${action}`);
    }
  };

  const http = createServer((req, res) => {
    handle(req, res, control, pages).catch((error: unknown) => send(res, 500, 'text/plain', String(error)));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  return {
    origin,
    control: `${origin}/control`,
    probeUrl: `ws://127.0.0.1:${(probe.address() as AddressInfo).port}`,
    async startRun() {
      await server?.stop();
      connections = [];
      probes.clear();
      server = await startMockServer({ rpc: RPC, onConnection: (c) => connections.push(c), onError: () => {} });
      return server;
    },
    addPage: (pathname, html) => void pages.set(pathname, html),
    async close() {
      await server?.stop();
      server = undefined;
      for (const client of probe.clients) client.terminate();
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

type Control = (action: string, query: URLSearchParams, body: Record<string, unknown>) => unknown;

async function handle(req: IncomingMessage, res: ServerResponse, control: Control, pages: Map<string, string>) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname.startsWith('/control/')) {
    const body = req.method === 'POST' ? await readJson(req) : {};
    const result = await control(url.pathname.slice('/control/'.length), url.searchParams, body);
    return send(res, 200, 'application/json', JSON.stringify(result ?? null));
  }
  const page = pages.get(url.pathname);
  if (page !== undefined) return send(res, 200, TYPES['.html'] as string, page);
  const relative = path.posix.normalize(decodeURIComponent(url.pathname)).replace(/^\/+/, '');
  if (req.method !== 'GET' || relative.includes('..') || !STATIC.some((re) => re.test(relative))) {
    return send(res, 404, 'text/plain', 'not found');
  }
  const file = path.join(root, relative);
  const content = await readFile(file).catch(() => undefined);
  if (!content) return send(res, 404, 'text/plain', 'not found');
  return send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', content);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  // `connection: close` so a runner's fetch pool never keeps its process alive after the suite.
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', connection: 'close' });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Sends to the tagged open connections, or to every connection when no tag is given. */
function inject(server: MockServer, tagged: MockConnection[], tag: string | null, message: unknown): number {
  if (tag === null) return server.injectMessage(message as object);
  return tagged.filter((c) => c.open && c.send(message as object)).length;
}

function describeConnection(c: MockConnection) {
  return {
    id: c.id,
    open: c.open,
    query: c.query,
    headers: c.headers,
    received: c.received.map((m) => (typeof m === 'string' ? { text: m, json: parseJson(m) } : { binary: [...m] })),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
