import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../testing/apiserver.ts';
import { runSkiffctl } from './testing/run-skiffctl.ts';

let api: TestApiServer;
const sk = (args: string[], stdin?: string) => runSkiffctl(args, api.kubeconfigPath, stdin);

beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(async () => {
  await api?.stop();
});

const deployment = (image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: ${image}
        ports: [{containerPort: 8080}]
        env: [{name: MODE, value: fast}]${extra}
`;

describe('skiffctl against the real API server', () => {
  it('apply creates, reports unchanged, then configures only what changed', async () => {
    expect((await sk(['apply', '-f', '-'], deployment('skiff/echo:v1'))).out).toBe('deployment.apps/web created\n');
    expect((await sk(['apply', '-f', '-'], deployment('skiff/echo:v1'))).out).toBe('deployment.apps/web unchanged\n');
    // A controller-style change made outside the manifest survives the next apply.
    await sk(['annotate', 'deploy', 'web', 'team=blue']);
    expect((await sk(['apply', '-f', '-'], deployment('skiff/echo:v2'))).out).toBe('deployment.apps/web configured\n');
    const got = JSON.parse((await sk(['get', 'deploy', 'web', '-o', 'json'])).out);
    expect(got.spec.template.spec.containers[0]).toMatchObject({ image: 'skiff/echo:v2', ports: [{ containerPort: 8080 }], env: [{ name: 'MODE', value: 'fast' }] });
    expect(got.metadata.annotations.team).toBe('blue');
  });

  it('apply removes a field that was dropped from the manifest', async () => {
    await sk(['apply', '-f', '-'], deployment('skiff/echo:v2', '\n        args: ["--slow"]'));
    await sk(['apply', '-f', '-'], deployment('skiff/echo:v2'));
    const got = JSON.parse((await sk(['get', 'deploy', 'web', '-o', 'json'])).out);
    expect(got.spec.template.spec.containers[0].args).toBeUndefined();
  });

  it('get prints tables, names, jsonpath and custom columns', async () => {
    const table = await sk(['get', 'deploy']);
    expect(table.out.split('\n')[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    expect((await sk(['get', 'deploy', '-o', 'name'])).out).toBe('deployment.apps/web\n');
    expect((await sk(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'])).out).toBe('2');
    expect((await sk(['get', 'deploy', '-o', 'custom-columns=N:.metadata.name,R:.spec.replicas'])).out).toBe('N     R\nweb   2\n');
  });

  it('scales through the scale subresource and labels with overwrite rules', async () => {
    expect((await sk(['scale', 'deploy/web', '--replicas=4'])).out).toBe('deployment.apps/web scaled\n');
    expect((await sk(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'])).out).toBe('4');
    expect((await sk(['label', 'deploy', 'web', 'tier=front'])).code).toBe(0);
    const clash = await sk(['label', 'deploy', 'web', 'tier=back']);
    expect(clash).toMatchObject({ code: 1, err: "error: 'tier' already has a value (front), and --overwrite is false\n" });
    expect((await sk(['get', 'deploy', '-l', 'tier=front', '-o', 'name'])).out).toBe('deployment.apps/web\n');
  });

  it('creates with generators and reports server errors like kubectl', async () => {
    expect((await sk(['create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=b=2'])).out).toBe('configmap/cfg created\n');
    const again = await sk(['create', 'configmap', 'cfg', '--from-literal=a=1']);
    expect(again).toMatchObject({ code: 1, err: 'Error from server (AlreadyExists): configmaps "cfg" already exists\n' });
    expect((await sk(['create', 'secret', 'generic', 'pw', '--from-literal=password=s3cret'])).out).toBe('secret/pw created\n');
    const describe = (await sk(['describe', 'secret', 'pw'])).out;
    expect(describe).toContain('password:  6 bytes');
    expect(describe).not.toContain('s3cret');
    const missing = await sk(['get', 'pod', 'nope']);
    expect(missing).toMatchObject({ code: 1, err: 'Error from server (NotFound): pods "nope" not found\n' });
    expect((await sk(['get', 'frobs'])).err).toBe('error: the server doesn\'t have a resource type "frobs"\n');
  });

  it('patches, deletes (waiting until gone) and waits for conditions', async () => {
    expect((await sk(['patch', 'cm', 'cfg', '-p', '{"data":{"a":"9"}}'])).out).toBe('configmap/cfg patched\n');
    expect((await sk(['get', 'cm', 'cfg', '-o', 'jsonpath={.data.a}'])).out).toBe('9');
    expect((await sk(['wait', '--for=jsonpath={.data.a}=9', 'cm/cfg', '--timeout=10s'])).out).toBe('configmap/cfg condition met\n');
    expect((await sk(['delete', 'cm', 'cfg'])).out).toBe('configmap "cfg" deleted\n');
    expect((await sk(['get', 'cm', 'cfg'])).code).toBe(1);
    expect((await sk(['delete', 'cm', 'cfg', '--ignore-not-found'])).code).toBe(0);
    await sk(['create', 'configmap', 'quick']);
    expect((await sk(['delete', 'cm', 'quick', '--wait=false'])).out).toBe('configmap "quick" deleted\n');
    expect((await sk(['delete', 'cm', 'x', '--wait=maybe'])).err).toMatch(/invalid argument "maybe" for "--wait" flag/);
  });

  it('rollout history lists nothing without a controller, undo says so', async () => {
    const undo = await sk(['rollout', 'undo', 'deploy/web']);
    expect(undo).toMatchObject({ code: 1, err: 'error: no rollout history found for deployment "web"\n' });
  });

  it('cordons and taints nodes', async () => {
    await sk(['apply', '-f', '-'], 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n');
    expect((await sk(['cordon', 'n1'])).out).toBe('node/n1 cordoned\n');
    expect((await sk(['taint', 'nodes', 'n1', 'dedicated=gpu:NoSchedule'])).out).toBe('node/n1 tainted\n');
    expect((await sk(['get', 'node', 'n1', '-o', 'jsonpath={.spec.taints[0].key}={.spec.unschedulable}'])).out).toBe('dedicated=true');
    expect((await sk(['uncordon', 'n1'])).out).toBe('node/n1 uncordoned\n');
    expect((await sk(['taint', 'nodes', 'n1', 'dedicated:NoSchedule-'])).out).toBe('node/n1 untainted\n');
  });

  it('lists api-resources from discovery and prints versions', async () => {
    const res = (await sk(['api-resources'])).out;
    expect(res).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect((await sk(['version'])).out).toMatch(/^Client Version: v1\.32\.0-skiff.*\nServer Version: v1\./);
  });
});

describe('skiffctl run and expose', () => {
  it('runs a pod labelled run=NAME and exposes a deployment through a Service selecting its pods', async () => {
    expect((await sk(['run', 'once', '--image=skiff/busybox:latest', '--restart=Never', '--image-pull-policy=Never', '--command', '--', 'echo', 'hi'])).out).toBe('pod/once created\n');
    const pod = JSON.parse((await sk(['get', 'pod', 'once', '-o', 'json'])).out);
    expect(pod.metadata.labels).toEqual({ run: 'once' });
    expect(pod.spec).toMatchObject({ restartPolicy: 'Never', containers: [{ name: 'once', image: 'skiff/busybox:latest', imagePullPolicy: 'Never', command: ['echo', 'hi'] }] });
    expect((await sk(['run', 'bad', '--image=x', '--image-pull-policy=Sometimes'])).err).toMatch(/invalid image pull policy: Sometimes/);
    expect((await sk(['expose', 'deployment', 'web', '--port=80', '--target-port=8080', '--type=NodePort'])).out).toBe('service/web exposed\n');
    const svc = JSON.parse((await sk(['get', 'svc', 'web', '-o', 'json'])).out);
    expect(svc.spec).toMatchObject({ type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] });
    expect(svc.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
  });
});
