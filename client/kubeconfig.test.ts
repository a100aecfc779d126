import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deleteContext, getContexts, loadKubeconfig, setCluster, setContext, setCredentials, useContext, writeKubeconfig } from './kubeconfig.ts';

let dir: string;
const savedEnv = process.env.KUBECONFIG;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-kubeconfig-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  if (savedEnv === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = savedEnv;
});

const fileA = `apiVersion: v1
kind: Config
current-context: a
clusters:
- name: ca
  cluster: {server: "https://a:6443", certificate-authority: ca.pem}
users:
- name: ua
  user: {token: tok-a}
contexts:
- name: a
  context: {cluster: ca, user: ua, namespace: team-a}
`;
const fileB = `apiVersion: v1
kind: Config
current-context: b
clusters:
- name: cb
  cluster: {server: "http://b:8080", insecure-skip-tls-verify: true}
- name: ca
  cluster: {server: "https://shadowed"}
users:
- name: ub
  user: {client-certificate-data: ${Buffer.from('CERT').toString('base64')}, client-key-data: ${Buffer.from('KEY').toString('base64')}}
contexts:
- name: b
  context: {cluster: cb, user: ub}
`;

describe('kubeconfig', () => {
  it('merges $KUBECONFIG files like kubectl (first wins) and resolves relative file paths', () => {
    writeFileSync(join(dir, 'a'), fileA);
    writeFileSync(join(dir, 'b'), fileB);
    writeFileSync(join(dir, 'ca.pem'), 'CA-PEM');
    process.env.KUBECONFIG = `${join(dir, 'a')}:${join(dir, 'b')}`;
    expect(loadKubeconfig()).toEqual({
      server: 'https://a:6443', ca: 'CA-PEM', cert: undefined, key: undefined, token: 'tok-a',
      insecureSkipTLSVerify: false, namespace: 'team-a', contextName: 'a',
    });
    expect(loadKubeconfig({ context: 'b' })).toMatchObject({ server: 'http://b:8080', cert: 'CERT', key: 'KEY', insecureSkipTLSVerify: true, namespace: 'default' });
  });

  it('prefers an explicit path over $KUBECONFIG and fails on unknown contexts', () => {
    writeFileSync(join(dir, 'b'), fileB);
    process.env.KUBECONFIG = join(dir, 'missing');
    expect(loadKubeconfig({ path: join(dir, 'b') }).contextName).toBe('b');
    expect(() => loadKubeconfig({ path: join(dir, 'b'), context: 'zz' })).toThrow(/context "zz" not found/);
  });

  it('writes a kubeconfig kubectl can read and edits contexts', () => {
    const path = join(dir, 'sub', 'config');
    writeKubeconfig(path, { server: 'https://127.0.0.1:6443', ca: 'CA', token: 'secret', contextName: 'skiff' });
    const raw = parse(readFileSync(path, 'utf8'));
    expect(raw.clusters[0].cluster['certificate-authority-data']).toBe(Buffer.from('CA').toString('base64'));
    expect(loadKubeconfig({ path })).toMatchObject({ server: 'https://127.0.0.1:6443', ca: 'CA', token: 'secret', contextName: 'skiff' });
    setContext('other', { cluster: 'skiff', user: 'skiff', namespace: 'kube-system' }, path);
    useContext('other', path);
    expect(loadKubeconfig({ path })).toMatchObject({ contextName: 'other', namespace: 'kube-system' });
    expect(getContexts(path).map((c) => [c.name, c.current])).toEqual([['skiff', false], ['other', true]]);
    expect(() => useContext('nope', path)).toThrow(/no context exists/);
  });

  it('builds a kubeconfig from set-cluster, set-credentials and set-context, and deletes contexts', () => {
    const path = join(dir, 'config');
    setCluster('c1', { server: 'https://10.0.0.1:6443', ca: 'CA1' }, path);
    setCredentials('u1', { cert: 'CERT1', key: 'KEY1' }, path);
    setContext('ctx', { cluster: 'c1', user: 'u1' }, path);
    useContext('ctx', path);
    expect(loadKubeconfig({ path })).toMatchObject({ server: 'https://10.0.0.1:6443', ca: 'CA1', cert: 'CERT1', key: 'KEY1', namespace: 'default' });
    setCluster('c1', { server: 'https://10.0.0.2:6443' }, path);
    expect(loadKubeconfig({ path })).toMatchObject({ server: 'https://10.0.0.2:6443', ca: 'CA1' });
    deleteContext('ctx', path);
    expect(getContexts(path)).toEqual([]);
    expect(() => loadKubeconfig({ path })).toThrow(/no context given/);
  });
});
