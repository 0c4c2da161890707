import type { AlpacaClient } from './alpaca-client.js';
import { classifyAlpacaError, tradingError } from './alpaca-errors.js';

export interface AlpacaAccount {
  /** Cash in `currency` (negative when the account borrows on margin). */
  readonly cash: number;
  readonly currency: string;
  /** Alpaca blocks trading on some accounts (or the user did): orders would be refused. */
  readonly tradingBlocked: boolean;
}

export interface AlpacaAsset {
  readonly symbol: string;
  readonly tradable: boolean;
  /** Whether fractional shares may be ordered (market or limit, day orders only). */
  readonly fractionable: boolean;
  readonly shortable: boolean;
}

export interface AlpacaPosition {
  readonly symbol: string;
  /** Signed shares: > 0 long, < 0 short. */
  readonly quantity: number;
}

/** The market clock: whether the regular session is open now, and its next open and close (epoch ms). */
export interface AlpacaClock {
  readonly isOpen: boolean;
  readonly now: number;
  readonly nextOpen: number;
  readonly nextClose: number;
}

/** One trading day of the calendar: its date and regular session, in New York time as Alpaca sends them. */
export interface AlpacaSession {
  /** YYYY-MM-DD. */
  readonly date: string;
  /** HH:MM, New York time. */
  readonly open: string;
  readonly close: string;
}

async function call<T>(client: AlpacaClient, action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw tradingError(classifyAlpacaError(error, client), action, error);
  }
}

export async function fetchAlpacaAccount(client: AlpacaClient): Promise<AlpacaAccount> {
  const account = await call(client, 'reading the account', () => client.sdk.trading.account.getAccount());
  return {
    cash: Number(account.cash ?? 0),
    currency: account.currency ?? 'USD',
    tradingBlocked: account.tradingBlocked === true || account.accountBlocked === true,
  };
}

/** The asset `symbol`, or undefined when Alpaca does not list it. */
export async function fetchAlpacaAsset(client: AlpacaClient, symbol: string): Promise<AlpacaAsset | undefined> {
  try {
    const asset = await client.sdk.trading.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: symbol });
    return {
      symbol: asset.symbol,
      tradable: asset.tradable === true && asset.status === 'active',
      fractionable: asset.fractionable === true,
      shortable: asset.shortable === true,
    };
  } catch (error) {
    const failure = classifyAlpacaError(error, client);
    if (failure.kind === 'not_found') return undefined;
    throw tradingError(failure, `reading asset ${symbol}`, error);
  }
}

export async function fetchAlpacaPositions(client: AlpacaClient): Promise<AlpacaPosition[]> {
  const positions = await call(client, 'listing positions', () => client.sdk.trading.positions.getAllOpenPositions());
  return positions
    .map((p) => ({ symbol: p.symbol, quantity: Math.abs(Number(p.qty)) * (p.side === 'short' ? -1 : 1) }))
    .filter((p) => Number.isFinite(p.quantity) && p.quantity !== 0);
}

export async function fetchAlpacaClock(client: AlpacaClient): Promise<AlpacaClock> {
  const clock = await call(client, 'reading the market clock', () => client.sdk.trading.clock.legacyClock());
  return {
    isOpen: clock.isOpen === true,
    now: new Date(clock.timestamp).getTime(),
    nextOpen: new Date(clock.nextOpen).getTime(),
    nextClose: new Date(clock.nextClose).getTime(),
  };
}

/** The trading days from `start` to `end` (epoch ms, by date), holidays left out. */
export async function fetchAlpacaCalendar(client: AlpacaClient, start: number, end: number): Promise<AlpacaSession[]> {
  const days = await call(client, 'reading the market calendar', () =>
    client.sdk.trading.calendar.legacyCalendar({ start: new Date(start), end: new Date(end) }),
  );
  return days.map((day) => ({
    date: day.date instanceof Date ? day.date.toISOString().slice(0, 10) : String(day.date),
    open: day.open,
    close: day.close,
  }));
}

/** The price of the last trade of `symbol` on the client's feed. */
export async function fetchAlpacaLastPrice(client: AlpacaClient, symbol: string): Promise<number> {
  const answer = await call(client, `reading the last trade of ${symbol}`, () =>
    client.sdk.marketData.stocks.stockLatestTradeSingle({ symbol, feed: client.feed }),
  );
  const price = Number(answer.trade?.p);
  if (!Number.isFinite(price) || price <= 0)
    throw tradingError({ kind: 'other', message: `no last trade of ${symbol}` }, 'reading the last trade', undefined);
  return price;
}
