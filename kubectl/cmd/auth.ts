import type { Command } from 'commander';
import { ExitError, type Runner } from '../runner.ts';
import { resolveResource, UsageError } from '../resource-resolver.ts';

interface CanIOptions {
  allNamespaces?: boolean;
  subresource?: string;
  quiet?: boolean;
}

/** reviewSpec builds a SelfSubjectAccessReview spec from `can-i VERB TYPE[/NAME] | /path`. */
export function reviewSpec(verb: string, target: string | undefined, namespace: string, opts: CanIOptions): Record<string, unknown> {
  if (!target) throw new UsageError('you must specify two arguments: verb resource or verb resourcename.');
  if (target.startsWith('/')) return { nonResourceAttributes: { verb, path: target } };
  const [type, name] = target.split('/', 2);
  const info = resolveResource(type);
  return {
    resourceAttributes: {
      namespace: opts.allNamespaces || !info.namespaced ? '' : namespace,
      verb,
      group: info.group,
      version: info.version,
      resource: info.resource,
      ...(opts.subresource ? { subresource: opts.subresource } : {}),
      ...(name ? { name } : {}),
    },
  };
}

/**
 * registerAuth adds `auth can-i VERB TYPE[/NAME]|URL`: asks the API server with a
 * SelfSubjectAccessReview and prints yes or no (exit code 0 or 1), as kubectl does.
 */
export function registerAuth(program: Command, run: Runner): void {
  const auth = program.command('auth').description('Inspect authorization');
  auth
    .command('can-i')
    .description('Check whether an action is allowed')
    .argument('<verb>', 'get, list, create, update, delete, …')
    .argument('[target]', 'TYPE, TYPE/NAME or a non-resource URL such as /logs')
    .option('-A, --all-namespaces', 'check the action in all namespaces')
    .option('--subresource <name>', 'a subresource, such as pod/log or deployment/scale')
    .option('-q, --quiet', 'print nothing; only the exit code says the answer')
    .action(run(async (ctx, verb: string, target: string | undefined, opts: CanIOptions) => {
      const spec = reviewSpec(verb, target, ctx.namespace, opts);
      const res = await ctx.client.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec },
      });
      const allowed = (res.body as { status?: { allowed?: boolean } }).status?.allowed === true;
      if (!opts.quiet) ctx.io.out.write(allowed ? 'yes\n' : 'no\n');
      if (!allowed) throw new ExitError(1);
    }));
  auth
    .command('whoami')
    .description('Print the user the server authenticates this client as')
    .action(run(async (ctx) => {
      const res = await ctx.client.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
      const u = (res.body as { status?: { userInfo?: { username?: string; groups?: string[] } } }).status?.userInfo ?? {};
      ctx.io.out.write(`ATTRIBUTE   VALUE\nUsername    ${u.username ?? ''}\nGroups      [${(u.groups ?? []).join(' ')}]\n`);
    }));
}
