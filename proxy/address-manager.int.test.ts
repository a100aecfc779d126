import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dummyInterfaceAddressManager } from './address-manager.ts';

const name = `sktest${process.pid % 10000}`;
const manager = dummyInterfaceAddressManager(name);

afterEach(async () => {
  await manager.remove();
});

function addresses(): string[] {
  const out = execFileSync('ip', ['-j', '-4', 'addr', 'show', 'dev', name], { encoding: 'utf8' });
  return (JSON.parse(out) as Array<{ addr_info: Array<{ local: string }> }>).flatMap((l) => l.addr_info.map((a) => a.local));
}

describe('service address interface (real iproute2)', () => {
  it('keeps exactly the wanted /32s and makes them locally bindable', async () => {
    // 198.18.0.0/15 is reserved for benchmarking: no traffic leaves this host.
    await manager.sync(['198.18.7.1', '198.18.7.2']);
    expect(addresses().sort()).toEqual(['198.18.7.1', '198.18.7.2']);
    const server = net.createServer((s) => s.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '198.18.7.2', resolve));
    const reply = await new Promise<string>((resolve) => {
      const c = net.connect((server.address() as net.AddressInfo).port, '198.18.7.2');
      let data = '';
      c.on('data', (d) => (data += d)).on('close', () => resolve(data));
    });
    server.close();
    expect(reply).toBe('ok');
    await manager.sync(['198.18.7.2']);
    expect(addresses()).toEqual(['198.18.7.2']);
  });

  it('removes the interface on cleanup', async () => {
    await manager.sync(['198.18.7.3']);
    await manager.remove();
    expect(() => execFileSync('ip', ['link', 'show', name], { stdio: 'pipe' })).toThrow();
  });
});
