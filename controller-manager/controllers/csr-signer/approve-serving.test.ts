import { describe, expect, it } from 'vitest';
import type { CertificateSigningRequest } from '../../../api/certificates/v1/csr.ts';
import type { Node } from '../../../api/core/v1/node.ts';
import { canonicalIp, nodeServingDecision } from './approve-serving.ts';
import type { CsrSubject } from './openssl.ts';

const subject = (over: Partial<CsrSubject> = {}): CsrSubject => ({
  commonName: 'system:node:w1', organizations: ['system:nodes'], other: [], hasExtensions: true, dnsNames: ['w1'], ipAddresses: ['10.0.0.11'], otherSans: [], ...over,
});
const csr = (over: Partial<CertificateSigningRequest['spec']> = {}): CertificateSigningRequest => ({
  apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'c' },
  spec: { request: '', signerName: 'kubernetes.io/kubelet-serving', usages: ['digital signature', 'key encipherment', 'server auth'], username: 'system:node:w1', groups: ['system:nodes', 'system:authenticated'], ...over },
});
const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'w1' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.11' }, { type: 'Hostname', address: 'w1' }, { type: 'InternalIP', address: 'fd00::b' }] } };

describe('nodeServingDecision', () => {
  it.each([
    ['the node for its own InternalIP and hostname', csr(), subject(), node, true, false],
    ['the node for its IPv6 address as openssl prints it', csr(), subject({ ipAddresses: ['FD00:0:0:0:0:0:0:B'] }), node, true, false],
    ['another node for this node', csr({ username: 'system:node:w2' }), subject(), node, false, false],
    ['a bootstrap token', csr({ username: 'system:bootstrap:abcdef', groups: ['system:bootstrappers'] }), subject(), node, false, false],
    ['a SAN the node does not have (the API server address)', csr(), subject({ ipAddresses: ['10.0.0.11', '10.0.0.1'] }), node, false, true],
    ['a DNS name the node does not have', csr(), subject({ dnsNames: ['kubernetes.default'] }), node, false, true],
    ['an email SAN', csr(), subject({ otherSans: ['email:a@b'] }), node, false, false],
    ['no SAN at all', csr(), subject({ dnsNames: [], ipAddresses: [] }), node, false, false],
    ['client usages', csr({ usages: ['digital signature', 'client auth'] }), subject(), node, false, false],
    ['server and client usages together', csr({ usages: ['server auth', 'client auth'] }), subject(), node, false, false],
    ['O=system:masters', csr(), subject({ organizations: ['system:masters'] }), node, false, false],
    ['a node not registered yet', csr(), subject(), undefined, false, true],
    ['the client signer', csr({ signerName: 'kubernetes.io/kube-apiserver-client-kubelet' }), subject(), node, false, false],
  ])('%s → approve %s (wait %s)', (_n, c, s, n, approve, wait) => {
    const d = nodeServingDecision(c, s, n);
    expect(d.approve, d.reason).toBe(approve);
    expect(Boolean(d.wait)).toBe(wait);
  });
});

describe('canonicalIp', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['FD00:0:0:0:0:0:0:1', 'fd00:0:0:0:0:0:0:1'],
    ['fd00::1', 'fd00:0:0:0:0:0:0:1'],
    ['::1', '0:0:0:0:0:0:0:1'],
    ['fe80:0000::00ab', 'fe80:0:0:0:0:0:0:ab'],
  ])('%s → %s', (ip, want) => expect(canonicalIp(ip)).toBe(want));
});
