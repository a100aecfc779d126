import type { Command } from 'commander';
import { Resources } from '../../api/resources.ts';
import type { CliContext } from '../cli-context.ts';
import { printJson, printYaml } from '../printers/object-printer.ts';
import { alignColumns } from '../printers/table-printer.ts';
import { UsageError } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';

/** clientVersion is skiffctl's own version, reported like kubectl's. */
export const clientVersion = { major: '1', minor: '32', gitVersion: 'v1.32.0-skiff.0.1.0', platform: `${process.platform}/${process.arch}` };

interface ApiResource {
  name: string;
  shortNames?: string[];
  namespaced: boolean;
  kind: string;
  verbs?: string[];
}

/** registerInfoCommands adds `version`, `cluster-info` and `api-resources`. */
export function registerInfoCommands(program: Command, run: Runner): void {
  program
    .command('version')
    .description('Print the client and server version information')
    .option('--client', 'client version only')
    .option('-o, --output <format>', 'yaml|json')
    .action(run(async (ctx, opts: { client?: boolean; output?: string }) => {
      const server = opts.client ? undefined : ((await ctx.client.request('GET', '/version')).body as { gitVersion?: string });
      const all = { clientVersion, ...(server ? { serverVersion: server } : {}) };
      if (opts.output === 'json') ctx.io.out.write(printJson(all));
      else if (opts.output === 'yaml') ctx.io.out.write(printYaml(all));
      else ctx.io.out.write(`Client Version: ${clientVersion.gitVersion}\n${server ? `Server Version: ${server.gitVersion}\n` : ''}`);
    }));

  program
    .command('cluster-info')
    .description('Display addresses of the control plane and services')
    .action(run(async (ctx) => {
      await ctx.client.request('GET', '/version');
      ctx.io.out.write(`Kubernetes control plane is running at ${ctx.client.server}\n`);
      try {
        await ctx.client.resource(Resources.services).get('kube-system', 'kube-dns');
        ctx.io.out.write(`Skiff cluster DNS is running at ${ctx.client.server}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n`);
      } catch {
        // No kube-dns Service: nothing more to show.
      }
      ctx.io.out.write(`\nTo further debug and diagnose cluster problems, use 'skiffctl get --raw /healthz' and the component logs.\n`);
    }));

  program
    .command('api-resources')
    .description('Print the supported API resources on the server')
    .option('--namespaced <bool>', 'only namespaced (true) or cluster-scoped (false) resources')
    .option('-o, --output <format>', 'wide|name')
    .option('--no-headers', 'omit headers')
    .action(run(async (ctx, opts: { namespaced?: string; output?: string; headers?: boolean }) => {
      const rows = await discoveredResources(ctx);
      const filtered = opts.namespaced === undefined ? rows : rows.filter((r) => String(r.resource.namespaced) === opts.namespaced);
      if (opts.output === 'name') {
        ctx.io.out.write(filtered.map((r) => `${r.resource.name}${r.group ? '.' + r.group : ''}\n`).join(''));
        return;
      }
      const wide = opts.output === 'wide';
      const header = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS'] : [])];
      const lines = filtered.map((r) => [
        r.resource.name,
        (r.resource.shortNames ?? []).join(','),
        r.groupVersion,
        String(r.resource.namespaced),
        r.resource.kind,
        ...(wide ? [`[${(r.resource.verbs ?? []).join(' ')}]`] : []),
      ]);
      ctx.io.out.write(alignColumns(opts.headers === false ? lines : [header, ...lines]) + '\n');
    }));
}

/** discoveredResources walks /api and /apis like kubectl's discovery client (subresources left out). */
async function discoveredResources(ctx: CliContext): Promise<Array<{ group: string; groupVersion: string; resource: ApiResource }>> {
  const groups = ((await ctx.client.request('GET', '/apis')).body as { groups?: Array<{ name: string; preferredVersion?: { groupVersion: string } }> }).groups ?? [];
  const versions = [{ group: '', groupVersion: 'v1', path: '/api/v1' }, ...groups.map((g) => ({
    group: g.name,
    groupVersion: g.preferredVersion?.groupVersion ?? '',
    path: `/apis/${g.preferredVersion?.groupVersion}`,
  }))];
  const lists = await Promise.all(versions.map(async (v) => {
    const body = (await ctx.client.request('GET', v.path)).body as { resources?: ApiResource[] };
    return (body.resources ?? []).filter((r) => !r.name.includes('/')).map((resource) => ({ group: v.group, groupVersion: v.groupVersion, resource }));
  }));
  const all = lists.flat();
  if (all.length === 0) throw new UsageError('the server returned no API resources');
  return all.sort((a, b) => a.resource.name.localeCompare(b.resource.name));
}
