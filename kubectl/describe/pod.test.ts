import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/core/v1/pod.ts';
import { describePod, qosClass } from './pod.ts';

const now = Date.parse('2026-11-22T12:00:00Z');
const pod = {
  metadata: {
    name: 'hello-minikube-180744149-sjp84', namespace: 'default', uid: 'u1',
    labels: { 'pod-template-hash': '180744149', run: 'hello-minikube' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'hello-minikube-180744149', uid: 'rs', controller: true }],
  },
  spec: {
    nodeName: 'minikube',
    containers: [{ name: 'hello-minikube', image: 'skiff/echo:1.4', ports: [{ containerPort: 8080, protocol: 'TCP' }] }],
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
  },
  status: {
    phase: 'Running', hostIP: '192.168.99.100', podIP: '172.17.0.2', podIPs: [{ ip: '172.17.0.2' }], startTime: '2026-11-22T11:50:00Z',
    conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
    containerStatuses: [{
      name: 'hello-minikube', ready: true, restartCount: 1, image: 'skiff/echo:1.4', imageID: 'docker-pullable://skiff/echo@sha256:5d', containerID: 'docker://7d69',
      state: { running: { startedAt: '2026-11-22T11:55:00Z' } },
      lastState: { terminated: { exitCode: 0, reason: 'Completed', startedAt: '2026-11-22T11:50:01Z', finishedAt: '2026-11-22T11:54:59Z' } },
    }],
  },
} as unknown as Pod;

describe('describePod (golden, kubectl layout)', () => {
  it('prints the kubectl describe pod layout', () => {
    const events = [{ metadata: { name: 'e1' }, type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/hello-minikube-180744149-sjp84 to minikube', source: { component: 'default-scheduler' }, lastTimestamp: '2026-11-22T11:50:00Z', firstTimestamp: '2026-11-22T11:50:00Z', count: 1 },
      { metadata: { name: 'e2' }, type: 'Normal', reason: 'Pulled', message: 'Container image "skiff/echo:1.4" already present on machine', source: { component: 'kubelet', host: 'minikube' }, lastTimestamp: '2026-11-22T11:55:00Z', firstTimestamp: '2026-11-22T11:50:01Z', count: 2 }];
    expect(describePod(pod, events, now)).toBe(`Name:             hello-minikube-180744149-sjp84
Namespace:        default
Priority:         0
Service Account:  default
Node:             minikube/192.168.99.100
Start Time:       Sun, 22 Nov 2026 11:50:00 +0000
Labels:           pod-template-hash=180744149
                  run=hello-minikube
Annotations:      <none>
Status:           Running
IP:               172.17.0.2
IPs:
  IP:           172.17.0.2
Controlled By:  ReplicaSet/hello-minikube-180744149
Containers:
  hello-minikube:
    Container ID:   docker://7d69
    Image:          skiff/echo:1.4
    Image ID:       docker-pullable://skiff/echo@sha256:5d
    Port:           8080/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Sun, 22 Nov 2026 11:55:00 +0000
    Last State:     Terminated
      Reason:       Completed
      Exit Code:    0
      Started:      Sun, 22 Nov 2026 11:50:01 +0000
      Finished:     Sun, 22 Nov 2026 11:54:59 +0000
    Ready:          True
    Restart Count:  1
    Environment:    <none>
    Mounts:         <none>
Conditions:
  Type           Status
  Ready          True 
  PodScheduled   True 
Volumes:         <none>
QoS Class:       BestEffort
Node-Selectors:  <none>
Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age                 From               Message
  ----    ------     ----                ----               -------
  Normal  Scheduled  10m                 default-scheduler  Successfully assigned default/hello-minikube-180744149-sjp84 to minikube
  Normal  Pulled     5m (x2 over 9m59s)  kubelet, minikube  Container image "skiff/echo:1.4" already present on machine
`);
  });

  it.each([
    [[{ name: 'a' }], 'BestEffort'],
    [[{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } }], 'Guaranteed'],
    [[{ name: 'a', resources: { requests: { cpu: '100m' } } }], 'Burstable'],
  ])('QoS class %#', (containers, want) => {
    expect(qosClass({ metadata: {}, spec: { containers } } as unknown as Pod)).toBe(want);
  });
});
