import type { Command } from 'commander';
import { isConflict, newStatus, StatusError } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { Resources } from '../../api/resources.ts';
import type { CliContext } from '../cli-context.ts';
import { UsageError } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';

interface CsrCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
type Csr = KubeObject & { status?: { conditions?: CsrCondition[] } };

const decisions = {
  approve: { type: 'Approved', other: 'Denied', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.', done: 'approved' },
  deny: { type: 'Denied', other: 'Approved', reason: 'KubectlDeny', message: 'This CSR was denied by kubectl certificate deny.', done: 'denied' },
} as const;

/** registerCertificate adds `certificate approve|deny NAME...`, as kubectl does (PUT to the approval subresource). */
export function registerCertificate(program: Command, run: Runner): void {
  const certificate = program.command('certificate').description('Modify certificate resources');
  for (const verb of ['approve', 'deny'] as const) {
    certificate
      .command(verb)
      .description(`${verb === 'approve' ? 'Approve' : 'Deny'} a certificate signing request`)
      .argument('<csr...>', 'CSR names (or csr/NAME)')
      .option('--force', 'update the CSR even if it is already approved or denied')
      .action(run(async (ctx, names: string[], opts: { force?: boolean }) => {
        if (names.length === 0) throw new UsageError(`one or more CSRs must be specified as <name>: skiffctl certificate ${verb} NAME`);
        for (const name of names.map((n) => n.replace(/^(certificatesigningrequests?|csr)(\.certificates\.k8s\.io)?\//, ''))) await decide(ctx, name, verb, opts.force ?? false);
      }));
  }
}

async function decide(ctx: CliContext, name: string, verb: keyof typeof decisions, force: boolean): Promise<void> {
  const d = decisions[verb];
  const rc = ctx.client.resource<Csr>(Resources.certificatesigningrequests);
  for (let attempt = 0; ; attempt++) {
    const csr = await rc.get(undefined, name);
    const conditions = csr.status?.conditions ?? [];
    const has = (t: string) => conditions.some((c) => c.type === t && c.status === 'True');
    if (has(d.other) && !force) throw new Error(`certificatesigningrequest ${name} is already ${d.other}`);
    if (has(d.type) && !force) break;
    const body = { ...csr, status: { ...csr.status, conditions: [...conditions, { type: d.type, status: 'True', reason: d.reason, message: d.message }] } };
    try {
      const res = await ctx.client.request('PUT', `/apis/certificates.k8s.io/v1/certificatesigningrequests/${encodeURIComponent(name)}/approval`, { body });
      if (res.status >= 300) throw asStatusError(res.status, res.body);
      break;
    } catch (err) {
      // Someone (the signer, another admin) wrote in between: read again and decide again.
      if (!isConflict(err) || attempt >= 4) throw err;
    }
  }
  ctx.io.out.write(`certificatesigningrequest.certificates.k8s.io/${name} ${d.done}\n`);
}

function asStatusError(code: number, body: unknown): StatusError {
  const s = body as { kind?: string; reason?: string; message?: string };
  if (s?.kind === 'Status') return new StatusError(s as ConstructorParameters<typeof StatusError>[0]);
  return new StatusError(newStatus(code, code === 409 ? 'Conflict' : 'BadRequest', String(s?.message ?? body)));
}
