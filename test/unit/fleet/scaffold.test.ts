import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exchangeKeyNames } from '../../../src/broker/index.js';
import { scaffoldProject } from '../../../src/fleet/index.js';

describe('scaffoldProject: what a new project says', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'fleet-scaffold-')), 'desk');
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');

  it('.env.example lists only variables fleet reads today', async () => {
    await scaffoldProject({ dir });
    const text = read('.env.example');
    const names = [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    const binance = exchangeKeyNames('binance');
    const alpaca = exchangeKeyNames('alpaca');
    // The LLM variables are the ones src/designer/provider.ts reads.
    const llm = ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'FLEET_LLM_BASE_URL', 'FLEET_LLM_MODEL', 'FLEET_LLM_API_KEY'];
    // The Telegram variables are the ones src/cli/commands/telegram.ts reads.
    const telegram = ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_CHAT_IDS'];
    // The dashboard's token is the one src/cli/commands/dashboard.ts reads.
    const dashboard = ['FLEET_DASHBOARD_TOKEN'];
    // POSTGRES_PASSWORD is read by compose.yaml (fleet deploy compose), for its Postgres service.
    expect(names).toEqual([
      'DATABASE_URL',
      'POSTGRES_PASSWORD',
      binance.apiKey,
      binance.secret,
      alpaca.apiKey,
      alpaca.secret,
      ...llm,
      ...telegram,
      ...dashboard,
    ]);
  });

  it('the README runs fleet with npx, which works for a local and a global install', async () => {
    const commands = read('README.md')
      .split('\n')
      .filter((line) => /^(npx )?fleet /.test(line));
    expect(commands.length).toBeGreaterThan(5);
    for (const line of commands) expect(line).toMatch(/^npx fleet /);
    expect(read('README.md')).not.toMatch(/(^|[^x] )fleet migrate/m);
  });

  it('a project on alpaca declares a stock sample bot', async () => {
    const stocks = join(mkdtempSync(join(tmpdir(), 'fleet-scaffold-')), 'stocks');
    await scaffoldProject({ dir: stocks, exchange: 'alpaca' });
    const config = JSON.parse(readFileSync(join(stocks, 'fleet.config.json'), 'utf8'));
    expect(config.bots).toEqual([expect.objectContaining({ exchange: 'alpaca', symbol: 'AAPL' })]);
  });
});
