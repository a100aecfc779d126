import type { Command } from 'commander';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { kindRef } from '../object-ref.ts';
import { UsageError } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';
import { namedObjects } from '../targets.ts';

interface PodSpecLike {
  containers?: Array<{ name: string; image?: string }>;
  initContainers?: Array<{ name: string; image?: string }>;
}

/** registerSet adds `set image TYPE/NAME container=image … ('*' = every container)`. */
export function registerSet(program: Command, run: Runner): void {
  const set = program.command('set').description('Set specific features on objects');
  set
    .command('image')
    .description('Update the image of a pod template')
    .argument('<args...>', 'TYPE/NAME CONTAINER=IMAGE ...')
    .action(run(async (ctx, args: string[]) => {
      const pairs = args.filter((a) => a.includes('='));
      if (pairs.length === 0) throw new UsageError('at least one image update is required');
      const images = Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
      for (const { info, name } of namedObjects(args.filter((a) => !a.includes('=')))) {
        const rc = ctx.client.resource<KubeObject>(info);
        const obj = await rc.get(ctx.namespace, name);
        const spec = podSpecOf(obj);
        if (!spec) throw new UsageError(`${kindRef(info, name)} has no pod template`);
        const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
        for (const c of Object.keys(images)) {
          if (c !== '*' && !all.some((x) => x.name === c)) throw new UsageError(`unable to find container named "${c}"`);
        }
        const update = (list?: Array<{ name: string }>) => list?.filter((c) => images[c.name] ?? images['*']).map((c) => ({ name: c.name, image: images[c.name] ?? images['*'] }));
        const template = { spec: { containers: update(spec.containers), initContainers: update(spec.initContainers) } };
        const patch = obj.kind === 'Pod' || info.resource === 'pods' ? template : { spec: { template } };
        await rc.patch(ctx.namespace, name, 'strategic', JSON.parse(JSON.stringify(patch)));
        ctx.io.out.write(`${kindRef(info, name)} image updated\n`);
      }
    }));
}

/** podSpecOf returns the pod spec of a pod, a workload's template, or a CronJob's job template. */
export function podSpecOf(obj: KubeObject): PodSpecLike | undefined {
  const o = obj as KubeObject & { spec?: { containers?: unknown; template?: { spec?: PodSpecLike }; jobTemplate?: { spec?: { template?: { spec?: PodSpecLike } } } } };
  if (o.spec?.containers) return o.spec as PodSpecLike;
  return o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec;
}
