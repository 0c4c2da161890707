import { minimumOrderQuantity } from '../../exchange/index.js';
import { publicSpotClient } from './public-client.js';

/**
 * The smallest order quantity of a real exchange's market, read from its public market list (no
 * keys). A position below it is dust that no order can sell. 0 for the sandbox, and 0 when the
 * market list cannot be read, so that any position then counts as a position.
 */
export async function marketMinimumQuantity(
  exchange: string,
  symbol: string,
  options: { apiBaseUrl?: string; timeoutMs?: number } = {},
): Promise<number> {
  // alpaca is the stock broker, not ccxt's crypto alpaca: whole-share assets are read by its broker.
  if (exchange === 'sandbox' || exchange === 'replay' || exchange === 'alpaca') return 0;
  try {
    const client = await publicSpotClient({
      exchange,
      apiBaseUrl: options.apiBaseUrl,
      timeoutMs: options.timeoutMs ?? 5_000,
    });
    return await minimumOrderQuantity(client, symbol);
  } catch {
    return 0;
  }
}
