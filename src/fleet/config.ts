import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z as Zod } from 'zod';
import { InputError, zod } from '../core/index.js';

/** fleet.config.json: the project's settings. Secrets never live here (see .env). */
function buildConfigSchema() {
  const z = zod();
  return z
    .strictObject({
      $schema: z.string().optional(),
      name: z
        .string()
        .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'letters, digits, dot, dash or underscore')
        .max(64),
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
    })
    .describe('fleet project configuration');
}

let built: ReturnType<typeof buildConfigSchema> | undefined;
export function configSchema(): ReturnType<typeof buildConfigSchema> {
  built ??= buildConfigSchema();
  return built;
}

export type ProjectConfig = Zod.infer<ReturnType<typeof configSchema>>;
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
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: ${(error as Error).message}`);
  }
  const parsed = configSchema().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
