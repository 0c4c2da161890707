import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { type DesignRound, designStrategy, IDIOMS, UnknownIdeaError } from '../../designer/index.js';
import { CONFIG_FILE, readProjectConfig } from '../../fleet/index.js';
import { fleetCommand } from '../invocation.js';
import { counted } from '../render.js';
import { stderr, stdout } from '../terminal.js';

interface DesignFlags {
  timeframe?: string;
  name?: string;
  provider?: string;
  model?: string;
  out?: string;
  force?: boolean;
  verbose?: boolean;
  json?: boolean;
}

/** idea → spec file: flags and fleet.config.json's designer block into one designStrategy call. */
export async function designCommand(idea: string, flags: DesignFlags): Promise<void> {
  const project = await projectConfig();
  const designer = project?.designer ?? {};
  const out = flags.out ?? ((name: string) => defaultOut(project?.strategies, name));
  const onRound = (round: DesignRound) => {
    if (!flags.verbose) return;
    const label = round.round === 0 ? 'answer' : `repair ${round.round}`;
    if (round.problems.length === 0) stderr.info(`${label}: valid, trades on sandbox data`);
    else for (const problem of round.problems) stderr.info(`${label}: ${problem}`);
  };
  let result: Awaited<ReturnType<typeof designStrategy>>;
  try {
    result = await designStrategy({
      idea,
      timeframe: flags.timeframe,
      name: flags.name,
      provider: flags.provider ?? (process.env.FLEET_DESIGNER_PROVIDER || undefined) ?? designer.provider,
      model: flags.model ?? designer.model,
      baseUrl: designer.baseUrl,
      out,
      force: flags.force,
      onRound,
      onAsk: (ask) => {
        if (flags.verbose)
          stderr.info(`asking ${ask.provider} ${ask.model}${ask.round === 0 ? '' : ` (repair ${ask.round})`}…`);
      },
    });
  } catch (error) {
    if (error instanceof UnknownIdeaError && !flags.json) {
      stderr.line('ideas the offline designer knows, for example:');
      for (const idiom of IDIOMS) stderr.line(`  ${idiom.title.padEnd(38)} "${idiom.example}"`);
    }
    throw error;
  }
  const next = `${fleetCommand()} screen ${result.file} --universe sandbox`;
  if (flags.json) {
    stdout.json({
      file: result.file,
      provenance: result.provenance,
      rounds: result.rounds,
      smoke: result.smoke,
      next,
      spec: result.spec,
    });
    return;
  }
  const p = result.provenance;
  const by = p.provider === 'offline' ? `offline idiom ${p.model}` : `${p.provider} ${p.model}`;
  const repairs = p.repair_rounds === 0 ? '' : `, ${counted(p.repair_rounds, 'repair round')}`;
  stdout.line(`wrote ${result.file} (${result.spec.name}, by ${by}${repairs})`);
  stdout.line(
    `smoke backtest: ${counted(result.smoke.trades, 'trade')} on ${result.smoke.bars} sandbox bars of ${result.smoke.symbol}`,
  );
  stdout.line(`\nnext: ${next}`);
}

async function projectConfig() {
  const exists = await access(CONFIG_FILE).then(
    () => true,
    () => false,
  );
  return exists ? readProjectConfig('.') : undefined;
}

/** The spec's file: in the project's strategies folder when run in a project, else here. */
function defaultOut(strategies: string | undefined, name: string): string {
  return strategies === undefined ? `${name}.json` : join(strategies, `${name}.json`);
}
