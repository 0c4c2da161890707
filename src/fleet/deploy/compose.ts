import { type DeployPlan, deployCommands, ENV_FILE } from './plan.js';
import { toYaml } from './yaml.js';

export const COMPOSE_FILE = 'compose.yaml';
/** The other names docker compose looks for; one of them beside compose.yaml would be ignored. */
export const OTHER_COMPOSE_FILES = ['compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

const PG = { user: 'fleet', db: 'fleet', host: 'postgres' };
const NO_HEALTHCHECK = { disable: true };
/** A Compose interpolation, `${...}`: filled from the shell or .env when compose reads the file. */
const variable = (body: string) => `\${${body}}`;
/**
 * The Postgres service is reachable only inside the Compose network; its password defaults to a
 * placeholder so that `docker compose up` needs no set-up, and POSTGRES_PASSWORD in .env replaces it.
 */
const PASSWORD = variable('POSTGRES_PASSWORD:-fleet');

/**
 * The Compose file: Postgres (or DATABASE_URL from .env), a one-shot `fleet migrate`, the runners
 * (any number of replicas: a bot's lease lets one runner trade it, the others stand by), the
 * notifier, and, on demand (profiles), the dashboard and optimisation workers of one study.
 * `context` is the project folder relative to the compose file's folder.
 */
export async function composeFile(plan: DeployPlan, context: string): Promise<string> {
  const commands = deployCommands(plan);
  const envFile = context === '.' ? ENV_FILE : `${context}/${ENV_FILE}`;
  const external = plan.database === 'external';
  const databaseUrl = external
    ? variable('DATABASE_URL:?set DATABASE_URL in .env: the deployment uses an external database')
    : `postgres://${PG.user}:${PASSWORD}@${PG.host}:5432/${PG.db}`;
  const afterMigrate = { migrate: { condition: 'service_completed_successfully' } };
  const fleet = (command: string[], rest: Record<string, unknown>) => ({
    image: plan.image,
    build: { context, dockerfile: 'Dockerfile' },
    // Built here, never pulled: the image holds this project's config and strategies.
    pull_policy: 'build',
    command,
    // Secrets (exchange keys, tokens) from .env; optional, so a new project starts with none.
    env_file: [{ path: envFile, required: false }],
    environment: { DATABASE_URL: databaseUrl },
    ...rest,
  });
  const services: Record<string, unknown> = {};
  if (!external) {
    services.postgres = {
      image: 'postgres:16',
      environment: {
        POSTGRES_USER: PG.user,
        POSTGRES_DB: PG.db,
        POSTGRES_PASSWORD: PASSWORD,
      },
      volumes: ['pgdata:/var/lib/postgresql/data'],
      healthcheck: {
        test: ['CMD-SHELL', `pg_isready -U ${PG.user} -d ${PG.db}`],
        interval: '5s',
        timeout: '5s',
        retries: 20,
      },
      restart: 'unless-stopped',
    };
  }
  services.migrate = fleet(commands.migrate, {
    ...(external ? {} : { depends_on: { postgres: { condition: 'service_healthy' } } }),
    healthcheck: NO_HEALTHCHECK,
    restart: 'no',
  });
  services.runners = fleet(commands.runners, {
    depends_on: afterMigrate,
    deploy: { replicas: plan.runners.replicas },
    stop_grace_period: '60s',
    restart: 'unless-stopped',
  });
  services.notifier = fleet(commands.notifier, {
    depends_on: afterMigrate,
    healthcheck: NO_HEALTHCHECK,
    restart: 'unless-stopped',
  });
  services.dashboard = fleet(commands.dashboard, {
    profiles: ['dashboard'],
    depends_on: afterMigrate,
    ports: [`127.0.0.1:${plan.dashboardPort}:${plan.dashboardPort}`],
    healthcheck: {
      test: [
        'CMD',
        'node',
        '-e',
        // Listening is enough: every page but the health of the port needs the token.
        `const s = require('net').connect(${plan.dashboardPort}, '127.0.0.1'); s.on('connect', () => s.end()); s.on('error', () => { process.exitCode = 1; })`,
      ],
      interval: '30s',
      timeout: '5s',
      retries: 3,
    },
    restart: 'unless-stopped',
  });
  if (plan.telegram) {
    services.telegram = fleet(commands.telegram, {
      depends_on: afterMigrate,
      healthcheck: NO_HEALTHCHECK,
      restart: 'unless-stopped',
    });
  }
  services.optimise = fleet(commands.optimise, {
    profiles: ['optimise'],
    depends_on: afterMigrate,
    deploy: { replicas: plan.optimise.workers },
    healthcheck: NO_HEALTHCHECK,
    restart: 'on-failure',
  });
  const compose = { name: plan.slug, services, ...(external ? {} : { volumes: { pgdata: {} } }) };
  return toYaml(compose, header(plan), {
    postgres: 'Postgres: every bot, order, fill and study. Reached only inside this network.',
    migrate: 'One shot: brings the schema up to date, then exits; the fleet waits for it (runners refuse a stale one).',
    runners: `fleet up: the bots of fleet.config.json, ${plan.runners.botsPerProcess} to a child process. Replicas stand by:\na bot's lease lets one runner trade it, and another takes it over when that one dies.`,
    notifier: 'The notifier alone (fleet.config.json notify channels), once for the whole fleet.',
    dashboard: `The dashboard on 127.0.0.1:${plan.dashboardPort}. Set FLEET_DASHBOARD_TOKEN in .env, then enable it:\ndocker compose --profile dashboard up -d (or COMPOSE_PROFILES=dashboard in .env).`,
    telegram:
      'fleet telegram: answers the allow-listed chats (telegram.chat_ids); TELEGRAM_BOT_TOKEN in .env.\nOne only: Telegram gives each update to one poller.',
    optimise: `Optimisation workers sharing the study '${plan.optimise.study}' through Postgres, on demand:\ndocker compose --profile optimise up optimise (--scale optimise=N for more workers).`,
  });
}

function header(plan: DeployPlan): string {
  const lines = [
    `${plan.project} on Docker Compose (written by fleet ${plan.version}: fleet deploy compose).`,
    '  docker compose up -d              build the image, start Postgres, migrate, run the fleet',
    '  docker compose logs -f runners',
    '  docker compose run --rm migrate   after an upgrade (runners refuse a stale schema)',
    'Secrets go in .env (never here): exchange keys, TELEGRAM_BOT_TOKEN, FLEET_DASHBOARD_TOKEN,',
    plan.database === 'external'
      ? 'and DATABASE_URL: this deployment uses an external Postgres server.'
      : 'and POSTGRES_PASSWORD (before the first start: the database volume keeps the first one).',
    'docs/operations.md in the fleet package: backups, upgrades, runbooks.',
  ];
  return lines.map((line) => ` ${line}`).join('\n');
}
