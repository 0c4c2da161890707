import type { FakeOrder } from './fake-binance-account.js';

/** Binance's REST answers as the real API shapes them: numbers as 8-decimal strings. */

export const fmt = (x: number): string => x.toFixed(8);

/** Binance's 12-field kline: numbers as strings, as the real API sends them. */
export function binanceKline([time, open, high, low, close, volume]: number[], step: number): unknown[] {
  const quoteVolume = (volume * close).toFixed(8);
  return [
    time,
    open.toFixed(8),
    high.toFixed(8),
    low.toFixed(8),
    close.toFixed(8),
    volume.toFixed(8),
    time + step - 1,
    quoteVolume,
    10,
    (volume / 2).toFixed(8),
    (volume * close * 0.5).toFixed(8),
    '0',
  ];
}

export function exchangeInfo(symbols: readonly { base: string; quote: string }[]): unknown {
  return {
    timezone: 'UTC',
    serverTime: Date.now(),
    rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
    exchangeFilters: [],
    symbols: symbols.map(({ base, quote }) => ({
      symbol: base + quote,
      status: 'TRADING',
      baseAsset: base,
      baseAssetPrecision: 8,
      quoteAsset: quote,
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      baseCommissionPrecision: 8,
      quoteCommissionPrecision: 8,
      orderTypes: ['LIMIT', 'MARKET'],
      icebergAllowed: true,
      ocoAllowed: true,
      quoteOrderQtyMarketAllowed: true,
      allowTrailingStop: true,
      cancelReplaceAllowed: true,
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: false,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
        { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
        {
          filterType: 'NOTIONAL',
          minNotional: '5.00000000',
          applyMinToMarket: true,
          maxNotional: '9000000.00000000',
          applyMaxToMarket: false,
          avgPriceMins: 5,
        },
      ],
      permissions: [],
      permissionSets: [['SPOT']],
      defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
      allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
    })),
  };
}

export function orderJson(o: FakeOrder): Record<string, unknown> {
  return {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: fmt(o.price),
    origQty: fmt(o.origQty),
    executedQty: fmt(o.executedQty),
    origQuoteOrderQty: '0.00000000',
    cummulativeQuoteQty: fmt(o.cummulativeQuoteQty),
    status: o.status,
    timeInForce: 'GTC',
    type: o.type,
    side: o.side,
    stopPrice: '0.00000000',
    icebergQty: '0.00000000',
    workingTime: o.time,
    selfTradePreventionMode: 'NONE',
  };
}

export function accountJson(balances: readonly { asset: string; free: number; locked: number }[]): unknown {
  return {
    makerCommission: 10,
    takerCommission: 10,
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
    canTrade: true,
    canWithdraw: true,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: false,
    updateTime: Date.now(),
    accountType: 'SPOT',
    balances: balances.map(({ asset, free, locked }) => ({ asset, free: fmt(free), locked: fmt(locked) })),
    permissions: ['SPOT'],
    uid: 1,
  };
}

/** /api/v3/ticker/24hr (`full`) or /api/v3/ticker/price. */
export function tickerJson(symbolId: string, price: number, full: boolean): unknown {
  const last = fmt(price);
  if (!full) return { symbol: symbolId, price: last };
  const now = Date.now();
  return {
    symbol: symbolId,
    priceChange: '0.00000000',
    priceChangePercent: '0.000',
    weightedAvgPrice: last,
    prevClosePrice: last,
    lastPrice: last,
    lastQty: '1.00000000',
    bidPrice: last,
    bidQty: '1.00000000',
    askPrice: last,
    askQty: '1.00000000',
    openPrice: last,
    highPrice: last,
    lowPrice: last,
    volume: '100.00000000',
    quoteVolume: fmt(100 * price),
    openTime: now - 86_400_000,
    closeTime: now,
    firstId: 1,
    lastId: 100,
    count: 100,
  };
}
