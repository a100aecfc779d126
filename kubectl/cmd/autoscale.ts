import type { Command } from 'commander';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { apiVersionOf } from '../../api/resource-info.ts';
import { Resources } from '../../api/resources.ts';
import { UsageError } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';
import { namedObjects } from '../targets.ts';

/**
 * registerAutoscale adds `autoscale TYPE NAME --min --max --cpu-percent`, creating an
 * autoscaling/v2 HorizontalPodAutoscaler (Skiff stores it; scaling on it needs a metrics source,
 * which Skiff does not have yet — see docs/).
 */
export function registerAutoscale(program: Command, run: Runner): void {
  program
    .command('autoscale')
    .description('Create a HorizontalPodAutoscaler for a deployment, replica set or stateful set')
    .argument('<args...>', 'TYPE NAME | TYPE/NAME')
    .requiredOption('--max <n>', 'upper limit of pods')
    .option('--min <n>', 'lower limit of pods', '1')
    .option('--cpu-percent <n>', 'target average CPU utilization')
    .option('--name <name>', 'name of the autoscaler (default: the target\'s)')
    .action(run(async (ctx, args: string[], opts: { max: string; min: string; cpuPercent?: string; name?: string }) => {
      for (const { info, name } of namedObjects(args)) {
        if (!info.subresources.includes('scale')) throw new UsageError(`cannot autoscale a ${info.kind}: it has no scale subresource`);
        const hpa = {
          apiVersion: 'autoscaling/v2',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: opts.name ?? name },
          spec: {
            scaleTargetRef: { apiVersion: apiVersionOf(info), kind: info.kind, name },
            minReplicas: Number(opts.min),
            maxReplicas: Number(opts.max),
            ...(opts.cpuPercent ? { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: Number(opts.cpuPercent) } } }] } : {}),
          },
        };
        await ctx.client.resource<KubeObject>(Resources.horizontalpodautoscalers).create(ctx.namespace, hpa);
        ctx.io.out.write(`horizontalpodautoscaler.autoscaling/${opts.name ?? name} autoscaled\n`);
      }
    }));
}
