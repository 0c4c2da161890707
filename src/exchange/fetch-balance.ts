import type { ExchangeClient } from './create-exchange.js';
import { mapTradingError, prepareTrading } from './trading-errors.js';

/** Total (free + locked) units of every asset the account holds, zero balances left out. */
export async function fetchBalanceTotals(exchange: ExchangeClient): Promise<Record<string, number>> {
  const action = 'reading balances';
  const ccxt = await prepareTrading(exchange, action);
  let raw: unknown;
  try {
    raw = await exchange.ccxt.fetchBalance();
  } catch (error) {
    throw mapTradingError(error, ccxt, exchange, action);
  }
  const total = (raw as { total?: unknown } | undefined)?.total;
  const totals: Record<string, number> = {};
  if (total !== null && typeof total === 'object') {
    for (const [asset, amount] of Object.entries(total)) {
      if (typeof amount === 'number' && Number.isFinite(amount) && amount !== 0) totals[asset] = amount;
    }
  }
  return totals;
}
