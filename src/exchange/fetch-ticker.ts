import { FleetError } from '../core/index.js';
import type { ExchangeClient } from './create-exchange.js';
import { mapTradingError, prepareTrading } from './trading-errors.js';

/** The price of the symbol's last trade, from its ticker (binance: GET /api/v3/ticker/24hr). */
export async function fetchLastPrice(exchange: ExchangeClient, symbol: string): Promise<number> {
  const action = `reading the ${symbol} ticker`;
  const ccxt = await prepareTrading(exchange, action);
  let raw: unknown;
  try {
    raw = await exchange.ccxt.fetchTicker(symbol);
  } catch (error) {
    throw mapTradingError(error, ccxt, exchange, action);
  }
  const ticker = (raw ?? {}) as { last?: unknown; close?: unknown };
  const last = typeof ticker.last === 'number' ? ticker.last : ticker.close;
  if (typeof last !== 'number' || !Number.isFinite(last) || last <= 0) {
    throw new FleetError(`${exchange.id} sent no last price for ${symbol}`);
  }
  return last;
}
