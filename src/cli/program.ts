import { Command, Option } from 'commander';
import { VERSION } from './version.js';

/**
 * Every command and flag of the CLI is declared here; each command's code is imported only when it
 * runs, so `fleet --help` loads nothing heavy.
 */
export function buildProgram(): Command {
  const program = new Command('fleet')
    .description('From a trading idea to a supervised fleet of bots: spec, screen, optimise, run.')
    .version(VERSION, '-v, --version')
    .option('--debug', 'print stack traces with errors')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('demo')
    .description(
      'screen an example strategy over the sandbox universe, tune the top three, write reports, then paper trade them',
    )
    .option('--idea <sentence>', 'the trading idea to start from (default: "fast ema crosses slow ema")')
    .option('--out <dir>', 'folder for the reports and the tuned spec', '.fleet/demo')
    .option('--bars <n>', 'sandbox bars per instrument', '20000')
    .option('--trials <n>', 'optimisation trials per instrument', '40')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--seed <n>', 'sandbox seed', '0')
    .option('--paper-seconds <n>', 'seconds of paper trading the tuned bots on the sandbox (0: none)', '15')
    .option('--speed <x>', 'sandbox clock speed of the paper run', '57600')
    .option('--json', 'print the result as one JSON document')
    .action(async (opts) => (await import('./commands/demo.js')).demoCommand(opts));

  const newProject = program
    .command('new')
    .description(
      'create a project folder: fleet.config.json, strategies/, .env.example, compose.yaml and a Dockerfile, a CI workflow, README',
    )
    .argument('[dir]', "folder to create (a folder named 'bot': ./bot)")
    .option('--name <name>', 'project name (default: the folder name)')
    .option('--exchange <id>', "the first bot's exchange: sandbox, alpaca or a ccxt exchange id (default: sandbox)")
    .option('--database <db>', "'embedded' (default) or a postgres:// URL (written to .env)")
    .option('--strategy <template>', 'example strategy to start from')
    .option('--yes', 'take the default of everything not given, without asking')
    .option('--force', 'write into a folder that is not empty')
    .option('--json', 'print what was written as JSON')
    .action(async (dir, opts) => (await import('./commands/new.js')).newCommand(dir, opts));
  newProject
    .command('bot')
    .description("add a bot to this project's fleet.config.json")
    .argument('<name>', 'bot name (letters, digits, dot, dash, underscore; unique)')
    .requiredOption('--spec <file>', 'its strategy spec, relative to the project')
    .requiredOption('--symbol <symbol>', 'instrument it trades')
    .option('--exchange <id>', "'sandbox' (default), 'alpaca' or a ccxt exchange id")
    .option('--json', 'print the added bot as JSON')
    // The parent `new` declares --exchange and --json too and parses them first: read both levels.
    .action(async (name, _opts, cmd) =>
      (await import('./commands/new-bot.js')).newBotCommand(name, cmd.optsWithGlobals()),
    );

  program
    .command('eject')
    .description('write a spec as a readable TypeScript strategy module, with a contract test against the spec')
    .argument('<spec>', 'strategy_spec.json to eject')
    .option('--out <dir>', "folder for the module and its test (default: the spec's folder)")
    .option('--force', 'replace files of the same name')
    .option('--json', 'print what was written as JSON')
    .action(async (spec, opts) => (await import('./commands/eject.js')).ejectCommand(spec, opts));

  program
    .command('migrate')
    .description('bring the database schema up to date (DATABASE_URL, or the embedded database in .fleet/db)')
    .option('--status', 'list applied and pending migrations instead of applying')
    .option('--json', 'print the result as one JSON document')
    .action(async (opts) => (await import('./commands/migrate.js')).migrateCommand(opts));

  program
    .command('design')
    .description('turn a trading idea (one sentence) into a validated strategy spec that trades on sandbox data')
    .argument('<idea>', 'the idea, e.g. "buy when rsi drops below 25, sell above 60"')
    .option('--timeframe <tf>', 'bar length of the spec', '1h')
    .option('--name <name>', "spec name (default: the idiom, or the model's choice)")
    .addOption(
      new Option('--provider <provider>', 'who designs it (default: a model if its key is set, else offline)').choices([
        'offline',
        'anthropic',
        'openai',
        'openai-compatible',
      ]),
    )
    .option('--model <model>', "the model (default: the provider's)")
    .option('--out <file>', 'spec file to write (default: strategies/<name>.json in a project, else <name>.json)')
    .option('--force', 'overwrite the file if it exists')
    .option('--verbose', 'show every answer and the problems sent back for repair')
    .option('--json', 'print the result (file, provenance, rounds, smoke test, spec) as JSON')
    .action(async (idea, opts) => (await import('./commands/design.js')).designCommand(idea, opts));

  const spec = program.command('spec').description('the strategy spec: its JSON Schema and validation');
  spec
    .command('schema')
    .description('print the JSON Schema of strategy_spec.json')
    .action(async () => (await import('./commands/spec.js')).specSchemaCommand());
  spec
    .command('validate')
    .description('check a strategy spec: schema, expressions, parameters')
    .argument('<file>', 'strategy_spec.json to check')
    .option('--json', 'print the result as JSON')
    .action(async (file, opts) => (await import('./commands/spec.js')).specValidateCommand(file, opts));

  const data = program.command('data').description('market data: sandbox prices, CSV import, exchange downloads');
  data
    .command('sandbox')
    .description('generate sandbox bars (deterministic from symbol, timeframe and seed) as CSV')
    .requiredOption('--symbol <symbol>', 'a sandbox instrument (fleet data universe lists them)')
    .option('--timeframe <tf>', 'bar length', '1h')
    .option('--bars <n>', 'number of bars', '20000')
    .option('--seed <n>', 'seed', '0')
    .option('--venue <id>', "equity mode: bars only in this venue's sessions (XNYS, XLON, XETR, XPAR, XTKS)")
    .option('--out <file>', 'write CSV here instead of stdout')
    .option('--json', 'print a summary as JSON')
    .action(async (opts) => (await import('./commands/data.js')).dataSandboxCommand(opts));
  data
    .command('universe')
    .description('list the sandbox instruments and their character')
    .option('--json', 'print as JSON')
    .action(async (opts) => (await import('./commands/data.js')).dataUniverseCommand(opts));
  data
    .command('import')
    .description('check a CSV of OHLCV bars and keep it in the project cache (.fleet/candles)')
    .argument('<file>', 'CSV with time, open, high, low, close[, volume]')
    .requiredOption('--symbol <symbol>', 'instrument name to store the bars under')
    .option('--timeframe <tf>', 'bar length (default: inferred from the timestamps)')
    .option('--strict-gaps', 'treat gaps in the timestamps as errors')
    .option('--venue <id>', "the venue's calendar (XNYS, XLON, …): hours it is closed are not gaps")
    .option('--cache <dir>', "cache folder, or 'db' for the project's database", '.fleet/candles')
    .option('--json', 'print a summary as JSON')
    .action(async (file, opts) => (await import('./commands/data.js')).dataImportCommand(file, opts));
  data
    .command('fetch')
    .description('download exchange bars into the cache (.fleet/candles), resuming after the last cached bar')
    .requiredOption('--exchange <id>', 'a ccxt exchange id, e.g. binance, or alpaca (US stocks)')
    .requiredOption('--symbols <list>', 'comma-separated symbols, e.g. BTC/USDT,ETH/USDT')
    .option('--timeframe <tf>', 'bar length', '1h')
    .requiredOption('--since <date>', 'first bar: 2024-01-01, an ISO 8601 time (UTC) or epoch ms')
    .option('--until <date>', 'end, exclusive (default: now)')
    .option('--venue <id>', "the venue's calendar (XNYS, XLON, …): hours it is closed are not gaps")
    .option('--cache <dir>', "cache folder, or 'db' for the project's database", '.fleet/candles')
    .addOption(new Option('--api-url <url>', 'send API requests to this origin (tests, proxies)').hideHelp())
    .option('--json', 'print a summary as JSON')
    .action(async (opts) => (await import('./commands/data-fetch.js')).dataFetchCommand(opts));

  addResearchOptions(
    program
      .command('backtest')
      .description('backtest a strategy spec on one instrument')
      .argument('<spec>', 'strategy_spec.json')
      .requiredOption('--symbol <symbol>', 'instrument'),
  )
    .option('--optimised', "run the tuned values in the spec's optimised block for the symbol")
    .option('--json', 'print the full result (metrics, trades, equity curve) as JSON')
    .action(async (file, opts) => (await import('./commands/backtest.js')).backtestCommand(file, opts));

  addResearchOptions(
    program
      .command('replay')
      .description(
        'run the real runner over history on a replayed sandbox exchange and check it trades as the backtest',
      )
      .argument('<spec>', 'strategy_spec.json')
      .requiredOption('--symbol <symbol>', 'instrument')
      .option('--warmup <n>', 'bars that only warm the indicators up (default: 200, or a quarter of the bars)'),
  )
    .option('--json', 'print the result as one JSON document')
    .action(async (file, opts) => (await import('./commands/replay.js')).replayCommand(file, opts));

  addResearchOptions(
    program
      .command('screen')
      .description('backtest a spec once per instrument with default parameters and rank the instruments')
      .argument('<spec>', 'strategy_spec.json')
      .option('--symbols <list>', "comma-separated instruments (default: the spec's universe)")
      .addOption(new Option('--universe <name>', 'screen a named universe').choices(['sandbox'])),
  )
    .option('--top <n>', 'how many instruments to carry forward', '3')
    .option('--min-trades <n>', 'instruments with fewer trades rank last', '10')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--out <file>', 'also write the JSON ranking to this file')
    .option('--json', 'print the full ranking as JSON')
    .action(async (file, opts) => (await import('./commands/screen.js')).screenCommand(file, opts));

  addResearchOptions(
    program
      .command('optimise')
      .alias('optimize')
      .description('tune a spec per instrument with a TPE search, chosen in-sample and judged out-of-sample')
      .argument('<spec>', 'strategy_spec.json (its optimised block is updated)')
      .option('--symbols <list>', 'instruments to tune (default: the top of a screen)')
      .option('--from-screen <file>', 'take the top instruments of a fleet screen --json file'),
  )
    .option('--top <n>', 'how many screened instruments to tune', '3')
    .option('--trials <n>', 'trials per instrument', '200')
    .addOption(
      new Option('--metric <name>', 'objective')
        .choices(['sharpe', 'sortino', 'calmar', 'total_return', 'score'])
        .default('sharpe'),
    )
    .addOption(
      new Option('--sampler <name>', 'search strategy')
        .choices(['tpe', 'tpe-independent', 'random', 'grid'])
        .default('tpe'),
    )
    .option('--split <ratio>', 'in-sample fraction of the bars', '0.7')
    .option('--walk-forward <k>', 'also tune and judge k rolling windows (k more studies)')
    .option('--min-trades <n>', 'a trial with fewer closed trades scores nothing', '10')
    .option('--max-drawdown <fraction>', 'a trial with a deeper drawdown scores nothing')
    .option('--data-seed <n>', 'sandbox seed of the data (--seed seeds the sampler)', '0')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option(
      '--study <name>',
      'keep the trials in the database under this name: resume it, or share it between processes',
    )
    .option('--report-dir <dir>', 'evidence reports go here', '.fleet/reports/optimise')
    .option('--no-write', 'leave the spec file untouched')
    .option('--replace', 'replace tuned values already in the spec (else kept: exit 3)')
    .option('--json', 'print the full result as JSON')
    .action(async (file, opts) => (await import('./commands/optimise.js')).optimiseCommand(file, opts));

  program
    .command('run')
    .description('run bots in this process until SIGTERM or Ctrl-C (exit 3 when one halts)')
    .argument('[bots...]', 'registered bot names (default: every bot in the chosen mode)')
    .option(
      '--paper',
      "trade on paper: the sandbox exchange, simulated fills on real prices, or Alpaca's paper account",
    )
    .option('--live', 'trade real money (only bots that passed fleet promote)')
    .option('--speed <x>', 'sandbox only: run the sandbox clock this many times faster than real time')
    .option('--for <duration>', 'stop after this long (e.g. 90s, 10m)')
    .option('--wait', 'wait for a bot another runner holds instead of giving it up')
    .option('--no-sync', 'do not register fleet.config.json bots first')
    .option('--json', 'print one JSON object per line for each order and fill, then a summary')
    .option('--db-wait <seconds>', 'wait this long for a database server that is down at start (0: do not)', '60')
    .addOption(new Option('--api-url <origin>', 'send exchange requests here (tests)').hideHelp())
    .addOption(new Option('--supervisor <pid>', 'stop when this fleet up process dies (set by fleet up)').hideHelp())
    .action(async (bots, opts) => (await import('./commands/run.js')).runCommand(bots, opts));

  const pipeline = program
    .command('pipeline')
    .description('from an idea in a sentence to tuned paper bots: design, screen, optimise the top, register')
    .argument('[idea]', 'the trading idea, in quotes (or --spec FILE)')
    .option('--spec <file>', 'start from this strategy spec instead of designing one')
    .option('--name <name>', "the tuned spec's name, strategies/NAME.json (default: the spec's name and timeframe)")
    .option('--timeframe <tf>', "bar length (default: the spec's, 1h for an idea)")
    .option('--universe <list>', "instruments to screen, or 'sandbox' (default: the spec's universe)")
    .option('--top <n>', 'how many screened instruments to tune (default: research.top)')
    .option('--trials <n>', 'optimisation trials per instrument (default: 200)')
    .option('--bars <n>', 'sandbox bars per instrument (default: data.bars)')
    .option('--seed <n>', 'data and sampler seed (default: data.seed)')
    .option('--min-trades <n>', 'fewer closed trades rank last and score nothing (default: research.minTrades)')
    .option('--exchange <id>', 'exchange the registered bots trade on (default: sandbox)')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--gate <stages>', 'stages to confirm before they start (design,screen,optimise,register); off by default')
    .option('--resume <id>', 'continue a run after a crash, a kill or a gate, skipping finished stages')
    .option('--start', 'run the fleet (fleet up) once the bots are registered')
    .option('--json', 'print the whole run as one JSON document')
    .action(async (idea, opts) => (await import('./commands/pipeline.js')).pipelineCommand(idea, opts));
  pipeline
    .command('ls')
    .description('list pipeline runs, newest first')
    .option('--json', 'print them as one JSON document')
    .action(async (_opts, cmd) => (await import('./commands/pipeline.js')).pipelineLsCommand(cmd.optsWithGlobals()));
  pipeline
    .command('show')
    .description("a pipeline run's stages and events")
    .argument('<id>', 'run id (fleet pipeline ls)')
    .option('--json', 'print the run and its events as one JSON document')
    .action(async (id, _opts, cmd) =>
      (await import('./commands/pipeline.js')).pipelineShowCommand(id, cmd.optsWithGlobals()),
    );

  program
    .command('up')
    .description('supervise every bot of the project as child processes, restarting crashed ones')
    .option('--bots-per-process <n>', 'bots each child process runs', '10')
    .option('--speed <x>', 'sandbox only: run the sandbox clock this many times faster than real time')
    .option('--json', 'print one JSON object per line for each child event, order and fill, then a summary')
    .option('--no-notify', 'runners only: no notifier, no daily summary, no Telegram bot (fleet notify run does those)')
    .option('--db-wait <seconds>', 'wait this long for a database server that is down at start (0: do not)', '60')
    .action(async (opts) => (await import('./commands/up.js')).upCommand(opts));

  program
    .command('down')
    .description('stop the fleet that fleet up is running in this project, and every other runner of it on this host')
    .option('--timeout <seconds>', 'how long to wait for it to stop', '60')
    .option('--json', 'print what was stopped and how long it took as one JSON document')
    .action(async (opts) => (await import('./commands/up.js')).downCommand(opts));

  const notify = program
    .command('notify')
    .description('notifications: run the notifier, test the channels, show the outbox');
  notify
    .command('run')
    .description(
      'deliver notifications, record the daily summary and answer Telegram commands (when configured), without runners, until Ctrl-C',
    )
    .option('--db-wait <seconds>', 'wait this long for a database server that is down at start (0: do not)', '60')
    .action(async (opts) => (await import('./commands/notify.js')).notifyRunCommand(opts));
  notify
    .command('test')
    .description('send a test message to each channel in fleet.config.json (exit 1 if any failed)')
    .option('--json', 'print the result per channel as one JSON document')
    .action(async (opts) => (await import('./commands/notify.js')).notifyTestCommand(opts));
  notify
    .command('status')
    .description('the outbox per channel: messages waiting, sent, and the last failures')
    .option('--json', 'print the backlog per channel as one JSON document')
    .action(async (opts) => (await import('./commands/notify.js')).notifyStatusCommand(opts));

  program
    .command('telegram')
    .description(
      'answer Telegram commands (/fleet, /status, /pnl, /pause, /kill, /pipeline …) in allow-listed chats until Ctrl-C',
    )
    .option('--db-wait <seconds>', 'wait this long for a database server that is down at start (0: do not)', '60')
    .action(async (opts) => (await import('./commands/telegram.js')).telegramCommand(opts));

  const deploy = program
    .command('deploy')
    .description("write the project's Dockerfile and a Compose file or Kubernetes manifests (docs/operations.md)");
  for (const [target, description, out] of [
    [
      'compose',
      'write compose.yaml and the Dockerfile: Postgres, migrate, runners, notifier, dashboard, optimise',
      '.',
    ],
    ['k8s', 'write Kubernetes manifests (deploy/k8s/*.yaml) and the Dockerfile', 'deploy/k8s'],
  ] as const) {
    deploy
      .command(target)
      .description(description)
      .option('--out <dir>', `folder for ${target === 'compose' ? 'compose.yaml' : 'the manifests'}`, out)
      .option(
        '--database-url <url>',
        'use this external Postgres (DATABASE_URL read from .env / the Secret) instead of a Postgres service',
      )
      .option('--image <ref>', 'the image to run (default: <project>-fleet:<fleet version>)')
      .option('--replicas <n>', 'runner replicas (a lease lets one trade each bot; the others stand by)', '1')
      .option('--bots-per-process <n>', 'bots in each runner child process', '10')
      .option('--workers <n>', 'optimisation workers sharing the study', '2')
      .option('--study <name>', 'the shared study (default: <spec>-<symbol> of the first bot)')
      .option('--trials <n>', 'trials of the shared study per instrument', '200')
      .option('--force', 'replace files that exist with other content')
      .option('--json', 'print what was written as one JSON document')
      .action(async (opts) => (await import('./commands/deploy.js')).deployCommand(target, opts));
  }

  program
    .command('dashboard')
    .description('serve the fleet page, a page per bot and their JSON API in the browser until Ctrl-C')
    .option('--port <n>', 'port to listen on (0: any free port)', '8787')
    .option('--host <host>', 'address to listen on; anything but loopback needs FLEET_DASHBOARD_TOKEN', '127.0.0.1')
    .option('--db-wait <seconds>', 'wait this long for a database server that is down at start (0: do not)', '60')
    .action(async (opts) => (await import('./commands/dashboard.js')).dashboardCommand(opts));

  program
    .command('register')
    .description("put fleet.config.json's bots into the database (new bots start in paper mode)")
    .option('--json', 'print what was registered as JSON')
    .action(async (opts) => (await import('./commands/register.js')).registerCommand(opts));

  program
    .command('ls')
    .description('list the registered bots: mode, status, position, trades, equity, P&L today, heartbeat, flags')
    .option('--json', 'print the bots as one JSON document')
    .action(async (opts) => (await import('./commands/ls.js')).lsCommand(opts));

  for (const [verb, description, all] of [
    [
      'pause',
      'pause a bot: no new entries; exits, stop-losses and take-profits still go out',
      'pause every registered bot',
    ],
    [
      'resume',
      'resume a bot: clears its pause, kill switch and halt',
      'resume every bot and clear the global kill switch',
    ],
    ['kill', "set a bot's kill switch: no order passes the risk rails", 'set the GLOBAL kill switch (every bot)'],
  ] as const) {
    program
      .command(verb)
      .description(description)
      .argument('[bot]', 'registered bot name')
      .option('--all', all)
      .option('--reason <text>', 'why, for the audit log')
      .option('--json', 'print what changed as JSON')
      .action(async (bot, opts) => {
        const commands = await import('./commands/control.js');
        const run = { pause: commands.pauseCommand, resume: commands.resumeCommand, kill: commands.killCommand }[verb];
        return run(bot, opts);
      });
  }

  program
    .command('pnl')
    .description('profit and loss per bot: realised round trips, fees, unrealised, equity change')
    .option('--since <when>', 'window start: a duration back (24h, 7d), a date (2026-11-01) or an ISO time')
    .option('--json', 'print as one JSON document')
    .action(async (opts) => (await import('./commands/pnl.js')).pnlCommand(opts));

  program
    .command('logs')
    .description("a bot's events (orders, fills, halts, control actions), oldest first")
    .argument('<bot>', 'registered bot name')
    .option('--since <when>', 'events from: a duration back (24h, 7d), a date or an ISO time')
    .option('--limit <n>', 'the newest n events (default 100 without --since)')
    .addOption(
      new Option('--level <level>', 'the least severe level shown').choices([
        'debug',
        'info',
        'warn',
        'error',
        'alert',
      ]),
    )
    .option('--follow', 'keep printing new events until Ctrl-C')
    .option('--json', 'print a JSON array (with --follow: one JSON object per line)')
    .action(async (bot, opts) => (await import('./commands/logs.js')).logsCommand(bot, opts));

  program
    .command('trades')
    .description("a bot's round trips (entry to exit), oldest first, and the position still open")
    .argument('<bot>', 'registered bot name')
    .option('--since <when>', 'trips closed from: a duration back (24h, 7d), a date or an ISO time')
    .option('--limit <n>', 'the newest n round trips (default 100 without --since)')
    .option('--json', 'print as one JSON document')
    .action(async (bot, opts) => (await import('./commands/trades.js')).tradesCommand(bot, opts));

  program
    .command('orders')
    .description("a bot's order history: placed, filled, cancelled, refused by a rail, with why")
    .argument('<bot>', 'registered bot name')
    .option('--since <when>', 'orders from: a duration back (24h, 7d), a date or an ISO time')
    .option('--limit <n>', 'the newest n orders (default 100 without --since)')
    .option('--json', 'print a JSON array')
    .action(async (bot, opts) => (await import('./commands/orders.js')).ordersCommand(bot, opts));

  program
    .command('promote')
    .description('take a paper bot live, if it passes the promotion gate (exit 3 with the reasons if not)')
    .argument('<bot>', 'registered bot name')
    .option('--live', 'promote to live trading (required)')
    .option('--yes', 'confirm without a prompt (required when not on a terminal)')
    .option('--reason <text>', 'why, for the audit log')
    .option('--json', 'print the result as JSON')
    .addOption(new Option('--api-url <origin>', 'send exchange requests here (tests)').hideHelp())
    .action(async (bot, opts) => (await import('./commands/promote.js')).promoteCommand(bot, opts));

  program
    .command('demote')
    .description('take a bot back to paper trading (always allowed; starts a new paper record)')
    .argument('<bot>', 'registered bot name')
    .option('--reason <text>', 'why, for the audit log')
    .option('--json', 'print the result as JSON')
    .action(async (bot, opts) => (await import('./commands/promote.js')).demoteCommand(bot, opts));

  return program;
}

/** Flags shared by every command that backtests. */
function addResearchOptions(command: Command): Command {
  return command
    .option(
      '--source <source>',
      'sandbox[:VENUE] (sandbox:XNYS: stock sessions only), csv:FILE (may contain {symbol}), cache[:SOURCE] or db[:SOURCE]',
      'sandbox',
    )
    .option(
      '--venue <id>',
      'the venue whose sessions the bars keep (XNYS, XLON, …): metrics annualise over its trading hours; with sandbox, its equity mode',
    )
    .option('--bars <n>', 'sandbox bars per instrument', '20000')
    .option('--seed <n>', 'seed (of the sandbox data; of the sampler for optimise)', '0')
    .option('--params <list>', 'parameter values over the defaults, e.g. fast=12,slow=40')
    .option('--fee-bps <n>', "fee in basis points (overrides the spec's costs)")
    .option('--slippage-bps <n>', "slippage in basis points (overrides the spec's costs)");
}
