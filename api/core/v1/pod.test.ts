import { describe, expect, it } from 'vitest';
import { podDefinition, defaultPullPolicy, type Pod } from './pod.ts';

function pod(mutate: (p: Pod) => void = () => {}): Pod {
  const p: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.25', ports: [{ name: 'http', containerPort: 80 }] }] },
  };
  mutate(p);
  podDefinition.applyDefaults(p);
  return p;
}

function fields(p: Pod): string[] {
  return podDefinition.validate(p).map((c) => c.field ?? '');
}

describe('pod defaults', () => {
  it('fills Kubernetes defaults', () => {
    const p = pod((x) => {
      x.spec.containers[0].livenessProbe = { httpGet: { port: 80 } };
      x.spec.containers[0].resources = { limits: { cpu: '1' } };
    });
    expect(p.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      enableServiceLinks: true,
    });
    const c = p.spec.containers[0];
    expect(c).toMatchObject({
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
      livenessProbe: { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, httpGet: { path: '/', scheme: 'HTTP', port: 80 } },
      resources: { limits: { cpu: '1' }, requests: { cpu: '1' } },
    });
    expect(p.spec.tolerations?.map((t) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
  });

  it('gives host-network pods hostPort = containerPort', () => {
    const p = pod((x) => (x.spec.hostNetwork = true));
    expect(p.spec.containers[0].ports![0].hostPort).toBe(80);
    expect(podDefinition.validate(p)).toEqual([]);
  });

  it('treats Go zero values as unset, as Kubernetes does', () => {
    const p = pod((x) => {
      x.spec.restartPolicy = '';
      x.spec.containers[0].readinessProbe = { tcpSocket: { port: 80 }, periodSeconds: 0, failureThreshold: 0 };
    });
    expect(p.spec.restartPolicy).toBe('Always');
    expect(p.spec.containers[0].readinessProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 3 });
  });

  it('keeps values the user set', () => {
    const p = pod((x) => {
      x.spec.restartPolicy = 'Never';
      x.spec.containers[0].imagePullPolicy = 'Never';
    });
    expect(p.spec.restartPolicy).toBe('Never');
    expect(p.spec.containers[0].imagePullPolicy).toBe('Never');
  });

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['localhost:5000/nginx', 'Always'],
    ['localhost:5000/nginx:v1', 'IfNotPresent'],
    ['nginx@sha256:abc', 'IfNotPresent'],
  ])('pull policy of %s is %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });
});

describe('pod validation', () => {
  it('accepts a defaulted valid pod', () => {
    expect(podDefinition.validate(pod())).toEqual([]);
  });

  const cases: [string, (p: Pod) => void, string][] = [
    ['no containers', (p) => (p.spec.containers = []), 'spec.containers'],
    ['missing image', (p) => (p.spec.containers[0].image = ''), 'spec.containers[0].image'],
    ['bad container name', (p) => (p.spec.containers[0].name = 'App_1'), 'spec.containers[0].name'],
    ['duplicate container name', (p) => p.spec.containers.push({ name: 'app', image: 'x' }), 'spec.containers[1].name'],
    ['init and app share a name', (p) => (p.spec.initContainers = [{ name: 'app', image: 'x' }]), 'spec.containers[0].name'],
    ['port 0', (p) => (p.spec.containers[0].ports![0].containerPort = 0), 'spec.containers[0].ports[0].containerPort'],
    ['port 70000', (p) => (p.spec.containers[0].ports![0].containerPort = 70000), 'spec.containers[0].ports[0].containerPort'],
    ['duplicate port name', (p) => p.spec.containers[0].ports!.push({ name: 'http', containerPort: 81 }), 'spec.containers[0].ports[1].name'],
    ['bad protocol', (p) => (p.spec.containers[0].ports![0].protocol = 'HTTP'), 'spec.containers[0].ports[0].protocol'],
    ['bad restartPolicy', (p) => (p.spec.restartPolicy = 'Sometimes'), 'spec.restartPolicy'],
    ['bad dnsPolicy', (p) => (p.spec.dnsPolicy = 'Google'), 'spec.dnsPolicy'],
    ['bad pull policy', (p) => (p.spec.containers[0].imagePullPolicy = 'Maybe'), 'spec.containers[0].imagePullPolicy'],
    ['negative grace', (p) => (p.spec.terminationGracePeriodSeconds = -5), 'spec.terminationGracePeriodSeconds'],
    ['zero deadline', (p) => (p.spec.activeDeadlineSeconds = 0), 'spec.activeDeadlineSeconds'],
    ['env with =', (p) => (p.spec.containers[0].env = [{ name: 'A=B', value: 'x' }]), 'spec.containers[0].env[0].name'],
    ['env value and valueFrom', (p) => (p.spec.containers[0].env = [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]), 'spec.containers[0].env[0].valueFrom'],
    ['env bad fieldPath', (p) => (p.spec.containers[0].env = [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.secret' } } }]), 'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath'],
    ['env two sources', (p) => (p.spec.containers[0].env = [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' }, secretKeyRef: { name: 's', key: 'k' } } }]), 'spec.containers[0].env[0].valueFrom'],
    ['secret key traversal', (p) => (p.spec.containers[0].env = [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: '../etc' } } }]), 'spec.containers[0].env[0].valueFrom.secretKeyRef.key'],
    ['secret ref without name', (p) => (p.spec.containers[0].env = [{ name: 'A', valueFrom: { secretKeyRef: { key: 'k' } } }]), 'spec.containers[0].env[0].valueFrom.secretKeyRef.name'],
    ['envFrom bad configMap name', (p) => (p.spec.containers[0].envFrom = [{ configMapRef: { name: '../cm' } }]), 'spec.containers[0].envFrom[0].configMapRef.name'],
    ['configMap volume without name', (p) => (p.spec.volumes = [{ name: 'd', configMap: {} }]), 'spec.volumes[0].configMap.name'],
    ['secret volume traversal name', (p) => (p.spec.volumes = [{ name: 'd', secret: { secretName: 'a/b' } }]), 'spec.volumes[0].secret.secretName'],
    ['mount of unknown volume', (p) => (p.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }]), 'spec.containers[0].volumeMounts[0].name'],
    ['volume without type', (p) => (p.spec.volumes = [{ name: 'data' }]), 'spec.volumes[0]'],
    ['volume with two types', (p) => (p.spec.volumes = [{ name: 'd', emptyDir: {}, hostPath: { path: '/x' } }]), 'spec.volumes[0].hostPath'],
    ['duplicate volume', (p) => (p.spec.volumes = [{ name: 'd', emptyDir: {} }, { name: 'd', emptyDir: {} }]), 'spec.volumes[1].name'],
    ['volume item path traversal', (p) => (p.spec.volumes = [{ name: 'd', configMap: { name: 'c', items: [{ key: 'k', path: '../../etc/passwd' }] } }]), 'spec.volumes[0].configMap.items[0].path'],
    ['subPath traversal', (p) => {
      p.spec.volumes = [{ name: 'd', emptyDir: {} }];
      p.spec.containers[0].volumeMounts = [{ name: 'd', mountPath: '/d', subPath: '../x' }];
    }, 'spec.containers[0].volumeMounts[0].subPath'],
    ['duplicate mountPath', (p) => {
      p.spec.volumes = [{ name: 'd', emptyDir: {} }];
      p.spec.containers[0].volumeMounts = [{ name: 'd', mountPath: '/d' }, { name: 'd', mountPath: '/d' }];
    }, 'spec.containers[0].volumeMounts[1].mountPath'],
    ['request over limit', (p) => (p.spec.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '1' } }), 'spec.containers[0].resources.requests'],
    ['bad quantity', (p) => (p.spec.containers[0].resources = { limits: { memory: '1Gb' } }), 'spec.containers[0].resources.limits[memory]'],
    ['probe without handler', (p) => (p.spec.containers[0].readinessProbe = { periodSeconds: 5 }), 'spec.containers[0].readinessProbe'],
    ['probe with two handlers', (p) => (p.spec.containers[0].readinessProbe = { exec: { command: ['true'] }, tcpSocket: { port: 80 } }), 'spec.containers[0].readinessProbe.tcpSocket'],
    ['liveness successThreshold', (p) => (p.spec.containers[0].livenessProbe = { tcpSocket: { port: 80 }, successThreshold: 2 }), 'spec.containers[0].livenessProbe.successThreshold'],
    ['probe port name bad', (p) => (p.spec.containers[0].livenessProbe = { httpGet: { port: 'HTTP_PORT' } }), 'spec.containers[0].livenessProbe.httpGet.port'],
    ['init container probe', (p) => (p.spec.initContainers = [{ name: 'init', image: 'x', livenessProbe: { exec: { command: ['true'] } } }]), 'spec.initContainers[0].livenessProbe'],
    ['toleration Exists with value', (p) => (p.spec.tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }]), 'spec.tolerations[0].operator'],
    ['toleration bad effect', (p) => (p.spec.tolerations = [{ key: 'k', operator: 'Equal', value: 'v', effect: 'Evict' }]), 'spec.tolerations[0].effect'],
    ['toleration seconds without NoExecute', (p) => (p.spec.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }]), 'spec.tolerations[0].effect'],
    ['bad nodeSelector', (p) => (p.spec.nodeSelector = { 'a b': 'x' }), 'spec.nodeSelector'],
    ['bad nodeName', (p) => (p.spec.nodeName = 'node/../x'), 'spec.nodeName'],
    ['affinity weight', (p) => (p.spec.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }] } }), 'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight'],
    ['pod affinity topologyKey', (p) => (p.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: '' }] } }), 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey'],
    ['node selector operator', (p) => (p.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'Near' }] }] } } }), 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator'],
    ['spread maxSkew', (p) => (p.spec.topologySpreadConstraints = [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }]), 'spec.topologySpreadConstraints[0].maxSkew'],
    ['hostNetwork port mismatch', (p) => {
      p.spec.hostNetwork = true;
      p.spec.containers[0].ports![0].hostPort = 8080;
    }, 'spec.containers[0].ports[0].hostPort'],
    ['dnsPolicy None without config', (p) => (p.spec.dnsPolicy = 'None'), 'spec.dnsConfig'],
    ['name traversal', (p) => (p.metadata.name = '..'), 'metadata.name'],
    ['bad phase', (p) => (p.status = { phase: 'Sleeping' }), 'status.phase'],
    ['bad podIP', (p) => (p.status = { podIP: '10.0.0.999' }), 'status.podIP'],
    ['podIPs disagree', (p) => (p.status = { podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.2' }] }), 'status.podIPs[0].ip'],
  ];

  it.each(cases)('%s', (_name, mutate, field) => {
    const p = pod();
    mutate(p);
    expect(fields(p)).toContain(field);
  });

  it('reports causes the way Kubernetes words them', () => {
    const p = pod((x) => (x.spec.containers[0].image = ''));
    expect(podDefinition.validate(p)).toEqual([{ reason: 'FieldValueRequired', field: 'spec.containers[0].image', message: 'Required value' }]);
    const q = pod((x) => (x.spec.restartPolicy = 'Sometimes'));
    expect(podDefinition.validate(q)[0].message).toBe('Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"');
  });
});

describe('pod update validation', () => {
  const cases: [string, (p: Pod) => void, string[]][] = [
    ['image change allowed', (p) => (p.spec.containers[0].image = 'nginx:1.26'), []],
    ['label change allowed', (p) => (p.metadata.labels = { a: 'b' }), []],
    ['adding a toleration allowed', (p) => p.spec.tolerations!.push({ key: 'x', operator: 'Exists' }), []],
    ['setting activeDeadlineSeconds allowed', (p) => (p.spec.activeDeadlineSeconds = 30), []],
    ['port change forbidden', (p) => (p.spec.containers[0].ports![0].containerPort = 81), ['spec']],
    ['env change forbidden', (p) => (p.spec.containers[0].env = [{ name: 'A', value: '1' }]), ['spec']],
    ['nodeName change forbidden', (p) => (p.spec.nodeName = 'node-2'), ['spec']],
    ['removing a toleration forbidden', (p) => p.spec.tolerations!.pop(), ['spec']],
    ['adding a container forbidden', (p) => p.spec.containers.push({ name: 'b', image: 'x' }), ['spec']],
    ['rename forbidden', (p) => (p.metadata.name = 'other'), ['metadata.name']],
  ];

  it.each(cases)('%s', (_name, mutate, want) => {
    const old = pod((p) => (p.spec.nodeName = 'node-1'));
    const next = structuredClone(old);
    mutate(next);
    expect(podDefinition.validateUpdate!(next, old).map((c) => c.field)).toEqual(want);
  });

  it('lets activeDeadlineSeconds only shrink', () => {
    const old = pod((p) => (p.spec.activeDeadlineSeconds = 30));
    const next = structuredClone(old);
    next.spec.activeDeadlineSeconds = 60;
    expect(podDefinition.validateUpdate!(next, old).map((c) => c.field)).toEqual(['spec.activeDeadlineSeconds']);
    next.spec.activeDeadlineSeconds = 10;
    expect(podDefinition.validateUpdate!(next, old)).toEqual([]);
  });
});

describe('pod selectable fields', () => {
  it('exposes nodeName, phase and the rest as strings', () => {
    const p = pod((x) => {
      x.spec.nodeName = 'n1';
      x.status = { phase: 'Running', podIP: '10.244.0.5' };
    });
    expect(podDefinition.selectableFields!(p)).toMatchObject({
      'spec.nodeName': 'n1',
      'status.phase': 'Running',
      'status.podIP': '10.244.0.5',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
    });
  });
});
