// Type-level tests: stream payloads and WebSocket API results are typed from their names, and option objects
// type-check under exactOptionalPropertyTypes. The checks run in `tsc` (the typecheck suite of `npm test`):
// every expect-error directive fails it if the mistake below it ever compiles. The bodies are never executed.
import type {
  AccountStatus,
  AggTradeEvent,
  BinanceApi,
  BinanceApiOptions,
  BinanceResponse,
  BinanceStreams,
  BinanceStreamsOptions,
  BookTickerEvent,
  DepthUpdateEvent,
  KlineEvent,
  MiniTickerEvent,
  OrderResult,
  PartialDepthEvent,
  SessionStatus,
  StreamPayload,
  TickerEvent,
  TradeEvent,
  WindowTickerEvent,
} from '@zen-websocket/binance';
import { describe, expectTypeOf, it } from 'vitest';

/** Type checks over a streams object and an API, compiled but never run. */
const typeChecks = (check: (streams: BinanceStreams, api: BinanceApi) => void) => expectTypeOf(check).toBeFunction();

describe('stream payloads typed from the stream name', () => {
  it('maps every documented stream to its payload', () => {
    expectTypeOf<StreamPayload<'btcusdt@trade'>>().toEqualTypeOf<TradeEvent>();
    expectTypeOf<StreamPayload<'btcusdt@aggTrade'>>().toEqualTypeOf<AggTradeEvent>();
    expectTypeOf<StreamPayload<'btcusdt@depth'>>().toEqualTypeOf<DepthUpdateEvent>();
    expectTypeOf<StreamPayload<'btcusdt@depth@100ms'>>().toEqualTypeOf<DepthUpdateEvent>();
    expectTypeOf<StreamPayload<'btcusdt@depth5'>>().toEqualTypeOf<PartialDepthEvent>();
    expectTypeOf<StreamPayload<'btcusdt@depth20@100ms'>>().toEqualTypeOf<PartialDepthEvent>();
    expectTypeOf<StreamPayload<'btcusdt@bookTicker'>>().toEqualTypeOf<BookTickerEvent>();
    expectTypeOf<StreamPayload<'btcusdt@kline_1m'>>().toEqualTypeOf<KlineEvent>();
    expectTypeOf<StreamPayload<'btcusdt@miniTicker'>>().toEqualTypeOf<MiniTickerEvent>();
    expectTypeOf<StreamPayload<'!miniTicker@arr'>>().toEqualTypeOf<MiniTickerEvent[]>();
    expectTypeOf<StreamPayload<'btcusdt@ticker'>>().toEqualTypeOf<TickerEvent>();
    expectTypeOf<StreamPayload<'btcusdt@ticker_1h'>>().toEqualTypeOf<WindowTickerEvent>();
    expectTypeOf<StreamPayload<'btcusdt@somethingElse'>>().toEqualTypeOf<unknown>();
  });

  it('types subscribe handlers from the names, or from an explicit type', () =>
    typeChecks((streams) => {
      void streams.subscribe('btcusdt@trade', (t) => expectTypeOf(t).toEqualTypeOf<TradeEvent>());
      void streams.subscribe(['btcusdt@trade', 'btcusdt@bookTicker'], (d) =>
        expectTypeOf(d).toEqualTypeOf<TradeEvent | BookTickerEvent>(),
      );
      void streams.subscribe('ethusdt@kline_1h', (k) => expectTypeOf(k.k.x).toEqualTypeOf<boolean>());
      void streams.subscribe<{ custom: true }>('x@y', (d) => expectTypeOf(d).toEqualTypeOf<{ custom: true }>());
      const names: string[] = [];
      void streams.subscribe(names, (d) => expectTypeOf(d).toEqualTypeOf<unknown>());
      // @ts-expect-error: a trade has no `b`
      void streams.subscribe('btcusdt@trade', (t) => t.b);
      // @ts-expect-error: a partial depth has no `e`
      void streams.subscribe('btcusdt@depth10', (d) => d.e);
    }));
});

describe('WebSocket API results typed from the method name', () => {
  it('types request() and the helpers', () =>
    typeChecks((_streams, api) => {
      expectTypeOf(api.request('time')).toEqualTypeOf<Promise<BinanceResponse<{ serverTime: number }>>>();
      expectTypeOf(api.request('order.place', {})).toEqualTypeOf<Promise<BinanceResponse<OrderResult>>>();
      expectTypeOf(api.request('v3/account.status')).toEqualTypeOf<Promise<BinanceResponse<AccountStatus>>>();
      expectTypeOf(api.request('session.status')).toEqualTypeOf<Promise<BinanceResponse<SessionStatus>>>();
      expectTypeOf(api.request('exchangeInfo')).toEqualTypeOf<Promise<BinanceResponse<unknown>>>();
      expectTypeOf(api.request<{ n: number }>('custom')).toEqualTypeOf<Promise<BinanceResponse<{ n: number }>>>();
      expectTypeOf(api.orderPlace).returns.toEqualTypeOf<Promise<OrderResult>>();
      expectTypeOf(api.openOrdersStatus).returns.toEqualTypeOf<Promise<OrderResult[]>>();
      // @ts-expect-error: a time result has no orderId
      void api.request('time').then((r) => r.result.orderId);
    }));
});

describe('options under exactOptionalPropertyTypes', () => {
  it('accepts values that may be undefined (process.env) for optional options', () => {
    const api: BinanceApiOptions = {
      apiKey: process.env.BINANCE_API_KEY,
      secretKey: process.env.BINANCE_SECRET_KEY,
      url: process.env.BINANCE_URL,
      heartbeat: { probe: undefined },
      connect: { retryCount: undefined },
    };
    const streams: BinanceStreamsOptions = { baseUrl: process.env.BINANCE_STREAMS, limit: { batch: undefined } };
    expectTypeOf(api).toExtend<BinanceApiOptions>();
    expectTypeOf(streams).toExtend<BinanceStreamsOptions>();
    // @ts-expect-error: a typo is not an option
    const typo: BinanceStreamsOptions = { baseURL: 'wss://stream.binance.com:9443' };
    void typo;
  });
});
