import { newBadRequest, newInvalid, newMethodNotSupported } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { StatusCause } from '../../api/meta/v1/status.ts';
import { decodeBody } from '../handlers/body.ts';
import type { SubresourceRequest } from '../handlers/env.ts';
import { writeOptions } from '../handlers/query.ts';
import { applyPatchBody, patchTypeOf } from '../registry/patch.ts';
import { getObject } from '../registry/read.ts';
import { updateObject } from '../registry/update.ts';

interface CsrCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}
type Csr = KubeObject & { status?: { conditions?: CsrCondition[]; certificate?: string } };

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** approvalCauses checks the conditions as Kubernetes' CSR validation does: known types, not both Approved and Denied, never un-approved. */
function approvalCauses(conditions: CsrCondition[], old: CsrCondition[]): StatusCause[] {
  const causes: StatusCause[] = [];
  const has = (list: CsrCondition[], t: string) => list.some((c) => c.type === t && c.status === 'True');
  conditions.forEach((c, i) => {
    if (!['Approved', 'Denied', 'Failed'].includes(c.type)) causes.push({ reason: 'FieldValueNotSupported', field: `status.conditions[${i}].type`, message: `Unsupported value: "${c.type}": supported values: "Approved", "Denied", "Failed"` });
    if (!['True', 'False', 'Unknown'].includes(c.status ?? '')) causes.push({ reason: 'FieldValueNotSupported', field: `status.conditions[${i}].status`, message: `Unsupported value: "${c.status}"` });
  });
  if (has(conditions, 'Approved') && has(conditions, 'Denied')) causes.push({ reason: 'FieldValueInvalid', field: 'status.conditions', message: 'Approved and Denied conditions are mutually exclusive' });
  for (const t of ['Approved', 'Denied']) {
    if (has(old, t) && !has(conditions, t)) causes.push({ reason: 'FieldValueForbidden', field: 'status.conditions', message: `updates may not remove a condition of type "${t}"` });
  }
  return causes;
}

/**
 * csrApproval serves certificatesigningrequests/<name>/approval (what `kubectl certificate
 * approve|deny` PUTs): only status.conditions change — spec and status.certificate stay — with
 * optimistic concurrency through the body's resourceVersion and a timestamp on new conditions.
 */
export async function csrApproval(r: SubresourceRequest): Promise<unknown> {
  const { ctx } = r.env;
  const name = r.path.name;
  if (r.req.method === 'GET') return r.reply.type('application/json').send(await getObject(ctx, r.scope, undefined, name));
  if (r.req.method !== 'PUT' && r.req.method !== 'PATCH') throw newMethodNotSupported({ group: 'certificates.k8s.io', resource: 'certificatesigningrequests/approval' }, r.req.method);
  const body = decodeBody(r.req.body as Buffer, r.req.headers['content-type']);
  const type = r.req.method === 'PATCH' ? patchTypeOf(r.req.headers['content-type']) : undefined;
  const opts = { ...writeOptions(r.query, r.req.headers['user-agent']), subresource: 'approval' };
  const updated = await updateObject(
    ctx,
    r.scope,
    undefined,
    name,
    (cur) => {
      const current = cur as Csr;
      const wanted = (type ? applyPatchBody(r.env.patchers, r.scope, type === 'apply' ? 'merge' : type, current, body) : body) as Csr;
      if (!wanted || typeof wanted !== 'object' || Array.isArray(wanted)) throw newBadRequest('the body must be a CertificateSigningRequest');
      const old = current.status?.conditions ?? [];
      const conditions = (wanted.status?.conditions ?? []).map((c) => (old.some((o) => o.type === c.type && o.status === c.status) ? c : { ...c, lastUpdateTime: c.lastUpdateTime ?? now(), lastTransitionTime: c.lastTransitionTime ?? now() }));
      const causes = approvalCauses(conditions, old);
      if (causes.length > 0) throw newInvalid('CertificateSigningRequest', 'certificates.k8s.io', name, causes);
      const rv = wanted.metadata?.resourceVersion;
      return { ...current, metadata: { ...current.metadata, resourceVersion: rv || current.metadata.resourceVersion }, status: { ...current.status, conditions } };
    },
    opts,
    'status',
  );
  return r.reply.type('application/json').send(updated);
}
