import { type DeploymentResult, type DeployTarget, writeDeployment } from '../../fleet/index.js';
import { wholeNumber } from '../flags.js';
import { stdout } from '../terminal.js';

interface DeployFlags {
  out?: string;
  force?: boolean;
  json?: boolean;
  databaseUrl?: string;
  image?: string;
  replicas?: string;
  botsPerProcess?: string;
  workers?: string;
  study?: string;
  trials?: string;
}

/** `fleet deploy compose|k8s`: writes the project's Dockerfile and compose.yaml or manifests. */
export async function deployCommand(target: DeployTarget, flags: DeployFlags): Promise<void> {
  const result = await writeDeployment(target, {
    dir: process.cwd(),
    out: flags.out,
    force: flags.force,
    databaseUrl: flags.databaseUrl,
    image: flags.image,
    replicas: wholeNumber('--replicas', flags.replicas, 1),
    botsPerProcess: wholeNumber('--bots-per-process', flags.botsPerProcess, 1),
    workers: wholeNumber('--workers', flags.workers, 1),
    study: flags.study,
    trials: wholeNumber('--trials', flags.trials, 1),
  });
  if (flags.json) {
    stdout.json(result);
    return;
  }
  for (const file of result.written) stdout.line(`wrote ${file}`);
  for (const file of result.unchanged) stdout.line(`kept ${file} (unchanged)`);
  stdout.line('');
  for (const line of nextSteps(result)) stdout.line(line);
}

function nextSteps(result: DeploymentResult): string[] {
  const secret = result.database === 'external' ? 'DATABASE_URL' : 'POSTGRES_PASSWORD';
  if (result.target === 'compose') {
    return [
      `next: docker compose up -d   (secrets in .env: ${secret}${result.database === 'external' ? ', required' : ' before the first start'}, exchange keys, FLEET_DASHBOARD_TOKEN)`,
      '      docker compose --profile dashboard up -d   the dashboard, once FLEET_DASHBOARD_TOKEN is in .env',
    ];
  }
  const dir =
    result.written
      .concat(result.unchanged)
      .find((f) => f.endsWith('.yaml'))
      ?.replace(/\/[^/]+$/, '') ?? '.';
  return [
    `next: docker build -t ${result.image} . && docker push ${result.image}   (or fleet deploy k8s --image REGISTRY/NAME:TAG)`,
    `      kubectl create secret generic ${result.secretName} --from-env-file=.env   (${secret} and FLEET_DASHBOARD_TOKEN in it)`,
    `      kubectl apply -f ${dir}/   then, for a shared study: kubectl apply -f ${dir}/optimise/`,
  ];
}
