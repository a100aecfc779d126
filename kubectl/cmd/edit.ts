import type { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { apiVersionOf } from '../../api/resource-info.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { kindRef } from '../object-ref.ts';
import { printYaml } from '../printers/object-printer.ts';
import { UsageError } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';
import { namedObjects } from '../targets.ts';

/** registerEdit adds `edit TYPE NAME`: open the object in $KUBE_EDITOR / $EDITOR (vi), PUT the result. */
export function registerEdit(program: Command, run: Runner): void {
  program
    .command('edit')
    .description('Edit a resource on the server with your editor')
    .argument('<args...>', 'TYPE NAME | TYPE/NAME')
    .action(run(async (ctx, args: string[]) => {
      for (const { info, name } of namedObjects(args)) {
        const rc = ctx.client.resource<KubeObject>(info);
        const live = { apiVersion: apiVersionOf(info), kind: info.kind, ...(await rc.get(ctx.namespace, name)) };
        const dir = mkdtempSync(join(tmpdir(), 'skiffctl-edit-'));
        const file = join(dir, `${info.resource}-${name}.yaml`);
        const original = printYaml(live);
        writeFileSync(file, `# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit.\n#\n${original}`);
        try {
          const editor = process.env.KUBE_EDITOR ?? process.env.EDITOR ?? 'vi';
          const result = spawnSync('sh', ['-c', `${editor} "$1"`, 'editor', file], { stdio: 'inherit' });
          if (result.status !== 0) throw new UsageError(`there was a problem with the editor "${editor}"`);
          const edited = readFileSync(file, 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n');
          if (edited.trim() === '') throw new UsageError('Edit cancelled, saved file was empty.');
          if (edited.trim() === original.trim()) {
            ctx.io.out.write('Edit cancelled, no changes made.\n');
            continue;
          }
          await rc.update(parse(edited) as KubeObject);
          ctx.io.out.write(`${kindRef(info, name)} edited\n`);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }));
}
