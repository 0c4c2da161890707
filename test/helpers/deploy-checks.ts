import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';

/**
 * Checks for what `fleet deploy` writes, against published schemas shipped in npm packages (no
 * network at test time, no copies in this repository): the Compose Specification schema that
 * dclint ships, and the Kubernetes API schemas compiled into kubernetes-models' validators.
 */

const require = createRequire(import.meta.url);

/** The Compose Specification's JSON Schema (draft-07), as dclint ships it. */
export function composeValidator(): (value: unknown) => string[] {
  const file = join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  // The schema names formats Ajv does not know (duration, ports…): checked by structure only.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false });
  const validate = ajv.compile(schema);
  return (value) =>
    validate(value)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

/** The model class of each kind the manifests use; its validate() throws on a schema violation. */
const K8S_MODELS: Record<string, () => Promise<new (data: never) => { validate(): void }>> = {
  'apps/v1/Deployment': async () => (await import('kubernetes-models/apps/v1/Deployment')).Deployment,
  'apps/v1/StatefulSet': async () => (await import('kubernetes-models/apps/v1/StatefulSet')).StatefulSet,
  'batch/v1/Job': async () => (await import('kubernetes-models/batch/v1/Job')).Job,
  'v1/Service': async () => (await import('kubernetes-models/v1/Service')).Service,
};

/** The schema errors of one manifest ('' when it is valid); an unexpected kind is an error too. */
export async function k8sErrors(manifest: { apiVersion?: string; kind?: string }): Promise<string> {
  const model = K8S_MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (model === undefined) return `no schema for ${manifest.apiVersion} ${manifest.kind}`;
  const Model = await model();
  try {
    new Model(manifest as never).validate();
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

class Parsed extends Error {}

/**
 * Parses a fleet command line with the real CLI's program, stopping before its action runs:
 * undefined when it parses, else commander's message (unknown command, unknown option…).
 */
export async function cliParseError(argv: readonly string[]): Promise<string | undefined> {
  const program = buildProgram();
  const quiet = (command: Command) => {
    command.configureOutput({ writeErr: () => {}, writeOut: () => {} });
    command.commands.forEach(quiet);
  };
  quiet(program);
  program.hook('preAction', () => {
    throw new Parsed();
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 'parsed, but no command would run';
  } catch (error) {
    return error instanceof Parsed ? undefined : (error as Error).message;
  }
}

/** A Dockerfile's instructions: continuation lines joined, comments dropped, keyword upper-cased. */
export function dockerInstructions(text: string): { keyword: string; args: string }[] {
  const joined = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** dclint's rules about meaning (style rules such as key order are left off), on a compose file. */
export async function dclintMessages(file: string): Promise<string[]> {
  const { DCLinter } = await import('dclint');
  const on = [
    'no-build-and-image',
    'no-duplicate-container-names',
    'no-duplicate-exported-ports',
    'no-unbound-port-interfaces',
    'no-version-field',
    'require-project-name-field',
    'service-image-require-explicit-tag',
    'no-quotes-in-volumes',
  ];
  const off = [
    'require-quotes-in-ports',
    'service-container-name-regex',
    'service-dependencies-alphabetical-order',
    'service-keys-order',
    'service-ports-alphabetical-order',
    'services-alphabetical-order',
    'top-level-properties-order',
  ];
  const rules = Object.fromEntries([...on.map((r) => [r, 2] as const), ...off.map((r) => [r, 0] as const)]);
  const linter = new DCLinter({ rules, quiet: true, debug: false, exclude: [] });
  return linter
    .lintFiles([file], false)
    .flatMap((result: { messages: { rule: string; message: string }[] }) =>
      result.messages.map((m) => `${m.rule}: ${m.message}`),
    );
}
