import { describe, expect, it } from 'vitest';
import { isBadRequest, isConflict, StatusError } from '../errors.ts';
import type { KubeObject } from '../meta/v1/object-meta.ts';
import { serverSideApply, updateManagedFieldsForUpdate } from './server-side-apply.ts';

const now = new Date('2024-05-01T12:00:00.123Z');

function deploy(image: string, extra: Record<string, unknown> = {}, labels: Record<string, string> = { app: 'web' }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } }, ...extra },
  } as KubeObject;
}

const apply = (live: KubeObject | undefined, applied: KubeObject, manager = 'kubectl', force = false) => serverSideApply({ live, applied, manager, force, kind: 'Deployment', now });
const spec = (o: KubeObject): any => (o as any).spec;

describe('serverSideApply', () => {
  it('creates with an Apply managedFields entry in FieldsV1 format', () => {
    const { object, managedFields } = apply(undefined, deploy('nginx:1'));
    expect(spec(object).template.spec.containers[0].image).toBe('nginx:1');
    expect(managedFields).toHaveLength(1);
    expect(managedFields[0]).toMatchObject({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: '2024-05-01T12:00:00Z', fieldsType: 'FieldsV1' });
    const f = managedFields[0]!.fieldsV1 as any;
    expect(f['f:metadata']).toEqual({ 'f:labels': { 'f:app': {} } });
    expect(f['f:spec']['f:replicas']).toEqual({});
    expect(f['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}']).toEqual({ '.': {}, 'f:image': {}, 'f:name': {} });
    expect(object.metadata.managedFields).toEqual(managedFields);
  });

  it('re-applying the same configuration changes nothing', () => {
    const first = apply(undefined, deploy('nginx:1')).object;
    const again = apply(first, deploy('nginx:1')).object;
    expect(again).toEqual(first);
  });

  it('conflicts with another manager that owns a field with a different value', () => {
    const live = apply(undefined, deploy('nginx:1')).object;
    let caught: unknown;
    try {
      apply(live, deploy('nginx:2'), 'other');
    } catch (err) {
      caught = err;
    }
    expect(isConflict(caught)).toBe(true);
    const status = (caught as StatusError).status;
    expect(status.code).toBe(409);
    expect(status.message).toBe('Apply failed with 1 conflict: conflict with "kubectl": .spec.template.spec.containers[name="web"].image');
    expect(status.details?.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl"', field: '.spec.template.spec.containers[name="web"].image' }]);
  });

  it('shares fields applied with the same value, without conflict', () => {
    const live = apply(undefined, deploy('nginx:1')).object;
    const { managedFields } = apply(live, deploy('nginx:1'), 'other');
    expect(managedFields.map((m) => m.manager)).toEqual(['kubectl', 'other']);
  });

  it('force takes the conflicting field over', () => {
    const live = apply(undefined, deploy('nginx:1')).object;
    const { object, managedFields } = apply(live, deploy('nginx:2'), 'other', true);
    expect(spec(object).template.spec.containers[0].image).toBe('nginx:2');
    const kubectl = managedFields.find((m) => m.manager === 'kubectl')!.fieldsV1 as any;
    expect(kubectl['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}']['f:image']).toBeUndefined();
  });

  it('removes a field the manager stopped applying, unless another manager owns it', () => {
    const v1 = apply(undefined, deploy('nginx:1', {}, { app: 'web', team: 'a', tier: 'fe' })).object;
    const shared = apply(v1, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { tier: 'fe' } } } as KubeObject, 'labeler').object;
    const v2 = apply(shared, deploy('nginx:1', {}, { app: 'web' })).object;
    expect(v2.metadata.labels).toEqual({ app: 'web', tier: 'fe' });
  });

  it('removes a dropped keyed list item and keeps fields set by others', () => {
    const two = deploy('nginx:1');
    spec(two).template.spec.containers.push({ name: 'side', image: 'busybox' });
    const live = apply(undefined, two).object;
    // A controller writes status and an annotation through an ordinary update.
    const updated = structuredClone(live) as any;
    updated.metadata.annotations = { 'deployment.kubernetes.io/revision': '1' };
    updated.metadata.managedFields = updateManagedFieldsForUpdate(live, updated, 'controller', 'Update', { kind: 'Deployment', now });
    const out = apply(updated, deploy('nginx:1')).object;
    expect(spec(out).template.spec.containers.map((c: any) => c.name)).toEqual(['web']);
    expect(out.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
  });

  it('merges keyed lists with items owned by other managers', () => {
    const live = apply(undefined, deploy('nginx:1')).object;
    const other = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'log', image: 'fluent' }] } } } } as unknown as KubeObject;
    const out = apply(live, other, 'sidecar-injector').object;
    expect(spec(out).template.spec.containers.map((c: any) => c.name)).toEqual(['web', 'log']);
  });

  it('requires a field manager', () => {
    let caught: unknown;
    try {
      apply(undefined, deploy('x'), '');
    } catch (err) {
      caught = err;
    }
    expect(isBadRequest(caught)).toBe(true);
  });
});

describe('updateManagedFieldsForUpdate', () => {
  it('gives every field to the creator', () => {
    const created = deploy('nginx:1');
    const mf = updateManagedFieldsForUpdate(undefined, created, 'kubectl-create', 'Update', { kind: 'Deployment', now });
    expect(mf).toHaveLength(1);
    expect(mf[0]).toMatchObject({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1' });
    expect((mf[0]!.fieldsV1 as any)['f:spec']['f:replicas']).toEqual({});
  });

  it('moves changed fields to the writer and drops removed fields', () => {
    const live = apply(undefined, deploy('nginx:1', {}, { app: 'web', team: 'a' })).object;
    const edited = structuredClone(live) as any;
    edited.spec.replicas = 5;
    delete edited.metadata.labels.team;
    const mf = updateManagedFieldsForUpdate(live, edited, 'kubectl-edit', 'Update', { kind: 'Deployment', now });
    const byName = Object.fromEntries(mf.map((m) => [m.manager, m.fieldsV1 as any]));
    expect(byName['kubectl-edit']).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(byName['kubectl']['f:spec']['f:replicas']).toBeUndefined();
    expect(byName['kubectl']['f:metadata']['f:labels']).toEqual({ 'f:app': {} });
  });

  it('lets a server-side apply after a client-side apply share unchanged fields and conflict on changed ones', () => {
    const created = deploy('nginx:1');
    created.metadata.managedFields = updateManagedFieldsForUpdate(undefined, created, 'kubectl-client-side-apply', 'Update', { kind: 'Deployment', now });
    expect(() => apply(created, deploy('nginx:1'))).not.toThrow();
    let caught: unknown;
    try {
      apply(created, deploy('nginx:2'));
    } catch (err) {
      caught = err;
    }
    expect(isConflict(caught)).toBe(true);
    expect((caught as Error).message).toContain('conflict with "kubectl-client-side-apply" using apps/v1');
  });
});
