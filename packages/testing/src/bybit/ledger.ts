/**
 * Positions and wallets of the Bybit simulator's accounts, moved by its fills: a one-way linear position per
 * symbol (size, average entry, realised PnL, settled in the quote coin) and, for spot, the base and quote coin
 * balances. No fees, no margin checks. Rows are shaped as Bybit v5's `GET /v5/position/list` and
 * `GET /v5/account/wallet-balance` list them (and the private `position` / `wallet` topics push them).
 */

/** A fill the ledger books. */
export interface LedgerFill {
  apiKey: string;
  category: string;
  symbol: string;
  side: 'Buy' | 'Sell';
  qty: number;
  price: number;
  /** The symbol's mark (mid of its book), for unrealised PnL. */
  mark: number;
  now: number;
}

interface Position {
  symbol: string;
  /** Signed: long > 0, short < 0. */
  size: number;
  avg: number;
  realised: number;
  mark: number;
  created: number;
  updated: number;
}

/** Starting coin balances of every account (Bybit's unified account holds all coins). */
export const DEFAULT_BALANCES: Readonly<Record<string, number>> = { USDT: 100_000, USDC: 100_000, BTC: 1, ETH: 10 };

const QUOTES = ['USDT', 'USDC'];
/** `BTCUSDT` → `['BTC', 'USDT']` (a symbol without a known quote coin settles in USDT). */
export const coinsOf = (symbol: string): [string, string] => {
  const quote = QUOTES.find((q) => symbol.endsWith(q) && symbol.length > q.length) ?? 'USDT';
  return [symbol.endsWith(quote) ? symbol.slice(0, -quote.length) : symbol, quote];
};

/** 8 decimals at most, no trailing zeros: how the simulator writes quantities and amounts. */
export const num = (n: number): string => String(Math.round(n * 1e8) / 1e8);

/** The ledger of every account. */
export class BybitLedger {
  readonly #start: Readonly<Record<string, number>>;
  readonly #positions = new Map<string, Map<string, Position>>();
  readonly #coins = new Map<string, Map<string, { balance: number; realised: number }>>();

  constructor(balances: Readonly<Record<string, number>> = DEFAULT_BALANCES) {
    this.#start = balances;
  }

  /** Books one fill; returns the private updates it causes (the position row for linear, the wallet row). */
  fill(f: LedgerFill): Array<{ topic: 'position' | 'wallet'; data: unknown[] }> {
    const [base, quote] = coinsOf(f.symbol);
    const signed = f.side === 'Buy' ? f.qty : -f.qty;
    if (f.category === 'spot') {
      this.#move(f.apiKey, base, signed, 0);
      this.#move(f.apiKey, quote, -signed * f.price, 0);
      return [{ topic: 'wallet', data: [this.wallet(f.apiKey)] }];
    }
    const byKey = this.#positions.get(f.apiKey) ?? new Map<string, Position>();
    this.#positions.set(f.apiKey, byKey);
    const p = byKey.get(f.symbol) ?? {
      symbol: f.symbol,
      size: 0,
      avg: 0,
      realised: 0,
      mark: 0,
      created: f.now,
      updated: 0,
    };
    byKey.set(f.symbol, p);
    let pnl = 0;
    if (p.size !== 0 && Math.sign(p.size) !== Math.sign(signed)) {
      const closed = Math.min(Math.abs(p.size), Math.abs(signed));
      pnl = closed * (f.price - p.avg) * Math.sign(p.size);
    }
    const size = Math.round((p.size + signed) * 1e8) / 1e8;
    if (size === 0) p.avg = 0;
    else if (p.size === 0 || Math.sign(size) !== Math.sign(p.size)) p.avg = f.price;
    else if (Math.sign(signed) === Math.sign(p.size)) p.avg = (p.avg * p.size + f.price * signed) / size;
    p.size = size;
    p.realised += pnl;
    p.mark = f.mark;
    p.updated = f.now;
    this.#move(f.apiKey, quote, pnl, pnl);
    return [
      { topic: 'position', data: [this.#row(p, f.category)] },
      { topic: 'wallet', data: [this.wallet(f.apiKey)] },
    ];
  }

  /** `GET /v5/position/list` rows of an account: open positions, or every known one of `symbol` when given. */
  positions(apiKey: string, category: string, marks: (symbol: string) => number, symbol?: string): unknown[] {
    return [...(this.#positions.get(apiKey)?.values() ?? [])]
      .filter((p) => (symbol === undefined ? p.size !== 0 : p.symbol === symbol))
      .map((p) => this.#row({ ...p, mark: marks(p.symbol) || p.mark }, category));
  }

  /** The `UNIFIED` account row of `GET /v5/account/wallet-balance` (and the `wallet` topic). */
  wallet(apiKey: string): Record<string, unknown> {
    const coins = this.#coinsOf(apiKey);
    const coin = [...coins].map(([name, c]) => ({
      coin: name,
      walletBalance: num(c.balance),
      equity: num(c.balance),
      cumRealisedPnl: num(c.realised),
      unrealisedPnl: '0',
      locked: '0',
    }));
    return { accountType: 'UNIFIED', coin };
  }

  #coinsOf(apiKey: string): Map<string, { balance: number; realised: number }> {
    let coins = this.#coins.get(apiKey);
    if (!coins) {
      coins = new Map(Object.entries(this.#start).map(([c, b]) => [c, { balance: b, realised: 0 }]));
      this.#coins.set(apiKey, coins);
    }
    return coins;
  }

  #move(apiKey: string, coin: string, amount: number, realised: number): void {
    const coins = this.#coinsOf(apiKey);
    const c = coins.get(coin) ?? { balance: 0, realised: 0 };
    c.balance += amount;
    c.realised += realised;
    coins.set(coin, c);
  }

  #row(p: Position, category: string): Record<string, unknown> {
    const size = Math.abs(p.size);
    return {
      positionIdx: 0,
      symbol: p.symbol,
      side: p.size > 0 ? 'Buy' : p.size < 0 ? 'Sell' : '',
      size: num(size),
      avgPrice: num(p.avg),
      positionValue: num(size * p.avg),
      markPrice: num(p.mark),
      unrealisedPnl: num(p.size * (p.mark - p.avg)),
      cumRealisedPnl: num(p.realised),
      leverage: '10',
      positionStatus: 'Normal',
      tradeMode: 0,
      category,
      createdTime: String(p.created),
      updatedTime: String(p.updated),
    };
  }
}
