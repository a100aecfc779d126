import { describe, expect, it } from 'vitest';
import { checkPodSecurity, type PodSecurityLevel } from './pod-security.ts';

const c = (securityContext?: object, extra: object = {}) => ({ name: 'c', image: 'i', securityContext, ...extra });
const restrictedOk = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

describe('checkPodSecurity', () => {
  it.each<[string, PodSecurityLevel, object, string[]]>([
    ['a plain pod is baseline', 'baseline', { containers: [c()] }, []],
    ['privileged', 'baseline', { containers: [c({ privileged: true })] }, ['spec.containers[0].securityContext.privileged']],
    ['host network', 'baseline', { hostNetwork: true, containers: [c()] }, ['spec.hostNetwork']],
    ['hostPath', 'baseline', { volumes: [{ name: 'v', hostPath: { path: '/' } }], containers: [c()] }, ['spec.volumes[0].hostPath']],
    ['added SYS_ADMIN', 'baseline', { containers: [c({ capabilities: { add: ['NET_BIND_SERVICE', 'SYS_ADMIN'] } })] }, ['spec.containers[0].securityContext.capabilities.add[1]']],
    ['hostPort', 'baseline', { initContainers: [c(undefined, { ports: [{ containerPort: 80, hostPort: 80 }] })], containers: [c()] }, ['spec.initContainers[0].ports[0].hostPort']],
    ['privileged level allows all', 'privileged', { hostPID: true, containers: [c({ privileged: true })] }, []],
    ['restricted needs the hardening fields', 'restricted', { containers: [c()] }, ['spec.containers[0].securityContext.allowPrivilegeEscalation', 'spec.containers[0].securityContext.capabilities.drop', 'spec.containers[0].securityContext.runAsNonRoot', 'spec.containers[0].securityContext.seccompProfile.type']],
    ['restricted accepts a hardened pod', 'restricted', { containers: [c(restrictedOk)], volumes: [{ name: 'v', emptyDir: {} }] }, []],
  ])('%s', (_n, level, spec, fields) => {
    expect(checkPodSecurity(level, spec).map((v) => v.field)).toEqual(fields);
  });
});
