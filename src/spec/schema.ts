import type { z as Zod } from 'zod';
import { TIMEFRAMES, zod } from '../core/index.js';

/**
 * strategy_spec.json, defined once: the zod schema gives the TypeScript type, the structural
 * validation and (through `specJsonSchema`) the JSON Schema editors use. Everything that needs
 * more than one field at a time across sections (names, expressions, transitions) is checked in
 * spec-check.ts; rules local to one parameter live here as refinements.
 */

export const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
export const PARAMETER_TYPES = ['int', 'float', 'bool', 'choice'] as const;
export const STATES = ['flat', 'long', 'short'] as const;
export const ACTIONS = ['enter', 'exit', 'reverse'] as const;

/** The part of a tolerance test that survives float rounding in values such as 0.1 + 0.2. */
export function onGrid(value: number, min: number, step: number): boolean {
  const k = (value - min) / step;
  return Math.abs(k - Math.round(k)) < 1e-9 * Math.max(1, Math.abs(k));
}

/**
 * The pre-trade rail settings a spec's `risk` block may carry beside stop_loss, take_profit and
 * position_size. They are plain numbers, not expressions: the optimiser does not tune brakes. The
 * rails themselves live in src/risk (which builds its own schema and the project config's from
 * these rules, so a spec, fleet.config.json and a bot override check one key the same way).
 * `amount` is a positive number in the quote currency, `fraction` lies in (0, 1], `count` is a
 * whole number >= 1.
 */
export const RISK_RAIL_RULES = {
  max_order_value: {
    kind: 'amount',
    description: 'largest notional of one entry order, in the quote currency (default: no limit)',
  },
  max_position_value: {
    kind: 'amount',
    description: 'largest |position| * price an entry may leave, in the quote currency (default: no limit)',
  },
  price_collar: {
    kind: 'fraction',
    description:
      'largest fraction by which the price of a market or limit entry or exit may differ from the last trade (default 0.05); stops and take-profits are exempt',
  },
  daily_loss_limit: {
    kind: 'fraction',
    description:
      "loss since the UTC day began, as a fraction of that day's starting equity, that halts the bot (default 0.05)",
  },
  max_orders_per_minute: { kind: 'count', description: 'orders a bot may place in any minute (default 10)' },
  stale_after_bars: {
    kind: 'count',
    description: 'no entry or exit on a bar that closed more than this many timeframes ago (default 2)',
  },
} as const satisfies Record<string, { kind: 'amount' | 'fraction' | 'count'; description: string }>;

export type RiskRailKey = keyof typeof RISK_RAIL_RULES;
export const RISK_RAIL_KEYS = Object.keys(RISK_RAIL_RULES) as readonly RiskRailKey[];

/** What a rail setting must be, worded for messages ("must be a fraction in (0, 1]"). */
export function riskRailExpectation(key: RiskRailKey): string {
  const kind = RISK_RAIL_RULES[key].kind;
  if (kind === 'fraction') return 'a fraction in (0, 1]';
  if (kind === 'count') return 'a whole number >= 1';
  return 'a positive number';
}

/** The zod fields of the rail settings, all optional; built with the caller's zod. */
export function riskRailFields(z: typeof Zod) {
  const field = (key: RiskRailKey) => {
    const error = (iss: { input?: unknown }) =>
      `${key} must be ${riskRailExpectation(key)}, got ${typeof iss.input === 'string' ? JSON.stringify(iss.input) : String(iss.input)}`;
    const kind = RISK_RAIL_RULES[key].kind;
    const base = z.number({ error });
    const checked =
      kind === 'fraction'
        ? base.positive({ error }).max(1, { error })
        : kind === 'count'
          ? base.int({ error }).min(1, { error })
          : base.positive({ error });
    return checked.optional().meta({ description: RISK_RAIL_RULES[key].description });
  };
  return {
    max_order_value: field('max_order_value'),
    max_position_value: field('max_position_value'),
    price_collar: field('price_collar'),
    daily_loss_limit: field('daily_loss_limit'),
    max_orders_per_minute: field('max_orders_per_minute'),
    stale_after_bars: field('stale_after_bars'),
  };
}

type RangeFields = { min: number; max: number; step?: number; default: number; log?: boolean };

function checkRange(p: RangeFields, ctx: Zod.RefinementCtx): void {
  if (p.min >= p.max) {
    const message =
      p.min === p.max ? `empty range: min and max are both ${p.min}` : `max (${p.max}) must be above min (${p.min})`;
    ctx.addIssue({ code: 'custom', path: ['max'], message });
    return;
  }
  if (p.default < p.min || p.default > p.max) {
    ctx.addIssue({
      code: 'custom',
      path: ['default'],
      message: `default ${p.default} is outside [${p.min}, ${p.max}]`,
    });
  } else if (p.step !== undefined && p.step > 0 && !onGrid(p.default, p.min, p.step)) {
    ctx.addIssue({
      code: 'custom',
      path: ['default'],
      message: `default ${p.default} is not on the grid ${p.min}, ${p.min + p.step}, ${p.min + 2 * p.step}, … (step ${p.step})`,
    });
  }
  if (p.log === true && p.min <= 0) {
    ctx.addIssue({ code: 'custom', path: ['log'], message: `a log scale needs min > 0, got min ${p.min}` });
  }
}

/** Builds every schema with the given zod; called once, on first use (see `schemas`). */
function build(z: typeof Zod) {
  const identifier = z
    .string()
    .regex(IDENTIFIER, { error: 'names use lowercase letters, digits and _, and do not start with a digit' });
  const description = z.string().optional().meta({ description: 'what the parameter means' });
  const log = z.boolean().optional().meta({ description: 'search on a log scale (needs min > 0)' });
  const step = (whole: boolean) =>
    (whole ? z.number().int() : z.number())
      .positive({ error: (iss) => `step must be > 0, got ${String(iss.input)}` })
      .optional()
      .meta({ description: 'grid spacing from min for the optimiser' });

  const intParam = z
    .strictObject({
      type: z.literal('int'),
      min: z.number().int(),
      max: z.number().int(),
      step: step(true),
      log,
      default: z.number().int(),
      description,
    })
    .superRefine(checkRange);

  const floatParam = z
    .strictObject({
      type: z.literal('float'),
      min: z.number(),
      max: z.number(),
      step: step(false),
      log,
      default: z.number(),
      description,
    })
    .superRefine(checkRange);

  const boolParam = z.strictObject({ type: z.literal('bool'), default: z.boolean(), description });

  const choiceParam = z
    .strictObject({
      type: z.literal('choice'),
      options: z.union([z.array(z.number()).min(1), z.array(z.string()).min(1)], {
        error: 'options must be a non-empty list of all numbers or all strings',
      }),
      default: z.union([z.number(), z.string()], { error: 'default must be a number or a string' }),
      description,
    })
    .superRefine((p, ctx) => {
      const options: readonly (number | string)[] = p.options;
      const seen = new Set<number | string>();
      options.forEach((option, i) => {
        if (seen.has(option)) {
          ctx.addIssue({ code: 'custom', path: ['options', i], message: `duplicate option ${JSON.stringify(option)}` });
        }
        seen.add(option);
      });
      if (!options.includes(p.default)) {
        const list = options.map((o) => JSON.stringify(o)).join(', ');
        ctx.addIssue({
          code: 'custom',
          path: ['default'],
          message: `default ${JSON.stringify(p.default)} is not one of the options (${list})`,
        });
      }
    });

  const parameterSchema = z.discriminatedUnion('type', [intParam, floatParam, boolParam, choiceParam]);

  /** A fraction given as a number, or as a constant expression over parameters such as "sl * 2". */
  const fraction = (lo: 'open' | 'closed', label: string) => {
    const range = lo === 'open' ? '(0, 1)' : '(0, 1]';
    const error = (iss: { input?: unknown }) => `${label} must be a fraction in ${range}, got ${String(iss.input)}`;
    const num = z.number().positive({ error });
    return z.union([lo === 'open' ? num.lt(1, { error }) : num.max(1, { error }), z.string()], {
      error: `${label} must be a number or a constant expression string`,
    });
  };

  const transitionSchema = z.strictObject({
    from: z.enum(STATES),
    to: z.enum(STATES),
    on: z.string().meta({ description: 'the signal that fires this transition' }),
    action: z.enum(ACTIONS).meta({ description: 'enter: flat -> long|short; exit: long|short -> flat; reverse' }),
    size: fraction('closed', 'size').optional().meta({ description: 'fraction of the position size, default 1' }),
  });

  const statesSchema = z.strictObject({
    initial: z.enum(STATES).default('flat'),
    transitions: z.array(transitionSchema).min(1, { error: 'at least one transition is needed' }).meta({
      description:
        'checked in order at each bar close; the first whose from is the current state and whose signal is true fires',
    }),
  });

  const riskSchema = z.strictObject({
    stop_loss: fraction('open', 'stop_loss').optional(),
    take_profit: fraction('open', 'take_profit').optional(),
    position_size: fraction('closed', 'position_size').optional(),
    extended_hours: z.boolean().optional().meta({
      description:
        "may orders go out while a stock venue's regular session is closed (default false: the market_closed rail refuses them)",
    }),
    ...riskRailFields(z),
  });

  const costsObject = z.strictObject({
    fee_bps: z.number().min(0, { error: 'fee_bps must be >= 0' }).default(10),
    slippage_bps: z.number().min(0, { error: 'slippage_bps must be >= 0' }).default(5),
  });
  const costsSchema = costsObject.prefault({});

  const expressionMap = (what: string) =>
    z.record(identifier, z.string()).meta({ description: `name -> ${what} expression` });

  // Loose: fleet optimise also records metrics, the data range, sampler and seed, and a
  // hand-written entry may hold anything else.
  const optimisedEntry = z
    .looseObject({
      params: z
        .record(
          z.string(),
          z.union([z.number(), z.string(), z.boolean()], { error: 'expected a number, a string or true/false' }),
        )
        .optional()
        .meta({ description: 'the tuned parameter values (fleet backtest --optimised runs them)' }),
      trials: z.number().int().min(1).optional().meta({ description: 'how many trials the result was chosen from' }),
      updated: z.iso
        .datetime({ error: 'expected an ISO 8601 UTC time such as 2026-01-31T12:00:00.000Z' })
        .optional()
        .meta({ description: 'when the result was made (ISO 8601, UTC)' }),
    })
    .meta({ description: "one instrument's tuned result" });

  // Written by fleet design: who made the spec and from what, so a spec file tells its own story.
  const provenanceSchema = z
    .strictObject({
      provider: z.string().min(1).meta({ description: 'offline, anthropic, openai or openai-compatible' }),
      model: z.string().min(1).meta({ description: 'the model (offline: the idiom) that wrote the spec' }),
      idea: z.string().meta({ description: 'the sentence the spec was designed from' }),
      prompt_sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/, { error: 'expected 64 lowercase hex digits' })
        .meta({ description: 'SHA-256 of the prompt sent (offline: of the idea)' }),
      created: z.iso
        .datetime({ error: 'expected an ISO 8601 UTC time such as 2026-01-31T12:00:00.000Z' })
        .meta({ description: 'when the spec was designed (ISO 8601, UTC)' }),
      repair_rounds: z.number().int().min(0).meta({ description: 'answers that failed validation or the smoke test' }),
    })
    .meta({ description: 'how fleet design made this spec' });

  const specSchema = z.strictObject({
    $schema: z.string().optional(),
    name: z
      .string()
      .max(64, { error: 'name must be at most 64 characters' })
      .regex(/^[a-z][a-z0-9_-]*$/, { error: 'name uses lowercase letters, digits, - and _, starting with a letter' }),
    version: z.number().int().positive(),
    description: z.string().min(1, { error: 'description must not be empty' }).meta({ description: 'one line' }),
    logic: z
      .string()
      .min(1, { error: 'logic must not be empty' })
      .meta({ description: 'the idea behind the strategy, in plain language' }),
    timeframe: z.enum(TIMEFRAMES),
    universe: z
      .array(z.string().regex(/^\S+$/, { error: 'instrument names have no spaces' }))
      .min(1, { error: 'the universe needs at least one instrument' })
      .superRefine((list, ctx) => {
        list.forEach((symbol, i) => {
          if (list.indexOf(symbol) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate '${symbol}'` });
        });
      })
      .meta({ uniqueItems: true, description: 'default instruments' }),
    parameters: z.record(identifier, parameterSchema).default(() => ({})),
    constraints: z
      .array(z.string())
      .default(() => [])
      .meta({ description: 'constant bool expressions over parameters' }),
    indicators: expressionMap('number series').default(() => ({})),
    signals: expressionMap('bool'),
    states: statesSchema,
    risk: riskSchema.default(() => ({})),
    costs: costsSchema,
    optimised: z
      .record(z.string(), optimisedEntry)
      .optional()
      .meta({ description: 'tuned values written back by fleet optimise, per instrument' }),
    provenance: provenanceSchema.optional(),
  });

  /** The keys each strict object accepts, for did-you-mean on unknown keys. */
  const KNOWN_KEYS = {
    root: Object.keys(specSchema.shape),
    states: Object.keys(statesSchema.shape),
    transition: Object.keys(transitionSchema.shape),
    risk: Object.keys(riskSchema.shape),
    costs: Object.keys(costsObject.shape),
    int: Object.keys(intParam.shape),
    float: Object.keys(floatParam.shape),
    bool: Object.keys(boolParam.shape),
    choice: Object.keys(choiceParam.shape),
  } as const;
  return { specSchema, parameterSchema, statesSchema, riskSchema, KNOWN_KEYS };
}

let built: ReturnType<typeof build> | undefined;

/** The zod schemas, built on first use so that processes that never validate never load zod. */
export function schemas(): ReturnType<typeof build> {
  built ??= build(zod());
  return built;
}

type Schemas = ReturnType<typeof build>;
export type ParameterSpec = Zod.output<Schemas['parameterSchema']>;
export type StrategySpec = Zod.output<Schemas['specSchema']>;
/** What a spec file may omit (defaults not yet applied). */
export type StrategySpecInput = Zod.input<Schemas['specSchema']>;
export type SpecState = (typeof STATES)[number];
export type TransitionAction = (typeof ACTIONS)[number];

/** The JSON Schema of strategy_spec.json, as printed by `fleet spec schema`. */
export function specJsonSchema(): Record<string, unknown> {
  const schema = zod().toJSONSchema(schemas().specSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: 'urn:fleet:strategy-spec',
    title: 'fleet strategy spec',
    description:
      'A trading strategy as data: parameters, indicator and signal expressions, a flat/long/short state machine, risk and costs.',
    ...rest,
  };
}
