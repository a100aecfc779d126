/** Pod builders for the kubelet's integration tests. */
import type { Container } from '../../api/core/v1/container.ts';
import type { Pod } from '../api-types.ts';

/** testPod builds a Pod bound to `nodeName` with explicit defaults (the fake client applies none). */
export function testPod(name: string, nodeName: string, containers: Partial<Container>[], spec: Partial<NonNullable<Pod['spec']>> = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      nodeName, restartPolicy: 'Always', terminationGracePeriodSeconds: 2, dnsPolicy: 'ClusterFirst',
      containers: containers.map((c, i) => ({ name: `c${i}`, image: 'skiff/busybox:latest', imagePullPolicy: 'IfNotPresent', ...c })),
      ...spec,
    },
  } as Pod;
}

/** sleeper is a busybox container that runs `script` and then sleeps. */
export function sleeper(name: string, script = 'true'): Partial<Container> {
  return { name, image: 'skiff/busybox:latest', command: ['sh', '-c', `${script}; exec sleep 3600`] };
}

/** echo is an echo-server container on `port` with extra env. */
export function echo(name: string, port: number, env: Record<string, string> = {}): Partial<Container> {
  return {
    name, image: 'skiff/echo:latest', ports: [{ containerPort: port, name: 'http', protocol: 'TCP' }],
    env: [{ name: 'PORT', value: String(port) }, ...Object.entries(env).map(([k, v]) => ({ name: k, value: v }))],
  };
}
