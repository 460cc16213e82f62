/**
 * Checks `startMockServer` options and fills in defaults. Mistakes throw at once with a message saying how to fix
 * them.
 */
import { checkOptions } from '../kit/options.js';
import type { MockServerOptions } from './types.js';

/** Options with defaults applied. */
export interface ResolvedOptions {
  readonly handler: MockServerOptions['handler'];
  readonly rpc: MockServerOptions['rpc'];
  readonly onError: MockServerOptions['onError'];
  readonly onConnection: MockServerOptions['onConnection'];
  readonly tls: boolean;
  readonly path: string;
  readonly port: number;
  readonly maxMessages: number;
}

/** The options `startMockServer` knows. */
export const MOCK_OPTIONS = [
  'handler',
  'rpc',
  'tls',
  'path',
  'port',
  'maxMessages',
  'onError',
  'onConnection',
] as const;

/**
 * Validates options; throws a `TypeError` or `RangeError` naming the bad option.
 *
 * @example
 * resolveOptions({ path: '/api' }).maxMessages; // 1000
 */
export function resolveOptions(given: MockServerOptions): ResolvedOptions {
  const options = checkOptions('startMockServer', given, MOCK_OPTIONS);
  const { handler, rpc, onError, onConnection, tls = false, path = '/ws', port = 0, maxMessages = 1000 } = options;
  checkFunction('handler', handler);
  checkFunction('onError', onError);
  checkFunction('onConnection', onConnection);
  checkRpc(rpc);
  if (typeof tls !== 'boolean')
    throw new TypeError(`startMockServer: options.tls must be a boolean, got ${typeof tls}`);
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError(
      `startMockServer: options.path must be a string starting with "/", e.g. "/ws", got ${String(path)}`,
    );
  }
  if (!(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    throw new RangeError(
      `startMockServer: options.port must be an integer from 0 to 65535 (0 = any free port), got ${port}`,
    );
  }
  if (!(Number.isInteger(maxMessages) && maxMessages >= 0)) {
    throw new RangeError(`startMockServer: options.maxMessages must be a non-negative integer, got ${maxMessages}`);
  }
  return { handler, rpc, onError, onConnection, tls, path, port, maxMessages };
}

function checkFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`startMockServer: options.${name} must be a function, got ${typeof value}`);
  }
}

function checkRpc(rpc: unknown): void {
  if (rpc === undefined) return;
  if (rpc === null || typeof rpc !== 'object' || Array.isArray(rpc)) {
    throw new TypeError(
      'startMockServer: options.rpc must be an object of methods, e.g. { "public/test": () => ({}) }',
    );
  }
  for (const [name, method] of Object.entries(rpc)) {
    if (typeof method !== 'function') {
      throw new TypeError(`startMockServer: options.rpc["${name}"] must be a function (params, connection) => result`);
    }
  }
}
