import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z as Zod } from 'zod';
import { isVenue, unknownVenueMessage } from '../calendar/index.js';
import { findJsonHazard, InputError, isReservedKey, reservedKeyMessage, TIMEFRAMES, zod } from '../core/index.js';
import { riskRailsSchema } from '../risk/index.js';
import { parseJson } from '../spec/index.js';

const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;
const NAME_RULE = 'letters, digits, dot, dash or underscore';

/** A project's or a bot's name. */
function nameSchema(z: typeof Zod) {
  return z
    .string()
    .regex(NAME_PATTERN, NAME_RULE)
    .max(64)
    .refine((name) => !isReservedKey(name), { error: (iss) => reservedKeyMessage(String(iss.input)) });
}

const EVENT_LEVELS = ['debug', 'info', 'warn', 'error', 'alert'] as const;

/** Where the notifier sends events (fleet up): console, webhooks, Telegram; each with its filters. */
function buildNotifySchema(z: typeof Zod) {
  const common = {
    name: nameSchema(z).optional().describe("the channel's name in the outbox (default: its type, then type-2, …)"),
    levels: z
      .array(z.enum(EVENT_LEVELS))
      .optional()
      .describe('event levels it takes (with neither levels nor kinds: warn, error, alert and the default info kinds)'),
    kinds: z
      .array(z.string().min(1))
      .optional()
      .describe('event kinds it takes, `prefix.*` for a family (with levels: both must match; alone: at every level)'),
  };
  const channel = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('console'), ...common }),
    z
      .strictObject({
        type: z.literal('webhook'),
        ...common,
        url: z.string().url().optional().describe('where to POST (or url_env)'),
        url_env: z
          .string()
          .regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name')
          .optional()
          .describe('environment variable holding the URL, for URLs that carry a token'),
        format: z.enum(['json', 'slack', 'discord']).default('json').describe('body shape'),
      })
      .refine((hook) => (hook.url === undefined) !== (hook.url_env === undefined), {
        error: 'a webhook needs exactly one of url and url_env',
      }),
    z.strictObject({
      type: z.literal('telegram'),
      ...common,
      chat_ids: z
        .array(z.union([z.string().min(1), z.number().int()]))
        .min(1)
        .describe('chats to send to; the token comes from TELEGRAM_BOT_TOKEN'),
    }),
  ]);
  return z
    .strictObject({
      channels: z.array(channel).default([]),
      group_window_seconds: z
        .number()
        .min(0)
        .default(30)
        .describe('events of one kind queued within this window go as one message with a count'),
      max_per_minute: z.number().int().min(1).default(20).describe('messages per channel per minute at most'),
    })
    .prefault({})
    .describe('notifications: channels, filters, grouping and rate limit');
}

/** One bot of the fleet: a strategy spec on one instrument of one exchange. */
function buildBotSchema(z: typeof Zod) {
  return z
    .strictObject({
      name: nameSchema(z).describe('unique name of the bot'),
      spec: z.string().min(1).describe('path of its strategy_spec.json, relative to the project'),
      symbol: z.string().regex(/^\S+$/, 'an instrument name without spaces').describe('instrument it trades'),
      exchange: z
        .string()
        .regex(/^[a-z0-9_]+$/, "'sandbox', 'alpaca' or a ccxt exchange id such as binance")
        .default('sandbox')
        .describe("'sandbox' (simulated prices), 'alpaca' (US stocks) or a ccxt exchange id"),
      venue: z
        .string()
        .refine(isVenue, { error: (iss) => unknownVenueMessage(String(iss.input)) })
        .transform((venue) => venue.toUpperCase())
        .optional()
        .describe(
          "the market calendar it trades on: XNYS, XNAS, XLON, XETR, XPAR, XTKS or CRYPTO (default: its exchange's; a sandbox bot with a stock venue trades only in that venue's sessions)",
        ),
      timeframe: z.enum(TIMEFRAMES).optional().describe("bar length (default: the spec's)"),
      params: z
        .record(z.string(), z.union([z.number(), z.string(), z.boolean()]))
        .optional()
        .describe("parameter values over the spec's defaults (default: the spec's optimised values for the symbol)"),
      capital: z.number().positive().default(10_000).describe('starting cash of a paper bot, quote currency'),
      risk: riskRailsSchema().optional().describe("risk rails over the project's risk"),
      seed: z.number().int().min(0).optional().describe('sandbox price seed (default: sandbox.seed)'),
    })
    .describe('a bot');
}

/** fleet.config.json: the project's settings. Secrets never live here (see .env). */
function buildConfigSchema() {
  const z = zod();
  return z
    .strictObject({
      $schema: z.string().optional(),
      name: nameSchema(z),
      strategies: z.string().default('strategies').describe('folder of strategy_spec.json files'),
      data: z
        .strictObject({
          source: z.string().default('sandbox').describe('sandbox, csv:FILE or cache'),
          bars: z.number().int().min(2).default(20_000).describe('sandbox bars per instrument'),
          seed: z.number().int().min(0).default(0),
        })
        .prefault({}),
      research: z
        .strictObject({
          top: z.number().int().min(1).default(3).describe('instruments a screen carries forward'),
          minTrades: z.number().int().min(0).default(10).describe('fewer closed trades rank last'),
        })
        .prefault({}),
      bots: z
        .array(buildBotSchema(z))
        .default(() => [])
        .superRefine((bots, ctx) => {
          const seen = new Set<string>();
          bots.forEach((bot, i) => {
            if (seen.has(bot.name)) {
              ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate bot name '${bot.name}'` });
            }
            seen.add(bot.name);
          });
        })
        .describe('the bots of the fleet (fleet register puts them in the database)'),
      risk: riskRailsSchema().optional().describe('risk rails for every bot, over the specs'),
      promotion: z
        .strictObject({
          min_paper_days: z.number().min(0).default(7).describe('days of paper trading before a bot may go live'),
          min_paper_trades: z
            .number()
            .int()
            .min(0)
            .default(20)
            .describe('closed paper trades before a bot may go live'),
        })
        .prefault({})
        .describe('the promotion gate (fleet promote)'),
      sandbox: z
        .strictObject({
          speed: z.number().positive().default(1).describe('how much faster than real time the sandbox clock runs'),
          seed: z.number().int().min(0).default(0).describe('default price seed of sandbox bots'),
        })
        .prefault({})
        .describe('the sandbox exchange bots run on before paper or live'),
      designer: z
        .strictObject({
          provider: z
            .enum(['offline', 'anthropic', 'openai', 'openai-compatible'])
            .optional()
            .describe('default: anthropic if ANTHROPIC_API_KEY is set, then openai, else offline'),
          model: z.string().min(1).optional().describe("the model (default: the provider's)"),
          baseUrl: z.string().url().optional().describe('server of the provider, e.g. http://127.0.0.1:11434/v1'),
        })
        .optional()
        .describe('fleet design: provider, model and server; keys live in the environment or .env, never here'),
      notify: buildNotifySchema(z),
      telegram: z
        .strictObject({
          chat_ids: z
            .array(z.number().int())
            .default(() => [])
            .describe('the only chats fleet telegram answers and notifies (others are ignored and logged)'),
        })
        .optional()
        .describe('fleet telegram: allow-listed chat ids; the bot token is TELEGRAM_BOT_TOKEN in .env, never here'),
    })
    .describe('fleet project configuration');
}

let built: ReturnType<typeof buildConfigSchema> | undefined;
export function configSchema(): ReturnType<typeof buildConfigSchema> {
  built ??= buildConfigSchema();
  return built;
}

export type ProjectConfig = Zod.infer<ReturnType<typeof configSchema>>;
export type BotConfig = ProjectConfig['bots'][number];
export type NotifyConfig = ProjectConfig['notify'];
export type ChannelConfig = NotifyConfig['channels'][number];
export const CONFIG_FILE = 'fleet.config.json';

export function configJsonSchema(): object {
  return {
    $id: 'urn:fleet:config',
    title: 'fleet.config.json',
    ...zod().toJSONSchema(configSchema(), { io: 'input' }),
  };
}

export async function readProjectConfig(dir: string): Promise<ProjectConfig> {
  const file = join(dir, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError(`${file}: no such file (run fleet new to create a project)`);
  }
  // parseJson accepts a UTF-8 byte order mark and places a syntax error at a line and column.
  return parseProjectConfig(parseJson(text, file), file);
}

/** Checks parsed JSON against the schema; the first problem as `<file>: <json path>: <message>`. */
export function parseProjectConfig(json: unknown, file: string = CONFIG_FILE): ProjectConfig {
  // Before zod, which would drop a "__proto__" key without a word (or overflow on deep nesting).
  const hazard = findJsonHazard(json);
  if (hazard !== undefined) throw new InputError(`${file}: ${hazard.path.join('.') || '(root)'}: ${hazard.message}`);
  const parsed = configSchema().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
