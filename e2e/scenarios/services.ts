/**
 * servicesScenario: 6 replicas behind a ClusterIP Service and a NodePort Service; every pod
 * answers through the ClusterIP from a pod on each node, through the Service's DNS name, and
 * through the NodePort of each node.
 */
import { beforeAll, expect, it } from 'vitest';
import type { E2ECluster } from '../fixtures/cluster.ts';
import { Resources } from '../../api/resources.ts';
import type { Service } from '../../api/core/v1/service.ts';
import { apply, collectNames, listPods, collectNamesFromPod, createNamespace, probePodManifest, waitReadyPods } from '../fixtures/kube.ts';
import { waitFor } from '../fixtures/wait.ts';

/** echoDeployment is a Deployment of skiff/echo answering its pod name on 8080. */
export function echoDeployment(name: string, replicas: number, image = 'skiff/echo:latest', extraEnv = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      terminationGracePeriodSeconds: 30
      containers:
      - name: echo
        image: ${image}
        imagePullPolicy: IfNotPresent
        ports: [{containerPort: 8080}]
        env:
        - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}${extraEnv}
        readinessProbe:
          httpGet: {path: /readyz, port: 8080}
          periodSeconds: 1
---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: ${name}-np}
spec:
  type: NodePort
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;
}

/** nodePortOf reads the NodePort allocated to a Service. */
export async function nodePortOf(c: E2ECluster, ns: string, name: string): Promise<number> {
  const svc = await c.client.resource<Service>(Resources.services).get(ns, name);
  const port = svc.spec?.ports?.[0]?.nodePort;
  if (!port) throw new Error(`service ${ns}/${name} has no nodePort`);
  return port;
}

/** servicesScenario registers the tests; `cluster()` returns the started cluster. */
export function servicesScenario(cluster: () => E2ECluster): void {
  const ns = 'e2e-services';
  let names: string[] = [];
  let clusterIP = '';

  beforeAll(async () => {
    const c = cluster();
    await createNamespace(c, ns);
    await apply(c, ns, echoDeployment('echo', 6));
    for (const n of c.nodes) await apply(c, ns, probePodManifest(`probe-${n.nodeName}`, n.nodeName));
    names = (await waitReadyPods(c, ns, 'app=echo', 6)).map((p) => p.metadata.name!).sort();
    await waitReadyPods(c, ns, 'role=probe', c.nodes.length);
    clusterIP = (await c.client.resource<Service>(Resources.services).get(ns, 'echo')).spec!.clusterIP!;
  });

  it('spreads the 6 replicas over every node', async () => {
    const c = cluster();
    const pods = await listPods(c, ns, 'app=echo');
    expect(new Set(pods.map((p) => p.spec?.nodeName)).size).toBe(c.nodes.length);
  });

  it('answers from every pod through the ClusterIP, from a pod on each node', async () => {
    const c = cluster();
    for (const n of c.nodes) {
      const seen = await waitFor(`all pods through ${clusterIP} from ${n.nodeName}`, async () => {
        const got = await collectNamesFromPod(c, ns, `probe-${n.nodeName}`, `http://${clusterIP}/`, 60);
        return { ok: got.size === 6, value: [...got].sort(), seen: [...got] };
      }, { timeoutMs: 60_000 });
      expect(seen).toEqual(names);
    }
  });

  it('resolves the Service by its DNS names', async () => {
    const c = cluster();
    const probe = `probe-${c.nodes[0].nodeName}`;
    for (const host of ['echo', `echo.${ns}`, `echo.${ns}.svc.cluster.local`]) {
      const got = await waitFor(`answers through http://${host}/`, async () => {
        const s = await collectNamesFromPod(c, ns, probe, `http://${host}/`, 30);
        return { ok: s.size > 0, value: s, seen: `no answer via ${host}` };
      }, { timeoutMs: 60_000 });
      for (const name of got) expect(names).toContain(name);
    }
  });

  it('answers from every pod through the NodePort of each node', async () => {
    const c = cluster();
    const port = await nodePortOf(c, ns, 'echo-np');
    for (const n of c.nodes) {
      const seen = await waitFor(`all pods through ${n.ip}:${port}`, async () => {
        const got = await collectNames(`http://${n.ip}:${port}/`, 60);
        return { ok: got.size === 6, value: [...got].sort(), seen: [...got] };
      }, { timeoutMs: 60_000 });
      expect(seen).toEqual(names);
    }
  });
}
