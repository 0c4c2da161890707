import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBotDeclarations, readProjectConfig } from '../../../src/fleet/index.js';

describe('examples/alpaca-paper', () => {
  it('declares a paper stock bot on alpaca that registration accepts, with the rails going live needs', async () => {
    const dir = fileURLToPath(new URL('../../../examples/alpaca-paper/', import.meta.url));
    const [bot] = await loadBotDeclarations(dir, await readProjectConfig(dir));
    expect(bot).toMatchObject({ name: 'aapl-ema', exchange: 'alpaca', symbol: 'AAPL', timeframe: '1h', capital: 5000 });
    expect(bot.risk).toMatchObject({ max_order_value: 5000, max_position_value: 5000, daily_loss_limit: 0.03 });
  });
});
