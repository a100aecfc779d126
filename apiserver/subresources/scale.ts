import { newBadRequest, newInvalid, newMethodNotSupported } from '../../api/errors.ts';
import { labelSelectorToString } from '../../api/labels/index.ts';
import type { KubeObject, LabelSelector } from '../../api/meta/v1/object-meta.ts';
import { decodeBody } from '../handlers/body.ts';
import type { SubresourceRequest } from '../handlers/env.ts';
import { writeOptions } from '../handlers/query.ts';
import { applyPatchBody, patchTypeOf } from '../registry/patch.ts';
import { getObject } from '../registry/read.ts';
import { updateObject } from '../registry/update.ts';

type Scalable = KubeObject & { spec?: { replicas?: number; selector?: LabelSelector }; status?: { replicas?: number } };

/** Scale is autoscaling/v1 Scale. */
interface Scale {
  apiVersion: string;
  kind: string;
  metadata: KubeObject['metadata'];
  spec: { replicas?: number };
  status: { replicas: number; selector?: string };
}

/** toScale builds the autoscaling/v1 Scale view of a workload. */
export function toScale(obj: Scalable): Scale {
  const m = obj.metadata;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: obj.spec?.selector ? labelSelectorToString(obj.spec.selector) : undefined },
  };
}

function checkScale(name: string, scale: unknown): Scale {
  if (!scale || typeof scale !== 'object' || Array.isArray(scale)) throw newBadRequest('the body must be a Scale object');
  const s = scale as Scale;
  const replicas = s.spec?.replicas;
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0)) {
    throw newInvalid('Scale', 'autoscaling', name, [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` }]);
  }
  return s;
}

/**
 * scaleHandler serves <workload>/scale: GET returns the Scale, PUT and PATCH change
 * spec.replicas of the workload (optimistic concurrency via the Scale's resourceVersion).
 */
export async function scaleHandler(r: SubresourceRequest) {
  const { ctx } = r.env;
  const ns = r.path.namespace;
  const name = r.path.name;
  if (r.req.method === 'GET') return r.reply.type('application/json').send(toScale(await getObject(ctx, r.scope, ns, name)));
  if (r.req.method !== 'PUT' && r.req.method !== 'PATCH') throw newMethodNotSupported({ group: 'autoscaling', resource: 'scale' }, r.req.method);
  const opts = { ...writeOptions(r.query, r.req.headers['user-agent']), subresource: 'scale' };
  const body = decodeBody(r.req.body as Buffer, r.req.headers['content-type']);
  const type = r.req.method === 'PATCH' ? patchTypeOf(r.req.headers['content-type']) : undefined;
  const updated = await updateObject(
    ctx,
    r.scope,
    ns,
    name,
    (cur) => {
      const current = cur as Scalable;
      const wanted = checkScale(name, type ? applyPatchBody(r.env.patchers, r.scope, type === 'apply' ? 'merge' : type, toScale(current) as unknown as KubeObject, body) : body);
      const rv = wanted.metadata?.resourceVersion;
      return { ...current, metadata: { ...current.metadata, resourceVersion: rv || current.metadata.resourceVersion }, spec: { ...current.spec, replicas: wanted.spec?.replicas ?? current.spec?.replicas } };
    },
    opts,
  );
  return r.reply.type('application/json').send(toScale(updated));
}
