import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTestApp, type TestApp } from '../test-support.ts';

let t: TestApp;
beforeEach(async () => {
  t = await newTestApp({ serviceClusterIPRange: '10.0.0.0/24', serviceNodePortRange: '30000-30009' });
});
afterEach(async () => {
  await t.close();
});

const SVC = '/api/v1/namespaces/default/services';
const svc = (name: string, spec: Record<string, unknown> = {}) => ({ metadata: { name }, spec: { ports: [{ port: 80 }], selector: { app: name }, ...spec } });

describe('service allocation', () => {
  it('allocates distinct clusterIPs in the range, honours requests and releases on delete', async () => {
    const a = (await t.call('POST', SVC, svc('a'))).json();
    const b = (await t.call('POST', SVC, svc('b'))).json();
    expect(a.spec.clusterIP).toMatch(/^10\.0\.0\.\d+$/);
    expect(a.spec.clusterIPs).toEqual([a.spec.clusterIP]);
    expect(b.spec.clusterIP).not.toBe(a.spec.clusterIP);
    const wanted = await t.call('POST', SVC, svc('c', { clusterIP: '10.0.0.10' }));
    expect(wanted.json().spec.clusterIP).toBe('10.0.0.10');
    const taken = await t.call('POST', SVC, svc('d', { clusterIP: '10.0.0.10' }));
    expect(taken.statusCode).toBe(422);
    expect(taken.json().message).toContain('already allocated');
    const outside = await t.call('POST', SVC, svc('e', { clusterIP: '192.168.1.1' }));
    expect(outside.statusCode).toBe(422);
    await t.call('DELETE', `${SVC}/c`);
    expect((await t.call('POST', SVC, svc('d', { clusterIP: '10.0.0.10' }))).statusCode).toBe(201);
  });

  it('never hands out one IP twice under concurrent creates', async () => {
    const res = await Promise.all(Array.from({ length: 30 }, (_, i) => t.call('POST', SVC, svc(`s${i}`))));
    expect(res.every((r) => r.statusCode === 201)).toBe(true);
    const ips = res.map((r) => r.json().spec.clusterIP);
    expect(new Set(ips).size).toBe(ips.length);
  });

  it('allocates nodePorts for NodePort services, keeps them on update, releases them', async () => {
    const np = (await t.call('POST', SVC, svc('np', { type: 'NodePort' }))).json();
    const port = np.spec.ports[0].nodePort;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(30009);
    const replaced = await t.call('PUT', `${SVC}/np`, { ...np, spec: { ...np.spec, clusterIP: undefined, clusterIPs: undefined, ports: [{ port: 80 }] } });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().spec.ports[0].nodePort).toBe(port);
    expect(replaced.json().spec.clusterIP).toBe(np.spec.clusterIP);
    const clash = await t.call('POST', SVC, svc('clash', { type: 'NodePort', ports: [{ port: 81, nodePort: port }] }));
    expect(clash.statusCode).toBe(422);
    const range = await t.call('POST', SVC, svc('range', { type: 'NodePort', ports: [{ port: 81, nodePort: 80 }] }));
    expect(range.statusCode).toBe(422);
    expect(range.json().message).toContain('30000-30009');
    await t.call('DELETE', `${SVC}/np`);
    expect((await t.call('POST', SVC, svc('clash', { type: 'NodePort', ports: [{ port: 81, nodePort: port }] }))).statusCode).toBe(201);
  });

  it('gives headless services None and ExternalName services no IP', async () => {
    const headless = (await t.call('POST', SVC, svc('h', { clusterIP: 'None' }))).json();
    expect(headless.spec.clusterIP).toBe('None');
    const ext = (await t.call('POST', SVC, { metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'example.com' } })).json();
    expect(ext.spec.clusterIP).toBeUndefined();
  });
});
