import type { Command } from 'commander';
import { currentContext, getContexts, kubeconfigPaths, mergeKubeconfigs, readKubeconfigFile, setContext, useContext } from '../../client/kubeconfig.ts';
import type { GlobalOptions } from '../cli-context.ts';
import { printJson, printYaml } from '../printers/object-printer.ts';
import { alignColumns } from '../printers/table-printer.ts';

/**
 * registerConfig adds `config view|current-context|get-contexts|use-context|set-context`. These
 * work on the kubeconfig files only and never contact the server.
 */
export function registerConfig(program: Command): void {
  const config = program.command('config').description('Modify kubeconfig files');
  const path = () => program.opts<GlobalOptions>().kubeconfig;
  const out = (s: string): void => {
    process.stdout.write(s);
  };

  config
    .command('view')
    .option('--raw', 'show credentials')
    .option('-o, --output <format>', 'yaml|json', 'yaml')
    .action((opts: { raw?: boolean; output: string }) => {
      const merged = mergeKubeconfigs(kubeconfigPaths(path()).map(readKubeconfigFile));
      merged['current-context'] = currentContext(path()) || undefined;
      if (!opts.raw) {
        for (const u of merged.users ?? []) {
          for (const k of ['client-certificate-data', 'client-key-data', 'token']) if (u.user[k]) u.user[k] = k === 'token' ? 'REDACTED' : 'DATA+OMITTED';
        }
      }
      out(opts.output === 'json' ? printJson(merged) : printYaml(merged));
    });
  config.command('current-context').action(() => out(`${currentContext(path())}\n`));
  config
    .command('get-contexts')
    .option('--no-headers', 'omit headers')
    .option('-o, --output <format>', 'name')
    .action((opts: { headers?: boolean; output?: string }) => {
      const rows = getContexts(path());
      if (opts.output === 'name') return out(rows.map((r) => `${r.name}\n`).join(''));
      const lines = rows.map((r) => [r.current ? '*' : '', r.name, r.cluster, r.authInfo, r.namespace]);
      out(alignColumns(opts.headers === false ? lines : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ...lines]) + '\n');
    });
  config
    .command('use-context')
    .argument('<name>')
    .action((name: string) => {
      useContext(name, path());
      out(`Switched to context "${name}".\n`);
    });
  config
    .command('set-context')
    .argument('[name]')
    .option('--current', 'modify the current context')
    .option('--cluster <name>')
    .option('--user <name>')
    .option('--namespace <ns>')
    .action((name: string | undefined, opts: { current?: boolean; cluster?: string; user?: string; namespace?: string }) => {
      const target = opts.current || !name ? currentContext(path()) : name;
      const existed = getContexts(path()).some((c) => c.name === target);
      setContext(target, { cluster: opts.cluster, user: opts.user, namespace: opts.namespace }, path());
      out(`Context "${target}" ${existed ? 'modified' : 'created'}.\n`);
    });
}
