import type { Command } from 'commander';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { PatchType } from '../../client/types.ts';
import { parseDocument } from 'yaml';
import { kindRef } from '../object-ref.ts';
import { UsageError } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';
import { namedObjects } from '../targets.ts';

/** registerPatch adds `patch TYPE NAME -p PATCH [--type strategic|merge|json]`. */
export function registerPatch(program: Command, run: Runner): void {
  program
    .command('patch')
    .description('Update fields of a resource using strategic merge patch, JSON merge patch, or JSON patch')
    .argument('<args...>', 'TYPE NAME | TYPE/NAME')
    .requiredOption('-p, --patch <patch>', 'the patch (JSON or YAML)')
    .option('--type <type>', 'strategic|merge|json', 'strategic')
    .option('--subresource <name>', 'status|scale')
    .action(run(async (ctx, args: string[], opts: { patch: string; type: string; subresource?: string }) => {
      const types: Record<string, PatchType> = { strategic: 'strategic', merge: 'merge', json: 'json' };
      const type = types[opts.type];
      if (!type) throw new UsageError(`--type must be one of [json merge strategic], not "${opts.type}"`);
      const doc = parseDocument(opts.patch);
      if (doc.errors.length) throw new UsageError(`unable to parse "${opts.patch}": ${doc.errors[0].message}`);
      for (const { info, name } of namedObjects(args)) {
        const rc = ctx.client.resource<KubeObject>(info);
        const ns = info.namespaced ? ctx.namespace : undefined;
        const before = await rc.get(ns, name);
        const after = await rc.patch(ns, name, type, doc.toJS(), { subresource: opts.subresource });
        const same = after.metadata.resourceVersion === before.metadata.resourceVersion;
        ctx.io.out.write(`${kindRef(info, name)} patched${same ? ' (no change)' : ''}\n`);
      }
    }));
}
