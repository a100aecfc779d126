import type { Command } from 'commander';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { readManifests } from '../manifests.ts';
import { kindRef, resolveManifestObject } from '../object-ref.ts';
import type { Runner } from '../runner.ts';

/** registerReplace adds `replace -f`: PUT the whole object (taking the live resourceVersion when the file has none). */
export function registerReplace(program: Command, run: Runner): void {
  program
    .command('replace')
    .description('Replace a resource by file name or stdin')
    .option('-f, --filename <file>', 'files or - for stdin', (v: string, p: string[]) => [...p, v], [])
    .action(run(async (ctx, opts: { filename: string[] }) => {
      for (const { object } of await readManifests(opts.filename, false, ctx.io.stdin)) {
        const target = resolveManifestObject(ctx, object);
        const rc = ctx.client.resource<KubeObject>(target.info);
        const obj = structuredClone(target.object);
        obj.metadata.resourceVersion ??= (await rc.get(target.namespace, target.name)).metadata.resourceVersion;
        await rc.update(obj);
        ctx.io.out.write(`${kindRef(target.info, target.name)} replaced\n`);
      }
    }));
}
