import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTestApp, type TestApp } from '../test-support.ts';

const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const request = Buffer.from('-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n').toString('base64');

describe('certificatesigningrequests/approval', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await newTestApp();
    const created = await t.call('POST', CSRS, { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'n1' }, spec: { request, signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['client auth'] } });
    expect(created.statusCode, created.body).toBe(201);
  });
  afterEach(() => t.close());

  const withConditions = async (conditions: unknown[], spec?: object) => {
    const csr = (await t.call('GET', `${CSRS}/n1`)).json();
    return t.call('PUT', `${CSRS}/n1/approval`, { ...csr, spec: { ...csr.spec, ...spec }, status: { conditions } });
  };

  it.each([
    ['Approved', 200],
    ['Denied', 200],
    ['Bogus', 422],
  ])('PUT with a %s condition answers %i', async (type, code) => {
    const res = await withConditions([{ type, status: 'True', reason: 'KubectlApprove', message: 'by test' }]);
    expect(res.statusCode, res.body).toBe(code);
    const stored = (await t.call('GET', `${CSRS}/n1`)).json();
    if (code === 200) {
      expect(stored.status.conditions).toMatchObject([{ type, status: 'True', reason: 'KubectlApprove' }]);
      expect(stored.status.conditions[0].lastUpdateTime).toMatch(/Z$/);
    } else expect(stored.status?.conditions ?? []).toEqual([]);
  });

  it('changes only the conditions: spec edits in the body are ignored', async () => {
    expect((await withConditions([{ type: 'Approved', status: 'True' }], { signerName: 'example.com/other' })).statusCode).toBe(200);
    expect((await t.call('GET', `${CSRS}/n1`)).json().spec.signerName).toBe('kubernetes.io/kube-apiserver-client-kubelet');
  });

  it('refuses Approved and Denied together, and removing an Approved condition', async () => {
    expect((await withConditions([{ type: 'Approved', status: 'True' }, { type: 'Denied', status: 'True' }])).statusCode).toBe(422);
    expect((await withConditions([{ type: 'Approved', status: 'True' }])).statusCode).toBe(200);
    expect((await withConditions([])).statusCode).toBe(422);
  });

  it('refuses a stale resourceVersion with 409', async () => {
    const csr = (await t.call('GET', `${CSRS}/n1`)).json();
    expect((await t.call('PUT', `${CSRS}/n1`, { ...csr, metadata: { ...csr.metadata, labels: { a: 'b' } } })).statusCode).toBe(200);
    const stale = await t.call('PUT', `${CSRS}/n1/approval`, { ...csr, status: { conditions: [{ type: 'Approved', status: 'True' }] } });
    expect(stale.statusCode).toBe(409);
  });
});
