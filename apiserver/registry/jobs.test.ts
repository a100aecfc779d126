import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory-storage.ts';
import { build } from '../app.ts';
import { loadKindPlugins } from '../kinds.ts';

async function app() {
  const server = build({ ...(await loadKindPlugins()), storage: createMemoryStorage() });
  await server.app.inject({ method: 'POST', url: '/api/v1/namespaces', payload: { metadata: { name: 'default' } } });
  return server.app;
}

describe('job and volume strategies', () => {
  it('gives a new Job the selector generated from its uid and labels its template', async () => {
    const a = await app();
    const res = await a.inject({
      method: 'POST',
      url: '/apis/batch/v1/namespaces/default/jobs',
      payload: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } },
    });
    expect(res.statusCode).toBe(201);
    const job = res.json();
    expect(job.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': job.metadata.uid } });
    expect(job.spec.template.metadata.labels).toMatchObject({ 'job-name': 'pi', 'controller-uid': job.metadata.uid });
  });

  it('starts a PersistentVolumeClaim in phase Pending', async () => {
    const a = await app();
    const res = await a.inject({
      method: 'POST',
      url: '/api/v1/namespaces/default/persistentvolumeclaims',
      payload: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().status).toEqual({ phase: 'Pending' });
  });
});
