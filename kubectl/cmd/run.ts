import type { Command } from 'commander';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { UsageError } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';
import { createObjects } from './create.ts';

interface RunFlags {
  image: string;
  port?: string;
  env: string[];
  labels?: string;
  restart: string;
  imagePullPolicy?: string;
  command?: boolean;
  dryRun?: string;
  output?: string;
}

/** registerRun adds `run NAME --image=IMG [-- args…]`: one Pod labelled run=NAME, like kubectl run. */
export function registerRun(program: Command, run: Runner): void {
  program
    .command('run')
    .description('Run a particular image in a pod')
    .argument('<name>')
    .argument('[args...]', 'arguments (or, with --command, the command) after --')
    .requiredOption('--image <image>', 'container image')
    .option('--port <port>', 'container port to expose')
    .option('--env <key=value>', 'environment variable (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .option('-l, --labels <labels>', 'comma-separated labels (default run=NAME)')
    .option('--restart <policy>', 'Always, OnFailure or Never', 'Always')
    .option('--image-pull-policy <policy>', 'Always, IfNotPresent or Never (default: by the image tag)')
    .option('--command', 'treat the arguments after -- as the command instead of args')
    .option('--dry-run <mode>', 'none|client|server')
    .option('-o, --output <format>', 'name|yaml|json')
    .action(run(async (ctx, name: string, args: string[], flags: RunFlags) => {
      await createObjects(ctx, [podFor(name, args, flags)], flags);
    }));
}

/** podFor builds the Pod `kubectl run` creates. */
export function podFor(name: string, args: string[], flags: RunFlags): KubeObject {
  if (!['Always', 'OnFailure', 'Never'].includes(flags.restart)) throw new UsageError(`invalid restart policy: ${flags.restart}`);
  if (flags.imagePullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(flags.imagePullPolicy)) {
    throw new UsageError(`invalid image pull policy: ${flags.imagePullPolicy}`);
  }
  const labels = flags.labels
    ? Object.fromEntries(flags.labels.split(',').map((kv) => kv.split('=', 2) as [string, string]))
    : { run: name };
  const env = flags.env.map((kv) => {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid env: ${kv}, expected key=value`);
    return { name: kv.slice(0, eq), value: kv.slice(eq + 1) };
  });
  const container = {
    name,
    image: flags.image,
    ...(flags.imagePullPolicy ? { imagePullPolicy: flags.imagePullPolicy } : {}),
    ...(args.length ? (flags.command ? { command: args } : { args }) : {}),
    ...(env.length ? { env } : {}),
    ...(flags.port ? { ports: [{ containerPort: Number(flags.port) }] } : {}),
  };
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [container], restartPolicy: flags.restart } } as KubeObject;
}
