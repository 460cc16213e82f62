// The venues a doc snippet may reach, all local. A snippet runs unchanged: its child process loads `guard.mjs`,
// which sends every connection to a venue host (test.deribit.com:443, stream.binance.com:9443, …) to a local
// TLS front on 127.0.0.1 instead, and stops the process on any other non-loopback address. The front holds a
// throw-away certificate for the venue host names (trusted by the child through NODE_EXTRA_CA_CERTS) and pipes
// each connection, by its TLS server name, to a fresh Deribit or Binance simulator.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import {
  type BinanceSimulator,
  type DeribitSimulator,
  startBinanceSimulator,
  startDeribitSimulator,
} from '@zen-websocket/testing';
import { generate } from 'selfsigned';

type Venue = 'deribit' | 'binance';

/** Host:port pairs that snippets may name, and the simulator each one reaches. */
export const VENUE_HOSTS: Readonly<Record<string, Venue>> = {
  'test.deribit.com:443': 'deribit',
  'www.deribit.com:443': 'deribit',
  'stream.binance.com:9443': 'binance',
  'stream.binance.com:443': 'binance',
  'stream.testnet.binance.vision:443': 'binance',
  'ws-api.binance.com:443': 'binance',
  'ws-api.binance.com:9443': 'binance',
  'ws-api.testnet.binance.vision:443': 'binance',
  'api.binance.com:443': 'binance',
  'testnet.binance.vision:443': 'binance',
};

/** Hosts a snippet may name without going anywhere (its own servers). */
export const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The Ed25519 account the Binance simulator knows, besides its default HMAC account (the docs' example key). */
const ed25519 = generateKeyPairSync('ed25519');
const ED25519_API_KEY = 'doc-test-ed25519-key';

/** Credentials the simulators accept, under the names the docs read from `process.env`. */
export const CREDENTIALS: Readonly<Record<string, string>> = {
  DERIBIT_CLIENT_ID: 'sim-client',
  DERIBIT_CLIENT_SECRET: 'sim-secret',
  BINANCE_API_KEY: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A',
  BINANCE_SECRET_KEY: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j',
  BINANCE_API_SECRET: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j',
  BINANCE_ED25519_API_KEY: ED25519_API_KEY,
  BINANCE_PRIVATE_KEY: ed25519.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};

export interface VenueFront {
  /** Environment for a snippet's process: routes, the trusted certificate, credentials. */
  env: Record<string, string>;
  /** Starts fresh simulators for the next snippet (stopping the previous ones). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

/** A throw-away self-signed certificate for every venue host name, written to `dir` for NODE_EXTRA_CA_CERTS. */
async function certificate(dir: string): Promise<{ key: string; cert: string; certFile: string }> {
  mkdirSync(dir, { recursive: true });
  const names = [...new Set(Object.keys(VENUE_HOSTS).map((h) => h.split(':')[0] ?? h))];
  const notBeforeDate = new Date(Date.now() - HOUR_MS);
  const pems = await generate([{ name: 'commonName', value: 'zen-websocket doc tests' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 48 * HOUR_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((value) => ({ type: 2 as const, value })) },
    ],
  });
  const certFile = path.join(dir, 'venues-cert.pem');
  writeFileSync(certFile, pems.cert);
  return { key: pems.private, cert: pems.cert, certFile };
}

export async function startVenueFront(dir: string): Promise<VenueFront> {
  const { key, cert, certFile } = await certificate(dir);
  let deribit: DeribitSimulator | undefined;
  let binance: BinanceSimulator | undefined;
  const portOf = (venue: Venue | undefined): number | undefined =>
    venue === 'deribit' ? deribit?.port : venue === 'binance' ? binance?.port : undefined;
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ key, cert }, (client) => {
    const name = client.servername || '';
    const venue = Object.entries(VENUE_HOSTS).find(([host]) => host.startsWith(`${name}:`))?.[1];
    const port = portOf(venue);
    if (port === undefined) return void client.destroy();
    const upstream = net.connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const frontPort = (server.address() as net.AddressInfo).port;
  const routes = Object.fromEntries(Object.keys(VENUE_HOSTS).map((host) => [host, frontPort]));

  const stopSimulators = async (): Promise<void> => {
    for (const s of sockets) s.destroy();
    await Promise.all([deribit?.stop(), binance?.stop()]);
    deribit = undefined;
    binance = undefined;
  };
  return {
    env: { ...CREDENTIALS, NODE_EXTRA_CA_CERTS: certFile, ZEN_DOC_TEST_ROUTES: JSON.stringify(routes) },
    async reset() {
      await stopSimulators();
      deribit = await startDeribitSimulator();
      binance = await startBinanceSimulator({
        accounts: [
          { apiKey: CREDENTIALS.BINANCE_API_KEY ?? '', secretKey: CREDENTIALS.BINANCE_SECRET_KEY },
          { apiKey: ED25519_API_KEY, publicKey: ed25519.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
        ],
      });
    },
    async close() {
      await stopSimulators();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
