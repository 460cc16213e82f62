import {
  type Client,
  type ConnectOptions as CoreConnectOptions,
  connect as coreConnect,
  type LifecycleSource,
  type RecordSink,
  type SocketFactory,
  type UrlSource,
} from '@zen-websocket/core';

/**
 * Options of `connect`: those of `@zen-websocket/core`, except that `recordTo` also takes a string — a file
 * path on Node (and wherever the `node` build is used), an IndexedDB database name in browsers.
 */
export interface ConnectOptions<C = Client> extends Omit<CoreConnectOptions<C>, 'recordTo'> {
  /**
   * Records every frame in and out: a sink (`memorySink()`, `fileSink(path)`, `indexedDbSink(name)` or your
   * own), or a string this runtime turns into its sink. A sink that cannot be opened or fails later is
   * reported on `error` and dropped; the connection is never affected. See docs/recording.md.
   */
  recordTo?: RecordSink | string;
}

/** Opens this runtime's sink for a `recordTo` string. */
export type OpenRecordSink = (name: string) => RecordSink;

/**
 * `connect` with this runtime's defaults for `socketFactory` and `lifecycle` (the user's own still win), and
 * a `recordTo` string opened with `openSink` (which may load the sink first: the web build imports IndexedDB's).
 */
export function connectWith(
  factory: SocketFactory,
  lifecycle?: LifecycleSource,
  openSink?: (name: string) => RecordSink | Promise<RecordSink>,
) {
  return async (url: UrlSource, options: ConnectOptions<Client> = {}): Promise<Client> => {
    const { recordTo } = options;
    const o = { ...options, socketFactory: options.socketFactory ?? factory } as CoreConnectOptions<Client>;
    const life = options.lifecycle ?? lifecycle;
    if (life) o.lifecycle = life;
    if (typeof recordTo !== 'string') return coreConnect(url, o);
    // settled before connecting: a sink that cannot be made is reported by the first frame recorded
    const sink = await open(recordTo, openSink);
    o.recordTo = sink;
    try {
      return await coreConnect(url, o);
    } catch (error) {
      await Promise.resolve(sink.close?.()).catch(() => {}); // already closed unless the options were rejected
      throw error;
    }
  };
}

/** The sink for a `recordTo` string; if it cannot be opened, a sink whose first `record` reports why. */
async function open(name: string, openSink: ((name: string) => RecordSink | Promise<RecordSink>) | undefined) {
  try {
    if (!openSink) throw new TypeError('recordTo: this build of zen-websocket takes a sink, not a string');
    return await openSink(name);
  } catch (error) {
    return {
      record() {
        throw error;
      },
    };
  }
}
