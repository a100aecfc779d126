import type { Command } from 'commander';
import { Resources } from '../../api/resources.ts';
import { get } from './get.ts';
import { resolveResource } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';

/** registerEvents adds `events [--for TYPE/NAME] [-A] [-w]`, sorted by last seen like kubectl events. */
export function registerEvents(program: Command, run: Runner): void {
  program
    .command('events')
    .description('List events')
    .option('--for <object>', 'only events about TYPE/NAME')
    .option('-A, --all-namespaces', 'across all namespaces')
    .option('-w, --watch', 'watch for new events')
    .option('--types <types>', 'only these event types (Normal,Warning)')
    .option('-o, --output <format>', 'yaml|json|wide')
    .action(run(async (ctx, opts: { for?: string; allNamespaces?: boolean; watch?: boolean; types?: string; output?: string }) => {
      const fields: string[] = [];
      if (opts.for) {
        const [type, name] = opts.for.split('/', 2);
        fields.push(`involvedObject.kind=${resolveResource(type).kind}`, `involvedObject.name=${name}`);
      }
      if (opts.types && !opts.types.includes(',')) fields.push(`type=${opts.types}`);
      await get(ctx, [{ info: Resources.events, names: [] }], {
        allNamespaces: opts.allNamespaces,
        watch: opts.watch,
        fieldSelector: fields.join(',') || undefined,
        sortBy: '.lastTimestamp',
        output: opts.output,
      });
    }));
}
