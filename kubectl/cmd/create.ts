import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { StatusError } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { CliContext } from '../cli-context.ts';
import { readManifests } from '../manifests.ts';
import { checkDryRun, dryRunSuffix, kindRef, resolveManifestObject } from '../object-ref.ts';
import { printJson, printYaml } from '../printers/object-printer.ts';
import { UsageError } from '../resource-resolver.ts';
import { ExitError, type Runner } from '../runner.ts';

interface CreateCommon {
  dryRun?: string;
  output?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** registerCreate adds `create -f` and the generators `create deployment|service|configmap|secret|namespace|job`. */
export function registerCreate(program: Command, run: Runner): void {
  const create = program
    .command('create')
    .description('Create a resource from a file or from stdin, or with a generator')
    .option('-f, --filename <file>', 'files, directories or - for stdin', collect, [])
    .option('-R, --recursive', 'process directories recursively')
    .option('--dry-run <mode>', 'none|client|server')
    .option('-o, --output <format>', 'name|yaml|json')
    .action(run(async (ctx, opts: CreateCommon & { filename: string[]; recursive?: boolean }) => {
      const objects = (await readManifests(opts.filename, opts.recursive, ctx.io.stdin)).map((m) => m.object);
      await createObjects(ctx, objects, opts);
    }));

  const generator = (name: string, description: string) =>
    create.command(name).description(description).option('--dry-run <mode>', 'none|client|server').option('-o, --output <format>', 'name|yaml|json');

  generator('deployment', 'Create a deployment with the given name')
    .argument('<name>')
    .requiredOption('--image <image>', 'container image (repeatable)', collect, [])
    .option('--replicas <n>', 'number of replicas', '1')
    .option('--port <port>', 'container port to expose')
    .argument('[command...]', 'command after --')
    .action(run(async (ctx, name: string, command: string[], opts: CreateCommon & { image: string[]; replicas: string; port?: string }) => {
      await createObjects(ctx, [deploymentObject(name, opts.image, Number(opts.replicas), opts.port, command)], opts);
    }));

  generator('service', 'Create a service: clusterip|nodeport NAME --tcp=port:targetPort')
    .argument('<type>', 'clusterip or nodeport')
    .argument('<name>')
    .option('--tcp <port:target>', 'port pairs (repeatable)', collect, [])
    .option('--node-port <port>', 'nodePort for nodeport services')
    .action(run(async (ctx, type: string, name: string, opts: CreateCommon & { tcp: string[]; nodePort?: string }) => {
      await createObjects(ctx, [serviceObject(type, name, opts.tcp, opts.nodePort)], opts);
    }));

  generator('configmap', 'Create a configmap from literals or files')
    .argument('<name>')
    .option('--from-literal <key=value>', 'literal entry (repeatable)', collect, [])
    .option('--from-file <[key=]path>', 'file entry (repeatable)', collect, [])
    .action(run(async (ctx, name: string, opts: CreateCommon & { fromLiteral: string[]; fromFile: string[] }) => {
      const data = dataFrom(opts.fromLiteral, opts.fromFile);
      await createObjects(ctx, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data } as KubeObject], opts);
    }));

  generator('secret', 'Create a secret: generic NAME --from-literal/--from-file')
    .argument('<type>', 'generic')
    .argument('<name>')
    .option('--from-literal <key=value>', 'literal entry (repeatable)', collect, [])
    .option('--from-file <[key=]path>', 'file entry (repeatable)', collect, [])
    .option('--type <type>', 'secret type', 'Opaque')
    .action(run(async (ctx, type: string, name: string, opts: CreateCommon & { fromLiteral: string[]; fromFile: string[]; type: string }) => {
      if (type !== 'generic') throw new UsageError(`unknown secret type "${type}": only "generic" is supported`);
      const data = Object.fromEntries(Object.entries(dataFrom(opts.fromLiteral, opts.fromFile)).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
      await createObjects(ctx, [{ apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: opts.type, data } as KubeObject], opts);
    }));

  generator('namespace', 'Create a namespace')
    .argument('<name>')
    .action(run(async (ctx, name: string, opts: CreateCommon) => {
      await createObjects(ctx, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }], opts);
    }));

  generator('job', 'Create a job running an image')
    .argument('<name>')
    .requiredOption('--image <image>', 'container image')
    .argument('[command...]', 'command after --')
    .action(run(async (ctx, name: string, command: string[], opts: CreateCommon & { image: string }) => {
      const container = { name, image: opts.image, ...(command.length ? { command } : {}) };
      const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec: { template: { spec: { containers: [container], restartPolicy: 'Never' } } } };
      await createObjects(ctx, [job as KubeObject], opts);
    }));
}

/** createObjects POSTs each object and reports `kind/name created` (or `verb`); failures are reported and exit 1. */
export async function createObjects(ctx: CliContext, objects: KubeObject[], opts: CreateCommon, verb = 'created'): Promise<void> {
  const dryRun = checkDryRun(opts.dryRun);
  let failed = 0;
  for (const object of objects) {
    const target = resolveManifestObject(ctx, object);
    try {
      const created = dryRun === 'client' ? target.object : await ctx.client.resource<KubeObject>(target.info).create(target.namespace, target.object, { dryRun: dryRun === 'server' });
      if (opts.output === 'yaml') ctx.io.out.write(printYaml(created));
      else if (opts.output === 'json') ctx.io.out.write(printJson(created));
      else if (opts.output === 'name') ctx.io.out.write(`${kindRef(target.info, created.metadata.name ?? target.name)}\n`);
      else ctx.io.out.write(`${kindRef(target.info, created.metadata.name ?? target.name)} ${verb}${dryRunSuffix(dryRun)}\n`);
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
      failed++;
      ctx.io.err.write(`Error from server (${err.status.reason}): ${err.status.message}\n`);
    }
  }
  if (failed > 0) throw new ExitError(1);
}

function deploymentObject(name: string, images: string[], replicas: number, port: string | undefined, command: string[]): KubeObject {
  const containers = images.map((image, i) => ({
    name: images.length === 1 ? imageName(image) : `${imageName(image)}-${i}`.slice(0, 63),
    image,
    ...(port && i === 0 ? { ports: [{ containerPort: Number(port) }] } : {}),
    ...(command.length && i === 0 ? { command } : {}),
  }));
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers } } },
  } as KubeObject;
}

function imageName(image: string): string {
  return basename(image.split('@')[0].replace(/:[^/:]+$/, '')).replace(/[^a-z0-9-]/g, '-');
}

function serviceObject(type: string, name: string, tcp: string[], nodePort?: string): KubeObject {
  const types: Record<string, string> = { clusterip: 'ClusterIP', nodeport: 'NodePort' };
  if (!types[type]) throw new UsageError(`unknown service type "${type}": use clusterip or nodeport`);
  if (tcp.length === 0) throw new UsageError('at least one --tcp=port:targetPort is required');
  const ports = tcp.map((pair) => {
    const [port, target] = pair.split(':');
    return {
      name: `${port}-${target ?? port}`,
      protocol: 'TCP',
      port: Number(port),
      targetPort: Number(target ?? port),
      ...(nodePort && types[type] === 'NodePort' ? { nodePort: Number(nodePort) } : {}),
    };
  });
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, labels: { app: name } }, spec: { type: types[type], selector: { app: name }, ports } } as KubeObject;
}

function dataFrom(literals: string[], files: string[]): Record<string, string> {
  const data: Record<string, string> = {};
  for (const lit of literals) {
    const eq = lit.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid literal source ${lit}, expected key=value`);
    data[lit.slice(0, eq)] = lit.slice(eq + 1);
  }
  for (const spec of files) {
    const eq = spec.indexOf('=');
    const [key, path] = eq > 0 ? [spec.slice(0, eq), spec.slice(eq + 1)] : [basename(spec), spec];
    data[key] = readFileSync(path, 'utf8');
  }
  return data;
}
