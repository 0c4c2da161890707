// Types only (erased at build): the published Kubernetes API shapes, so a misspelt field in a
// manifest below is a type error. Tests validate the output against the same package's schemas.
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IService } from 'kubernetes-models/v1/Service';
import { type DeployPlan, deployCommands } from './plan.js';
import { toYaml } from './yaml.js';

type Manifest = IDeployment | IStatefulSet | IJob | IService;
type Role = 'postgres' | 'migrate' | 'runners' | 'notifier' | 'dashboard' | 'telegram' | 'optimise';

const PG = { user: 'fleet', db: 'fleet', port: 5432 };
/** The node user of the official Node images: Kubernetes can only check runAsNonRoot on a number. */
const NODE_UID = 1000;

/** The manifests, by file name relative to the output folder (optimise/ is applied on demand). */
export async function k8sFiles(plan: DeployPlan): Promise<Map<string, string>> {
  const commands = deployCommands(plan);
  const k = new Names(plan);
  const files = new Map<string, Manifest[]>();
  if (plan.database === 'service')
    files.set('postgres.yaml', [service(k, 'postgres', 'postgres', PG.port), postgresStatefulSet(k)]);
  files.set('migrate-job.yaml', [
    job(
      k,
      'migrate',
      `${k.of('migrate')}-${plan.version.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`,
      commands.migrate,
      {
        backoffLimit: 20,
      },
    ),
  ]);
  files.set('runners.yaml', [
    deployment(k, 'runners', plan.runners.replicas, commands.runners, {
      terminationGracePeriodSeconds: 60,
    }),
  ]);
  files.set('notifier.yaml', [deployment(k, 'notifier', 1, commands.notifier)]);
  files.set('dashboard.yaml', [
    service(k, 'dashboard', 'http', plan.dashboardPort),
    dashboardDeployment(k, plan, commands.dashboard),
  ]);
  if (plan.telegram) {
    // One poller per bot token (Telegram gives each update to one): never two pods at once.
    const telegram = deployment(k, 'telegram', 1, commands.telegram, {}, { env: [secretKey(k, 'TELEGRAM_BOT_TOKEN')] });
    if (telegram.spec !== undefined) telegram.spec.strategy = { type: 'Recreate' };
    files.set('telegram.yaml', [telegram]);
  }
  files.set('optimise/optimise-job.yaml', [
    job(k, 'optimise', k.of(`optimise-${plan.optimise.study}`), commands.optimise, {
      parallelism: plan.optimise.workers,
      backoffLimit: 6,
    }),
  ]);
  const out = new Map<string, string>();
  for (const [file, manifests] of files) {
    const docs = await Promise.all(manifests.map((m, i) => toYaml(m, i === 0 ? header(plan, file) : '')));
    out.set(file, docs.map((d) => d.replace(/^\n/, '')).join('---\n'));
  }
  return out;
}

/** Names and labels: every object is `<project>-<role>`, labelled by instance and component. */
class Names {
  readonly secret: string;
  constructor(readonly plan: DeployPlan) {
    this.secret = `${plan.slug}-secrets`;
  }
  of(role: string): string {
    return `${this.plan.slug}-${role}`.slice(0, 63).replace(/-+$/, '');
  }
  labels(role: Role): Record<string, string> {
    return {
      'app.kubernetes.io/name': 'fleet',
      'app.kubernetes.io/instance': this.plan.slug,
      'app.kubernetes.io/component': role,
    };
  }
}

const secretKey = (k: Names, name: string): IEnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: k.secret, key: name } },
});

/** DATABASE_URL: built from the Secret's POSTGRES_PASSWORD, or the Secret's own DATABASE_URL. */
function databaseEnv(k: Names): IEnvVar[] {
  if (k.plan.database === 'external') return [secretKey(k, 'DATABASE_URL')];
  return [
    secretKey(k, 'POSTGRES_PASSWORD'),
    // $(VAR) is expanded by Kubernetes from the variable above: the password stays in the Secret.
    {
      name: 'DATABASE_URL',
      value: `postgres://${PG.user}:$(POSTGRES_PASSWORD)@${k.of('postgres')}:${PG.port}/${PG.db}`,
    },
  ];
}

function fleetContainer(k: Names, role: Role, args: string[], extra: Partial<IContainer> = {}): IContainer {
  return {
    name: role,
    image: k.plan.image,
    imagePullPolicy: 'IfNotPresent',
    args,
    // Every other secret (exchange keys, TELEGRAM_BOT_TOKEN…) from the Secret, as from .env.
    envFrom: [{ secretRef: { name: k.secret, optional: true } }],
    ...extra,
    env: [...databaseEnv(k), ...(extra.env ?? [])],
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  };
}

function podSpec(containers: IContainer[], extra: Partial<IPodSpec> = {}): IPodSpec {
  return {
    securityContext: { runAsNonRoot: true, runAsUser: NODE_UID, runAsGroup: NODE_UID },
    containers,
    ...extra,
  };
}

function deployment(
  k: Names,
  role: Role,
  replicas: number,
  args: string[],
  pod: Partial<IPodSpec> = {},
  container: Partial<IContainer> = {},
): IDeployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: k.of(role), labels: k.labels(role) },
    spec: {
      replicas,
      selector: { matchLabels: k.labels(role) },
      template: {
        metadata: { labels: k.labels(role) },
        spec: podSpec([fleetContainer(k, role, args, container)], pod),
      },
    },
  };
}

function job(
  k: Names,
  role: Role,
  name: string,
  args: string[],
  spec: { backoffLimit: number; parallelism?: number },
): IJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels: k.labels(role) },
    spec: {
      ...spec,
      template: {
        metadata: { labels: k.labels(role) },
        spec: podSpec([fleetContainer(k, role, args)], { restartPolicy: 'OnFailure' }),
      },
    },
  };
}

/** A ClusterIP Service in front of one role's pods. */
function service(k: Names, role: Role, portName: string, port: number): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: k.of(role), labels: k.labels(role) },
    spec: { selector: k.labels(role), ports: [{ name: portName, port, targetPort: port }] },
  };
}

function postgresStatefulSet(k: Names): IStatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: k.of('postgres'), labels: k.labels('postgres') },
    spec: {
      serviceName: k.of('postgres'),
      replicas: 1,
      selector: { matchLabels: k.labels('postgres') },
      template: {
        metadata: { labels: k.labels('postgres') },
        spec: {
          containers: [
            {
              name: 'postgres',
              image: 'postgres:16',
              env: [
                { name: 'POSTGRES_USER', value: PG.user },
                { name: 'POSTGRES_DB', value: PG.db },
                secretKey(k, 'POSTGRES_PASSWORD'),
                // A subfolder: the volume's root may hold lost+found, which initdb refuses.
                { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
              ],
              ports: [{ name: 'postgres', containerPort: PG.port }],
              readinessProbe: {
                exec: { command: ['pg_isready', '-U', PG.user, '-d', PG.db] },
                periodSeconds: 5,
              },
              volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
            },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
        },
      ],
    },
  };
}

function dashboardDeployment(k: Names, plan: DeployPlan, args: string[]): IDeployment {
  const probe = { tcpSocket: { port: plan.dashboardPort }, periodSeconds: 10 };
  return deployment(
    k,
    'dashboard',
    1,
    args,
    {},
    {
      // Required: on a host other than 127.0.0.1 the dashboard refuses to start without it.
      env: [secretKey(k, 'FLEET_DASHBOARD_TOKEN')],
      ports: [{ name: 'http', containerPort: plan.dashboardPort }],
      readinessProbe: probe,
      livenessProbe: { ...probe, initialDelaySeconds: 30 },
    },
  );
}

function header(plan: DeployPlan, file: string): string {
  const lines = [`${plan.project} on Kubernetes: ${file} (written by fleet ${plan.version}: fleet deploy k8s).`];
  if (file === 'migrate-job.yaml')
    lines.push('Apply after each upgrade (its name carries the version): runners refuse a stale schema.');
  if (file.startsWith('optimise/'))
    lines.push(`Applied on demand: workers sharing the study '${plan.optimise.study}' through Postgres.`);
  lines.push(`Secrets come from the Secret '${plan.slug}-secrets' (docs/operations.md), never from here.`);
  return lines.map((line) => ` ${line}`).join('\n');
}
