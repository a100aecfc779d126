import { describe, expect, it } from 'vitest';
import { StatusError } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { createMemoryStorage } from '../storage/memory-storage.ts';
import { admitServiceAccount, mountServiceAccountToken, randomSuffix, TOKEN_MOUNT_PATH, tokenVolumeSource } from './service-account.ts';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const pod = (spec: Any, annotations?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', annotations }, spec }) as KubeObject & { spec: Any };
const c = (name: string, mounts?: Any[]) => ({ name, image: 'i', ...(mounts ? { volumeMounts: mounts } : {}) });
const tokenMount = (name: string) => ({ name, readOnly: true, mountPath: TOKEN_MOUNT_PATH });

async function storageWith(...accounts: Any[]) {
  const s = createMemoryStorage();
  for (const sa of accounts) await s.create(`/registry/serviceaccounts/ns/${sa.metadata.name}`, { apiVersion: 'v1', kind: 'ServiceAccount', ...sa } as KubeObject);
  return s;
}

describe('mountServiceAccountToken', () => {
  const suffix = () => 'x2b4z';
  it.each<[string, Any, Any]>([
    ['mounts every init and app container and adds the volume', { initContainers: [c('i')], containers: [c('a'), c('b')] },
      { initContainers: [c('i', [tokenMount('kube-api-access-x2b4z')])], containers: [c('a', [tokenMount('kube-api-access-x2b4z')]), c('b', [tokenMount('kube-api-access-x2b4z')])], volumes: [{ name: 'kube-api-access-x2b4z', projected: tokenVolumeSource() }] }],
    ['keeps a container\'s own mount at the path', { containers: [c('a', [{ name: 'mine', mountPath: TOKEN_MOUNT_PATH }]), c('b')], volumes: [{ name: 'mine', emptyDir: {} }] },
      { containers: [c('a', [{ name: 'mine', mountPath: TOKEN_MOUNT_PATH }]), c('b', [tokenMount('kube-api-access-x2b4z')])], volumes: [{ name: 'mine', emptyDir: {} }, { name: 'kube-api-access-x2b4z', projected: tokenVolumeSource() }] }],
    ['adds no volume when every container mounts its own', { containers: [c('a', [{ name: 'mine', mountPath: TOKEN_MOUNT_PATH }])], volumes: [{ name: 'mine', emptyDir: {} }] },
      { containers: [c('a', [{ name: 'mine', mountPath: TOKEN_MOUNT_PATH }])], volumes: [{ name: 'mine', emptyDir: {} }] }],
    ['reuses an existing kube-api-access volume', { containers: [c('a')], volumes: [{ name: 'kube-api-access-old12', projected: tokenVolumeSource() }] },
      { containers: [c('a', [tokenMount('kube-api-access-old12')])], volumes: [{ name: 'kube-api-access-old12', projected: tokenVolumeSource() }] }],
  ])('%s', (_n, spec, want) => {
    mountServiceAccountToken(spec, suffix);
    expect(spec).toEqual(want);
  });

  it('asks for a 3607 s token, the root CA item and the namespace', () => {
    expect(tokenVolumeSource()).toEqual({
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    });
  });

  it('names volumes like generateName (5 characters, no vowels)', () => {
    for (let i = 0; i < 50; i++) expect(randomSuffix()).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});

describe('admitServiceAccount', () => {
  const volumeNames = (p: Any) => (p.spec.volumes ?? []).map((v: Any) => v.name.replace(/-[a-z0-9]{5}$/, '-*'));
  it.each<[string, Any[], Any, boolean, string | undefined, string[]]>([
    ['defaults to default and mounts the token', [{ metadata: { name: 'default' } }], { containers: [c('a')] }, true, 'default', ['kube-api-access-*']],
    ['keeps a named account', [{ metadata: { name: 'robot' } }], { serviceAccountName: 'robot', containers: [c('a')] }, true, 'robot', ['kube-api-access-*']],
    ['takes the deprecated serviceAccount field', [{ metadata: { name: 'robot' } }], { serviceAccount: 'robot', containers: [c('a')] }, true, 'robot', ['kube-api-access-*']],
    ['no token when the pod opts out', [{ metadata: { name: 'default' } }], { automountServiceAccountToken: false, containers: [c('a')] }, true, 'default', []],
    ['no token when the account opts out', [{ metadata: { name: 'default' }, automountServiceAccountToken: false }], { containers: [c('a')] }, true, 'default', []],
    ['the pod overrides its account', [{ metadata: { name: 'default' }, automountServiceAccountToken: false }], { automountServiceAccountToken: true, containers: [c('a')] }, true, 'default', ['kube-api-access-*']],
    ['no token when the server cannot issue tokens', [{ metadata: { name: 'default' } }], { containers: [c('a')] }, false, 'default', []],
  ])('%s', async (_n, accounts, spec, mountToken, wantSa, wantVolumes) => {
    const p = pod(spec);
    await admitServiceAccount(await storageWith(...accounts), 'ns', p, mountToken);
    expect([p.spec.serviceAccountName, p.spec.serviceAccount]).toEqual([wantSa, wantSa]);
    expect(volumeNames(p)).toEqual(wantVolumes);
  });

  it('refuses a pod whose service account does not exist (403, Kubernetes\' message)', async () => {
    const err = await admitServiceAccount(await storageWith(), 'ns', pod({ serviceAccountName: 'ghost', containers: [c('a')] }), true).catch((e: unknown) => e);
    expect(err instanceof StatusError && err.status).toMatchObject({ code: 403, reason: 'Forbidden', message: 'pods "p" is forbidden: error looking up service account ns/ghost: serviceaccount "ghost" not found' });
  });

  it('leaves mirror pods alone', async () => {
    const p = pod({ containers: [c('a')] }, { 'kubernetes.io/config.mirror': 'hash' });
    await admitServiceAccount(await storageWith(), 'ns', p, true);
    expect(p.spec).toEqual({ containers: [c('a')] });
  });
});
