import type { Command } from 'commander';
import { kindRef } from '../object-ref.ts';
import { UsageError } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';
import { namedObjects } from '../targets.ts';

const scalable = new Set(['deployments', 'replicasets', 'statefulsets', 'replicationcontrollers']);

/** registerScale adds `scale TYPE NAME --replicas=N` through the scale subresource. */
export function registerScale(program: Command, run: Runner): void {
  program
    .command('scale')
    .description('Set a new size for a deployment, replica set, replication controller, or stateful set')
    .argument('<args...>', 'TYPE NAME | TYPE/NAME')
    .requiredOption('--replicas <n>', 'the new desired number of replicas')
    .option('--current-replicas <n>', 'precondition: only scale if the current size is this')
    .action(run(async (ctx, args: string[], opts: { replicas: string; currentReplicas?: string }) => {
      const replicas = Number(opts.replicas);
      if (!Number.isInteger(replicas) || replicas < 0) throw new UsageError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
      for (const { info, name } of namedObjects(args)) {
        if (!scalable.has(info.resource)) throw new UsageError(`cannot scale ${info.resource}: only deployments, replicasets, statefulsets and replicationcontrollers have a scale subresource`);
        const rc = ctx.client.resource(info);
        if (opts.currentReplicas !== undefined) {
          const scale = await rc.getSubresource<{ spec?: { replicas?: number } }>(ctx.namespace, name, 'scale');
          if ((scale.spec?.replicas ?? 0) !== Number(opts.currentReplicas)) {
            throw new UsageError(`Expected replicas to be ${opts.currentReplicas}, was ${scale.spec?.replicas ?? 0}`);
          }
        }
        await rc.patch(ctx.namespace, name, 'merge', { spec: { replicas } }, { subresource: 'scale' });
        ctx.io.out.write(`${kindRef(info, name)} scaled\n`);
      }
    }));
}
