/**
 * A real `nats-server` for tests and demos: started on 127.0.0.1 with ports the server picks itself
 * (`listen: 127.0.0.1:-1`), JetStream in a temporary folder and a plain WebSocket listener for browsers.
 * The chosen ports are read from the server's log. Node only. The binary comes from the system (Debian's
 * `nats-server` package); nothing is downloaded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOptions } from './kit/options.js';

/** Options of {@link startNatsServer}. */
export interface NatsServerOptions {
  /** Path of the `nats-server` binary. Default: `$NATS_SERVER`, else `nats-server` on the PATH. */
  readonly binary?: string;
  /** Enable JetStream (stored in a temporary folder). Default `true`. */
  readonly jetstream?: boolean;
  /** Open a plain (no TLS) WebSocket listener for browsers. Default `true`. */
  readonly websocket?: boolean;
  /** How long to wait for "Server is ready" in ms. Default 10,000. */
  readonly startTimeoutMs?: number;
  /** Extra lines appended to the generated configuration. */
  readonly extraConfig?: string;
}

/** A running `nats-server` started by {@link startNatsServer}. */
export interface NatsServer {
  /** `nats://127.0.0.1:<port>` for Node clients. */
  readonly url: string;
  /** `ws://127.0.0.1:<port>` for browser, Deno and Bun clients (`undefined` when `websocket: false`). */
  readonly wsUrl: string | undefined;
  /** The client port. */
  readonly port: number;
  /** The server's process id (changes after {@link NatsServer.restart}). */
  readonly pid: number;
  /** The JetStream store folder (kept across restarts, removed by `stop`). */
  readonly storeDir: string;
  /** The server's log so far (for failure messages). */
  log(): string;
  /** Send a signal to the server process (`SIGSTOP`/`SIGCONT` pause and resume it). */
  signal(signal: NodeJS.Signals): void;
  /** Stop the server (if running) and start it again on the same ports with the same JetStream store. */
  restart(): Promise<void>;
  /** Kill the server and wait for it to exit; the store is kept so `restart()` still works. */
  kill(): Promise<void>;
  /** Stop the server and remove its temporary folder. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Thrown when `nats-server` is missing or does not become ready. */
export class NatsServerError extends Error {
  override readonly name = 'NatsServerError';
}

interface Ports {
  client: number;
  ws: number | undefined;
}

const READY = /Server is ready/;
const CLIENT_PORT = /Listening for client connections on [^\s:]+:(\d+)/;
const WS_PORT = /Listening for websocket clients on wss?:\/\/[^\s:]+:(\d+)/;

function config(dir: string, options: NatsServerOptions, ports: Ports | undefined): string {
  const lines = [`listen: 127.0.0.1:${ports?.client ?? -1}`];
  if (options.jetstream !== false) lines.push(`jetstream { store_dir: ${JSON.stringify(join(dir, 'js'))} }`);
  if (options.websocket !== false) {
    lines.push(`websocket { listen: "127.0.0.1:${ports?.ws ?? -1}", no_tls: true }`);
  }
  if (options.extraConfig) lines.push(options.extraConfig);
  return `${lines.join('\n')}\n`;
}

function launch(
  binary: string,
  file: string,
  timeoutMs: number,
  onLog: (chunk: string) => void,
): Promise<{ child: ChildProcess; ports: Ports }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['-c', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const fail = (message: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new NatsServerError(`${message}\n${text.split('\n').slice(-15).join('\n')}`));
    };
    const timer = setTimeout(() => fail(`nats-server was not ready within ${timeoutMs} ms`), timeoutMs);
    const read = (chunk: Buffer): void => {
      const s = chunk.toString('utf8');
      text += s;
      onLog(s);
      if (!READY.test(text)) return;
      clearTimeout(timer);
      const client = Number(CLIENT_PORT.exec(text)?.[1]);
      const ws = WS_PORT.exec(text)?.[1];
      resolve({ child, ports: { client, ws: ws === undefined ? undefined : Number(ws) } });
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('error', (error) =>
      fail(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? `nats-server not found ("${binary}"); install it (Debian: apt-get install nats-server) or set NATS_SERVER`
          : `nats-server could not start: ${error.message}`,
      ),
    );
    child.once('exit', (code, signal) => {
      if (!READY.test(text)) fail(`nats-server exited before it was ready (code ${code}, signal ${signal})`);
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Start a real `nats-server` on 127.0.0.1 with free ports, JetStream and a WebSocket listener.
 *
 * @example
 * ```ts
 * await using nats = await startNatsServer();
 * // connect({ servers: nats.url }) from @nats-io/transport-node, wsconnect({ servers: nats.wsUrl }) in a browser
 * ```
 */
export async function startNatsServer(given: NatsServerOptions = {}): Promise<NatsServer> {
  const names = ['binary', 'jetstream', 'websocket', 'startTimeoutMs', 'extraConfig'];
  const options = checkOptions('startNatsServer', given, names);
  const binary = options.binary ?? process.env.NATS_SERVER ?? 'nats-server';
  const timeoutMs = options.startTimeoutMs ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'zen-nats-'));
  const file = join(dir, 'nats.conf');
  let log = '';
  const append = (chunk: string): void => {
    log = (log + chunk).slice(-64_000);
  };
  writeFileSync(file, config(dir, options, undefined));
  let started: { child: ChildProcess; ports: Ports };
  try {
    started = await launch(binary, file, timeoutMs, append);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let { child } = started;
  const { ports } = started;
  // A restart keeps the same ports, so clients reconnect to the URLs they were given.
  writeFileSync(file, config(dir, options, ports));

  const kill = async (): Promise<void> => {
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited(child);
  };
  const stop = async (): Promise<void> => {
    await kill();
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    url: `nats://127.0.0.1:${ports.client}`,
    wsUrl: ports.ws === undefined ? undefined : `ws://127.0.0.1:${ports.ws}`,
    port: ports.client,
    get pid() {
      return child.pid ?? -1;
    },
    storeDir: join(dir, 'js'),
    log: () => log,
    signal: (signal) => {
      child.kill(signal);
    },
    async restart() {
      await kill();
      // The port can stay in TIME_WAIT briefly; nats-server binds with SO_REUSEADDR, so a retry is rarely needed.
      let lastError: unknown;
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          child = (await launch(binary, file, timeoutMs, append)).child;
          return;
        } catch (error) {
          lastError = error;
          await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
        }
      }
      throw lastError;
    },
    kill,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
