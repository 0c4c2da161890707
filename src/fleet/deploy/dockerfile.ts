import type { DeployPlan } from './plan.js';

/** The Node line the image is built on: fleet's own floor (package.json engines). */
export const NODE_IMAGE = 'node:20-bookworm-slim';

/**
 * The project's image: fleet installed once at build time (no network at start), the project's
 * config and strategies copied in, a non-root user, tini as PID 1 so `fleet up` and its child
 * runners get SIGTERM and are reaped. Secrets are never in it: they arrive as environment.
 */
export function dockerfile(plan: DeployPlan): string {
  const install =
    plan.install.kind === 'global'
      ? [
          '# fleet from npm, once, at build time. Another source: --build-arg FLEET_PACKAGE=<any npm install spec>',
          '# (a version, a tarball URL, a git URL).',
          `ARG FLEET_PACKAGE=${plan.install.spec}`,
          'RUN npm install --global --omit=dev "$FLEET_PACKAGE" && npm cache clean --force',
          '',
          'WORKDIR /app',
        ]
      : [
          "# fleet as the project's package.json pins it, installed once at build time.",
          'WORKDIR /app',
          `COPY ${plan.install.lock ? 'package.json package-lock.json' : 'package.json'} ./`,
          `RUN ${plan.install.lock ? 'npm ci' : 'npm install'} --omit=dev && npm cache clean --force`,
          'ENV PATH=/app/node_modules/.bin:$PATH',
        ];
  return [
    `# The image of the fleet project ${plan.project}, written by fleet ${plan.version} (fleet deploy).`,
    '# Build: docker build -t IMAGE .   (docker compose up builds it itself)',
    '# Secrets come from the environment at run time (.env, a Kubernetes Secret), never from the image.',
    `FROM ${NODE_IMAGE}`,
    '',
    '# tini as PID 1 forwards SIGTERM and reaps, so fleet up stops its runners cleanly.',
    'RUN apt-get update \\',
    '  && apt-get install -y --no-install-recommends tini \\',
    '  && rm -rf /var/lib/apt/lists/*',
    '',
    ...install,
    '',
    '# The project: fleet.config.json, strategies/ (.dockerignore keeps .env, .fleet/ and node_modules/ out),',
    '# owned by the user fleet runs as: it writes .fleet/ (reports, the supervisor record) and, for',
    '# fleet pipeline and fleet optimise without --no-write, specs under strategies/.',
    'COPY --chown=node:node . .',
    'RUN mkdir -p .fleet && chown node:node .fleet',
    'USER node',
    '',
    '# Healthy while the fleet up supervisor named in .fleet/supervisor.json lives (services that run',
    '# another command turn this off or bring their own).',
    'HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \\',
    `  CMD ["node", "-e", "process.kill(JSON.parse(require('fs').readFileSync('.fleet/supervisor.json', 'utf8')).pid, 0)"]`,
    '',
    'ENTRYPOINT ["tini", "--", "fleet"]',
    'CMD ["up"]',
    '',
  ].join('\n');
}

/** What stays out of the build context: secrets, local state, installed packages. */
export function dockerignore(): string {
  return [
    '# Kept out of the image: secrets (.env), local state (.fleet/: the embedded database, caches),',
    '# installed packages and version control.',
    '.env',
    '.env.*',
    '!.env.example',
    '.fleet/',
    'node_modules/',
    '.git/',
    '*.log',
    '',
  ].join('\n');
}
