import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../testing/apiserver.ts';
import { realKubectlPath, runKubectl } from '../testing/real-kubectl.ts';
import { runSkiffctl, type CliResult } from './testing/run-skiffctl.ts';

const kubectl = realKubectlPath('1.32');
if (!kubectl) console.warn('SKIPPING side-by-side test: real kubectl 1.32 not found on this machine (see environment.md)');

let api: TestApiServer;

beforeAll(async () => {
  if (kubectl) api = await startTestApiServer();
});
afterAll(async () => {
  await api?.stop();
});

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: shop, labels: {app: shop}}
spec:
  replicas: 3
  selector: {matchLabels: {app: shop}}
  template:
    metadata: {labels: {app: shop}}
    spec:
      containers: [{name: shop, image: skiff/echo:v1, ports: [{containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: shop}
spec:
  selector: {app: shop}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: shop-config}
data: {greeting: hello}
`;

/** The same script, run by each CLI in its own namespace. */
const script: Array<{ args: string[]; stdin?: string }> = [
  { args: ['apply', '-f', '-'], stdin: manifest },
  { args: ['apply', '-f', '-'], stdin: manifest },
  { args: ['apply', '-f', '-'], stdin: manifest.replace('echo:v1', 'echo:v2') },
  { args: ['scale', 'deployment', 'shop', '--replicas=5'] },
  { args: ['label', 'service', 'shop', 'tier=front'] },
  { args: ['annotate', 'configmap', 'shop-config', 'owner=team-a'] },
  { args: ['set', 'image', 'deployment/shop', 'shop=skiff/echo:v3'] },
  { args: ['get', 'deployments,services,configmaps'] },
  { args: ['get', 'deployments', '-o', 'wide'] },
  { args: ['get', 'services', '--show-labels'] },
  { args: ['get', 'deployment', 'shop', '-o', 'name'] },
  { args: ['get', 'configmap', 'shop-config', '-o', 'jsonpath={.data.greeting}'] },
  { args: ['get', 'pods', 'missing'] },
  { args: ['delete', 'configmap', 'shop-config'] },
];

async function runScript(run: (args: string[], stdin?: string) => Promise<CliResult>, ns: string): Promise<CliResult[]> {
  // Namespaces come from a manifest: kubectl's `create namespace` sends protobuf, which Skiff does not decode (docs/kubectl-compatibility.md).
  await run(['apply', '-f', '-'], `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}\n`);
  const results: CliResult[] = [];
  for (const step of script) results.push(await run(['-n', ns, ...step.args], step.stdin));
  return results;
}

/**
 * normalize masks what legitimately differs between the two runs: AGE cells, the namespace and
 * cluster IPs (whose different lengths shift column padding, so runs of spaces are collapsed).
 */
function normalize(text: string, ns: string): string {
  return text
    .replaceAll(ns, '<ns>')
    .replace(/\b\d+(s|m|h|d)(\d+(s|m))?\b/g, '<age>')
    .replace(/10\.\d+\.\d+\.\d+/g, '<ip>')
    .replace(/ {2,}/g, '  ');
}

/** comparable strips server-assigned fields so two objects made by the two CLIs compare equal. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form JSON from either CLI
function comparable(obj: Record<string, any>): unknown {
  const clone = structuredClone(obj);
  for (const field of ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'namespace', 'generation']) delete clone.metadata[field];
  if (clone.spec?.clusterIP) delete clone.spec.clusterIP;
  if (clone.spec?.clusterIPs) delete clone.spec.clusterIPs;
  const lastApplied = clone.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
  if (lastApplied) clone.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = JSON.parse(lastApplied);
  return withoutNamespaces(clone);
}

function withoutNamespaces(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNamespaces);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'namespace').map(([k, v]) => [k, withoutNamespaces(v)]));
}

describe.skipIf(!kubectl)('skiffctl and real kubectl 1.32 side by side', () => {
  it('print the same tables and messages and leave the same objects', async () => {
    const ours = await runScript((args, stdin) => runSkiffctl(args, api.kubeconfigPath, stdin), 'by-skiffctl');
    const theirs = await runScript((args, stdin) => runKubectl(kubectl!, args, api.kubeconfigPath, stdin), 'by-kubectl');
    script.forEach((step, i) => {
      const label = step.args.join(' ');
      expect({ step: label, out: normalize(ours[i].out, 'by-skiffctl'), code: ours[i].code })
        .toEqual({ step: label, out: normalize(theirs[i].out, 'by-kubectl'), code: theirs[i].code });
      if (theirs[i].code !== 0) expect(normalize(ours[i].err, 'by-skiffctl')).toBe(normalize(theirs[i].err, 'by-kubectl'));
    });
    for (const kind of ['deployment/shop', 'service/shop']) {
      const [a, b] = await Promise.all([
        runSkiffctl(['-n', 'by-skiffctl', 'get', kind, '-o', 'json'], api.kubeconfigPath),
        runSkiffctl(['-n', 'by-kubectl', 'get', kind, '-o', 'json'], api.kubeconfigPath),
      ]);
      expect(comparable(JSON.parse(a.out))).toEqual(comparable(JSON.parse(b.out)));
    }
  });
});
