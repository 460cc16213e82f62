import { createBinanceApi, createBinanceStreams } from '@zen-websocket/binance';
import { type BinanceSimulator, startBinanceSimulator, wsSocketFactory } from '@zen-websocket/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

let sim: BinanceSimulator;

beforeEach(async () => {
  sim = await startBinanceSimulator({ feedInterval: 0, pingInterval: 0 });
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await sim.stop();
});

/** Runs a factory that must refuse its options: returns the TypeError, sync or async. */
async function refusal(make: () => unknown): Promise<TypeError> {
  try {
    await make();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return error as TypeError;
  }
  throw new Error('the options were accepted');
}

describe('a typo never reaches a venue', () => {
  it('createBinanceStreams: baseURL is refused with the nearest valid name, before any connection', async () => {
    const error = await refusal(() =>
      // @ts-expect-error: baseURL is not an option (baseUrl is)
      createBinanceStreams({ baseURL: sim.streamUrl, socketFactory: wsSocketFactory }),
    );
    expect(error.message).toContain('unknown option "baseURL" (did you mean "baseUrl"?)');
    expect(error.message).toContain('Valid options: baseUrl, raw, socketFactory, maxStreamsPerConnection');
    expect(sim.connectionCount).toBe(0);
  });

  it('createBinanceApi: URL and apikey are refused, before any connection', async () => {
    const url = await refusal(() =>
      // @ts-expect-error: URL is not an option (url is)
      createBinanceApi({ URL: sim.apiUrl, socketFactory: wsSocketFactory }),
    );
    expect(url.message).toContain('unknown option "URL" (did you mean "url"?)');
    expect(url.message).toContain('Valid options: url, socketFactory, apiKey, secretKey');
    const key = await refusal(() =>
      // @ts-expect-error: apikey is not an option (apiKey is)
      createBinanceApi({ url: sim.apiUrl, apikey: 'k', secretKey: 's', socketFactory: wsSocketFactory }),
    );
    expect(key.message).toContain('unknown option "apikey" (did you mean "apiKey"?)');
    expect(sim.connectionCount).toBe(0);
  });

  it('checks nested options and the keys passed through to core', async () => {
    const base = { baseUrl: sim.streamUrl, socketFactory: wsSocketFactory };
    // @ts-expect-error: no such key
    const batch = await refusal(() => createBinanceStreams({ ...base, limit: { batchSize: 5 } }));
    expect(batch.message).toContain('unknown option "limit.batchSize" (did you mean "limit.batch"?)');
    expect(batch.message).toContain(
      'Valid options: limit.messages, limit.reserve, limit.windowMs, limit.maxQueue, limit.batch',
    );
    // @ts-expect-error: no such key
    const retry = await refusal(() => createBinanceStreams({ ...base, connect: { retrycount: 3 } }));
    expect(retry.message).toContain('did you mean "connect.retryCount"?');
    // @ts-expect-error: no such key
    const beat = await refusal(() => createBinanceApi({ url: sim.apiUrl, heartbeat: { intervall: 5 } }));
    expect(beat.message).toContain('did you mean "heartbeat.interval"?');
    expect(sim.connectionCount).toBe(0);
  });

  it('names the option whose value has the wrong type', async () => {
    const cases: Array<[() => unknown, string]> = [
      // @ts-expect-error: wrong type
      [() => createBinanceStreams({ baseUrl: 42 }), 'options.baseUrl must be a ws:// or wss:// URL string, got number'],
      [
        () => createBinanceStreams({ baseUrl: 'https://stream.binance.com' }),
        'options.baseUrl must be a ws:// or wss:// URL string, got "https://stream.binance.com"',
      ],
      // @ts-expect-error: wrong type
      [() => createBinanceStreams({ requestTimeout: '10' }), 'options.requestTimeout must be a finite number > 0'],
      // @ts-expect-error: wrong type
      [() => createBinanceStreams({ rotation: true }), 'options.rotation must be false or an object with after'],
      // @ts-expect-error: wrong type
      [() => createBinanceApi({ url: sim.apiUrl, apiKey: 7 }), 'createBinanceApi: options.apiKey must be'],
      // @ts-expect-error: wrong type
      [() => createBinanceApi({ url: sim.apiUrl, logon: 'yes' }), 'options.logon must be true or false, got "yes"'],
    ];
    for (const [make, message] of cases) expect((await refusal(make)).message).toContain(message);
  });

  it('accepts undefined for any optional option (exactOptionalPropertyTypes users pass process.env values)', async () => {
    const apiKey = process.env.ZEN_TEST_NO_SUCH_VARIABLE;
    const streams = createBinanceStreams({
      baseUrl: sim.streamUrl,
      socketFactory: wsSocketFactory,
      raw: undefined,
      connect: { retryDelay: undefined },
    });
    await expect(streams.subscribe('btcusdt@trade')).resolves.toEqual(['btcusdt@trade']);
    await streams.close();
    const api = await createBinanceApi({
      url: sim.apiUrl,
      socketFactory: wsSocketFactory,
      apiKey,
      secretKey: undefined,
    });
    await expect(api.time()).resolves.toMatchObject({ serverTime: expect.any(Number) });
    await api.close();
  });
});

describe('the default socket', () => {
  it('names the import that brings a socket where the runtime has none (Node 20)', async () => {
    vi.stubGlobal('WebSocket', undefined);
    const streams = await refusal(() => createBinanceStreams({ baseUrl: sim.streamUrl }));
    expect(streams.message).toContain("import { createBinanceStreams } from 'zen-websocket/binance'");
    const api = await refusal(() => createBinanceApi({ url: sim.apiUrl }));
    expect(api.message).toContain("import { createBinanceApi } from 'zen-websocket/binance'");
  });

  it("uses the runtime's global WebSocket when there is one", async () => {
    const { WebSocket } = await import('ws');
    vi.stubGlobal('WebSocket', WebSocket);
    const streams = createBinanceStreams({ baseUrl: sim.streamUrl });
    await expect(streams.subscribe('btcusdt@trade')).resolves.toEqual(['btcusdt@trade']);
    expect(sim.connectionCount).toBe(1);
    await streams.close();
  });
});
