// Type-level tests: channel payloads and method results are typed from their names, and the options accept
// what users write under `exactOptionalPropertyTypes`. The checks run in `tsc` (the typecheck suite of
// `npm test`); each @ts-expect-error line fails it if the mistake ever compiles. The bodies never run.
import type {
  BookUpdate,
  ChannelData,
  DeribitClient,
  DeribitOptions,
  DeribitResult,
  GroupedBook,
  Instrument,
  Order,
  OrderWithTrades,
  PlatformState,
  Portfolio,
  PriceIndex,
  PublicTrade,
  Quote,
  Ticker,
  Trade,
} from '@zen-websocket/deribit';
import { describe, expectTypeOf, it } from 'vitest';

/** Type checks over a client, compiled but never run. */
const typeChecks = (check: (client: DeribitClient) => void) => expectTypeOf(check).toBeFunction();

describe('typed channels', () => {
  it('types each channel’s data from its name', () => {
    expectTypeOf<ChannelData<'ticker.BTC-PERPETUAL.100ms'>>().toEqualTypeOf<Ticker>();
    expectTypeOf<ChannelData<'ticker.ETH-PERPETUAL.raw'>>().toEqualTypeOf<Ticker>();
    expectTypeOf<ChannelData<'trades.BTC-PERPETUAL.100ms'>>().toEqualTypeOf<PublicTrade[]>();
    expectTypeOf<ChannelData<'trades.future.BTC.raw'>>().toEqualTypeOf<PublicTrade[]>();
    expectTypeOf<ChannelData<'book.BTC-PERPETUAL.100ms'>>().toEqualTypeOf<BookUpdate>();
    expectTypeOf<ChannelData<'book.BTC-PERPETUAL.none.10.100ms'>>().toEqualTypeOf<GroupedBook>();
    expectTypeOf<ChannelData<'user.orders.BTC-PERPETUAL.raw'>>().toEqualTypeOf<Order>();
    expectTypeOf<ChannelData<'user.orders.any.any.raw'>>().toEqualTypeOf<Order>();
    expectTypeOf<ChannelData<'user.orders.future.BTC.100ms'>>().toEqualTypeOf<Order[]>();
    expectTypeOf<ChannelData<'user.trades.any.any.100ms'>>().toEqualTypeOf<Trade[]>();
    expectTypeOf<ChannelData<'user.portfolio.btc'>>().toEqualTypeOf<Portfolio>();
    expectTypeOf<ChannelData<'quote.BTC-PERPETUAL'>>().toEqualTypeOf<Quote>();
    expectTypeOf<ChannelData<'deribit_price_index.btc_usd'>>().toEqualTypeOf<PriceIndex>();
    expectTypeOf<ChannelData<'platform_state'>>().toEqualTypeOf<PlatformState>();
    expectTypeOf<ChannelData<'something.else'>>().toBeUnknown();
    expectTypeOf<ChannelData<string>>().toBeUnknown();
    expectTypeOf<ChannelData<'ticker.BTC-PERPETUAL.100ms' | 'trades.BTC-PERPETUAL.raw'>>().toEqualTypeOf<
      Ticker | PublicTrade[]
    >();
  });

  it('gives subscribe handlers the channel’s type', () =>
    typeChecks((client) => {
      void client.subscribe('ticker.BTC-PERPETUAL.100ms', (t, channel) => {
        expectTypeOf(t).toEqualTypeOf<Ticker>();
        expectTypeOf(channel).toEqualTypeOf<'ticker.BTC-PERPETUAL.100ms'>();
      });
      void client.subscribe(['ticker.BTC-PERPETUAL.100ms'], (t) => expectTypeOf(t.mark_price).toBeNumber());
      void client.subscribe(['book.BTC-PERPETUAL.100ms', 'book.ETH-PERPETUAL.100ms'], (b) =>
        expectTypeOf(b).toEqualTypeOf<BookUpdate>(),
      );
      void client.subscribe(['ticker.BTC-PERPETUAL.100ms', 'user.orders.any.any.raw'], (d) =>
        expectTypeOf(d).toEqualTypeOf<Ticker | Order>(),
      );
      void client.subscribe('user.trades.any.any.100ms', (trades) => expectTypeOf(trades).toEqualTypeOf<Trade[]>());
      const dynamic: string[] = ['ticker.BTC-PERPETUAL.100ms'];
      void client.subscribe(dynamic, (d) => expectTypeOf(d).toBeUnknown());
      // naming the shape still works, for channels the map does not know
      void client.subscribe<{ foo: number }>('venue.new_channel', (d) =>
        expectTypeOf(d).toEqualTypeOf<{ foo: number }>(),
      );
      // @ts-expect-error a ticker has no `bids`
      void client.subscribe('ticker.BTC-PERPETUAL.100ms', (t) => t.bids.length);
    }));
});

describe('typed results', () => {
  it('types request() results from the method name', () =>
    typeChecks(async (client) => {
      expectTypeOf(await client.request('public/get_time')).toBeNumber();
      expectTypeOf(await client.request('public/test')).toEqualTypeOf<{ version: string }>();
      expectTypeOf(await client.request('public/ticker', { instrument_name: 'BTC-PERPETUAL' })).toEqualTypeOf<Ticker>();
      expectTypeOf(await client.request('public/get_instruments', { currency: 'BTC' })).toEqualTypeOf<Instrument[]>();
      expectTypeOf(await client.request('private/buy', { amount: 10 })).toEqualTypeOf<OrderWithTrades>();
      expectTypeOf(await client.request('private/get_open_orders')).toEqualTypeOf<Order[]>();
      expectTypeOf(await client.request('private/cancel_all')).toBeNumber();
      expectTypeOf(await client.request('private/some_new_method')).toBeUnknown();
      expectTypeOf(await client.request<{ id: string }>('private/some_new_method')).toEqualTypeOf<{ id: string }>();
      // @ts-expect-error get_time resolves with a number
      (await client.request('public/get_time')).toUpperCase();
    }));

  it('types the helpers', () =>
    typeChecks(async (client) => {
      expectTypeOf(await client.getTime()).toBeNumber();
      expectTypeOf(await client.buy({ instrument_name: 'BTC-PERPETUAL', amount: 10 })).toEqualTypeOf<OrderWithTrades>();
      expectTypeOf(await client.cancel('id')).toEqualTypeOf<Order>();
    }));

  it('has a result map that agrees with the helpers', () => {
    expectTypeOf<DeribitResult<'public/get_order_book'>>().toEqualTypeOf<
      Awaited<ReturnType<DeribitClient['getOrderBook']>>
    >();
    expectTypeOf<DeribitResult<'private/get_order_state'>>().toEqualTypeOf<
      Awaited<ReturnType<DeribitClient['getOrderState']>>
    >();
  });
});

describe('options under exactOptionalPropertyTypes', () => {
  it('accepts string | undefined for credentials, as process.env gives them', () => {
    const env: Record<string, string | undefined> = {};
    const options: DeribitOptions = {
      url: env.DERIBIT_URL,
      clientId: env.DERIBIT_CLIENT_ID,
      clientSecret: env.DERIBIT_CLIENT_SECRET,
      scope: env.DERIBIT_SCOPE,
      credentials: undefined,
    };
    expectTypeOf(options).toMatchTypeOf<DeribitOptions>();
    // @ts-expect-error a misspelt option does not compile either
    const typo: DeribitOptions = { clientID: 'x' };
    expectTypeOf(typo).toMatchTypeOf<DeribitOptions>();
  });
});
