import { createHash, randomInt } from 'node:crypto';
import type { Command } from 'commander';
import { Resources } from '../../api/resources.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { UsageError } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';
import { durationFlag } from '../duration.ts';

const TOKEN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const unb64 = (s: string | undefined) => (s === undefined ? '' : Buffer.from(s, 'base64').toString('utf8'));

type TokenSecret = KubeObject & { type?: string; data?: Record<string, string> };

/** newBootstrapToken returns a random `[a-z0-9]{6}.[a-z0-9]{16}` token. */
export function newBootstrapToken(): string {
  const pick = (n: number) => Array.from({ length: n }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${pick(6)}.${pick(16)}`;
}

/**
 * tokenSecret is the kube-system Secret that makes a bootstrap token valid. Skiff stores only the
 * SHA-256 of the secret part (token-secret-sha256), so reading the Secret never reveals the token.
 */
export function tokenSecret(token: string, ttlMs: number, description: string, groups: string[], now = Date.now()): TokenSecret {
  const m = TOKEN.exec(token);
  if (!m) throw new UsageError('a token must look like [a-z0-9]{6}.[a-z0-9]{16}');
  const data: Record<string, string> = {
    'token-id': b64(m[1]),
    'token-secret-sha256': b64(createHash('sha256').update(m[2]).digest('hex')),
    'usage-bootstrap-authentication': b64('true'),
    'auth-extra-groups': b64(groups.join(',')),
  };
  if (ttlMs > 0) data.expiration = b64(new Date(now + ttlMs).toISOString().replace(/\.\d+Z$/, 'Z'));
  if (description) data.description = b64(description);
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: `bootstrap-token-${m[1]}`, namespace: 'kube-system' }, type: 'bootstrap.kubernetes.io/token', data };
}

function row(s: TokenSecret, now: number): string[] {
  const d = s.data ?? {};
  const exp = unb64(d.expiration);
  const ttl = exp ? `${Math.max(0, Math.round((Date.parse(exp) - now) / 3600_000))}h` : '<forever>';
  const usages = Object.keys(d).filter((k) => k.startsWith('usage-bootstrap-') && unb64(d[k]) === 'true').map((k) => k.slice('usage-bootstrap-'.length));
  return [`${unb64(d['token-id'])}.<hidden>`, ttl, exp || '<never>', usages.join(',') || '<none>', unb64(d.description) || '<none>', unb64(d['auth-extra-groups']) || '<none>'];
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 3))).join('').trimEnd()).join('\n') + '\n';
}

/** registerToken adds `token list|create|delete` for node bootstrap tokens (as `kubeadm token`). */
export function registerToken(program: Command, run: Runner): void {
  const token = program.command('token').description('Manage bootstrap tokens for joining nodes');
  const secrets = Resources.secrets;
  token
    .command('create')
    .description('Create a bootstrap token and print it (it cannot be shown again)')
    .argument('[token]', 'the token to create; random when omitted')
    .option('--ttl <duration>', 'how long the token is valid (0 = forever)', '24h')
    .option('--description <text>', 'a human-readable description', '')
    .option('--groups <list>', 'extra groups', 'system:bootstrappers:skiff:default-node-token')
    .action(run(async (ctx, given: string | undefined, opts: { ttl: string; description: string; groups: string }) => {
      const value = given ?? newBootstrapToken();
      await ctx.client.resource(secrets).create('kube-system', tokenSecret(value, durationFlag(opts.ttl), opts.description, opts.groups.split(',').filter(Boolean)) as never);
      ctx.io.out.write(`${value}\n`);
    }));
  token
    .command('list')
    .description('List bootstrap tokens')
    .action(run(async (ctx) => {
      const list = await ctx.client.resource(secrets).list('kube-system');
      const items = (list.items as TokenSecret[]).filter((s) => s.type === 'bootstrap.kubernetes.io/token');
      const header = ['TOKEN', 'TTL', 'EXPIRES', 'USAGES', 'DESCRIPTION', 'EXTRA GROUPS'];
      ctx.io.out.write(items.length ? table([header, ...items.map((s) => row(s, Date.now()))]) : 'No bootstrap tokens found.\n');
    }));
  token
    .command('delete')
    .description('Revoke bootstrap tokens (by token or token id)')
    .argument('<tokens...>', 'token ids or whole tokens')
    .action(run(async (ctx, tokens: string[]) => {
      for (const t of tokens) {
        const id = t.split('.')[0];
        if (!/^[a-z0-9]{6}$/.test(id)) throw new UsageError(`${JSON.stringify(t)} is not a token or token id`);
        await ctx.client.resource(secrets).delete('kube-system', `bootstrap-token-${id}`);
        ctx.io.out.write(`bootstrap token "${id}" deleted\n`);
      }
    }));
}
