import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/index.js';
import {
  configJsonSchema,
  loadBotDeclarations,
  parseProjectConfig,
  readProjectConfig,
} from '../../../src/fleet/index.js';
import { fleetProject, sandboxBot } from '../../helpers/fleet-project.js';

describe('fleet.config.json bots, risk, promotion and sandbox', () => {
  it('fills the defaults', () => {
    const config = parseProjectConfig({ name: 'p', bots: [sandboxBot('a')] });
    expect(config.bots[0]).toEqual({ ...sandboxBot('a'), exchange: 'sandbox', capital: 10_000 });
    expect(config.promotion).toEqual({ min_paper_days: 7, min_paper_trades: 20 });
    expect(config.sandbox).toEqual({ speed: 1, seed: 0 });
    expect(config.risk).toBeUndefined();
    expect(parseProjectConfig({ name: 'p' }).bots).toEqual([]);
  });

  it.each([
    [{ bots: [sandboxBot('a'), sandboxBot('a')] }, "bots.1.name: duplicate bot name 'a'"],
    [{ bots: [sandboxBot('bad name')] }, 'bots.0.name: letters, digits, dot, dash or underscore'],
    [{ bots: [{ name: 'a', symbol: 'X' }] }, 'bots.0.spec:'],
    [{ bots: [sandboxBot('a', { capital: -1 })] }, 'bots.0.capital:'],
    [{ bots: [sandboxBot('a', { timeframe: '7m' })] }, 'bots.0.timeframe:'],
    [{ bots: [sandboxBot('a', { venue: 'XNYZ' })] }, "bots.0.venue: unknown venue 'XNYZ'; did you mean 'XNYS'?"],
    [
      { bots: [sandboxBot('a', { risk: { price_collar: 5 } })] },
      'bots.0.risk.price_collar: price_collar must be a fraction',
    ],
    [{ bots: [sandboxBot('a', { colour: 'red' })] }, 'bots.0:'],
    [{ risk: { max_order_vlaue: 5 } }, 'risk:'],
    [{ promotion: { min_paper_days: -1 } }, 'promotion.min_paper_days:'],
    [{ sandbox: { speed: 0 } }, 'sandbox.speed:'],
    [
      { notify: { channels: [{ type: 'webhook' }] } },
      'notify.channels.0: a webhook needs exactly one of url and url_env',
    ],
    [{ notify: { channels: [{ type: 'sms' }] } }, 'notify.channels.0.type:'],
    [{ notify: { channels: [{ type: 'console', levels: ['loud'] }] } }, 'notify.channels.0.levels.0:'],
    [{ notify: { channels: [{ type: 'telegram', chat_ids: [] }] } }, 'notify.channels.0.chat_ids:'],
  ])('refuses %j in one line naming the JSON path', (extra, expected) => {
    const run = () => parseProjectConfig({ name: 'p', ...extra }, 'fleet.config.json');
    expect(run).toThrow(InputError);
    expect(run).toThrow(`fleet.config.json: ${expected}`);
  });

  it('takes a venue in any case and keeps it upper-case', () => {
    expect(parseProjectConfig({ name: 'p', bots: [sandboxBot('a', { venue: 'xlon' })] }).bots[0].venue).toBe('XLON');
  });

  it('keeps the stock-bot example true: its config parses and its bots declare with their venues', async () => {
    const dir = join(import.meta.dirname, '../../../examples/stock-bot');
    const config = await readProjectConfig(dir);
    expect(config.bots.map((bot) => bot.venue)).toEqual(['XNYS', 'XTKS']);
    const declarations = await loadBotDeclarations(dir, config);
    expect(declarations.map((bot) => bot.config.venue)).toEqual(['XNYS', 'XTKS']);
  });

  it('reads the file and names it in errors', async () => {
    const dir = fleetProject({ bots: [sandboxBot('a'), sandboxBot('a')] });
    await expect(readProjectConfig(dir)).rejects.toThrow(
      `${join(dir, 'fleet.config.json')}: bots.1.name: duplicate bot name 'a'`,
    );
  });

  it('publishes the new sections in the JSON Schema', () => {
    const schema = configJsonSchema() as { properties: Record<string, { items?: { required?: string[] } }> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['bots', 'risk', 'promotion', 'sandbox']));
    expect(schema.properties.bots.items?.required).toEqual(['name', 'spec', 'symbol']);
    expect(JSON.stringify(schema.properties.risk)).toContain('max_order_value');
    expect(JSON.stringify(schema.properties.notify)).toContain('url_env');
  });

  it('keeps docs in sync: the example project config in the guide parses', () => {
    const text = readFileSync(new URL('../../../docs/fleet.md', import.meta.url), 'utf8');
    const block = /```json\n([\s\S]*?)```/.exec(text)?.[1];
    expect(block).toBeDefined();
    expect(() => parseProjectConfig(JSON.parse(block as string))).not.toThrow();
  });
});

describe('fleet.config.json that would slip past the schema', () => {
  const deep = (levels: number): unknown => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);

  it('refuses JSON nested past 32 levels, with its path, before anything walks it recursively', () => {
    const json = { name: 'p', bots: [sandboxBot('a', { params: { fast: deep(100_000) } })] };
    const path = `bots.0.params.fast${'.0'.repeat(28)}`;
    expect(() => parseProjectConfig(json, 'f.json')).toThrow(`f.json: ${path}: nests deeper than 32 levels`);
  });

  it('refuses a __proto__ key that JSON.parse kept as an own property', () => {
    const json = JSON.parse('{"name":"p","sandbox":{"__proto__":{"speed":5}}}');
    expect(() => parseProjectConfig(json, 'f.json')).toThrow(
      "f.json: sandbox.__proto__: '__proto__' is reserved (no name may be __proto__, constructor, prototype)",
    );
  });
});
