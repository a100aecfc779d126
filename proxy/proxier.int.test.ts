import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../component-base/logger.ts';
import { noopAddressManager } from './address-manager.ts';
import { Proxier } from './proxier.ts';
import type { ServicePort } from './service-ports.ts';
import { freePort, request, startNameServer, type TestBackend } from './testing/backends.ts';
import { startUdpNameServer, udpClient } from './testing/udp-backends.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function backend(name: string): Promise<TestBackend> {
  const b = await startNameServer(name);
  cleanups.push(b.close);
  return b;
}

function proxier(nodeName = 'node-a'): Proxier {
  const p = new Proxier({ nodeName, addresses: noopAddressManager(), logger: silentLogger(), nodePortAddress: '127.0.0.1', drainGraceMs: 100 });
  cleanups.push(() => p.shutdown());
  return p;
}

function servicePort(over: Partial<ServicePort>): ServicePort {
  return { key: 'default/web:http', protocol: 'TCP', addresses: [], port: 0, affinityTimeoutMs: 0, localOnly: false, backends: [], ...over };
}

describe('Proxier (real sockets, loopback addresses standing in for service IPs)', () => {
  it('serves the service on its virtual IP and on its NodePort', async () => {
    const a = await backend('a');
    const [port, nodePort] = [await freePort(), await freePort()];
    const p = proxier();
    await p.sync([servicePort({ addresses: ['127.0.0.53'], port, nodePort, backends: [{ ip: '127.0.0.1', port: a.port, nodeName: 'node-b' }] })]);
    expect(await request('127.0.0.53', port)).toBe('a:5');
    expect(await request('127.0.0.1', nodePort)).toBe('a:5');
  });

  it('sends NodePort traffic only to local endpoints with externalTrafficPolicy Local', async () => {
    const [local, remote] = [await backend('local'), await backend('remote')];
    const [port, nodePort] = [await freePort(), await freePort()];
    const p = proxier('node-a');
    await p.sync([servicePort({
      addresses: ['127.0.0.54'], port, nodePort, localOnly: true,
      backends: [{ ip: '127.0.0.1', port: local.port, nodeName: 'node-a' }, { ip: '127.0.0.1', port: remote.port, nodeName: 'node-b' }],
    })]);
    const viaNodePort = await Promise.all(Array.from({ length: 4 }, () => request('127.0.0.1', nodePort)));
    expect(new Set(viaNodePort)).toEqual(new Set(['local:5']));
    const viaClusterIP = await Promise.all(Array.from({ length: 4 }, () => request('127.0.0.54', port)));
    expect(new Set(viaClusterIP)).toEqual(new Set(['local:5', 'remote:5']));
  });

  it('serves a UDP port beside a TCP port of the same number, on the virtual IP and the NodePort', async () => {
    const tcp = await backend('tcp');
    const udp = await startUdpNameServer('udp');
    cleanups.push(udp.close);
    const [port, nodePort] = [await freePort(), await freePort()];
    const p = proxier();
    await p.sync([
      servicePort({ key: 'default/dns:tcp', addresses: ['127.0.0.56'], port, backends: [{ ip: '127.0.0.1', port: tcp.port }] }),
      servicePort({ key: 'default/dns:udp', protocol: 'UDP', addresses: ['127.0.0.56'], port, nodePort, backends: [{ ip: '127.0.0.1', port: udp.port }] }),
    ]);
    expect(p.listenerKeys().sort()).toEqual([`127.0.0.1:${nodePort}/UDP`, `127.0.0.56:${port}`, `127.0.0.56:${port}/UDP`]);
    const c = await udpClient();
    cleanups.push(c.close);
    expect(await request('127.0.0.56', port)).toBe('tcp:5');
    expect((await c.ask('127.0.0.56', port, 'q')).text).toBe('udp:q');
    expect((await c.ask('127.0.0.1', nodePort, 'n')).text).toBe('udp:n');
  });

  it('stops listening when the service goes away and follows endpoint changes', async () => {
    const [a, b] = [await backend('a'), await backend('b')];
    const port = await freePort();
    const p = proxier();
    await p.sync([servicePort({ addresses: ['127.0.0.55'], port, backends: [{ ip: '127.0.0.1', port: a.port }] })]);
    expect(await request('127.0.0.55', port)).toBe('a:5');
    await p.sync([servicePort({ addresses: ['127.0.0.55'], port, backends: [{ ip: '127.0.0.1', port: b.port }] })]);
    expect(await request('127.0.0.55', port)).toBe('b:5');
    await p.sync([]);
    expect(p.listenerKeys()).toEqual([]);
    expect(await request('127.0.0.55', port)).toBe('');
  });
});
