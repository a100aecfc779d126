import { describe, expect, it } from 'vitest';
import { Balancer, backendKey, type Backend } from './balancer.ts';

const b = (n: number): Backend => ({ ip: `10.244.0.${n}`, port: 8080 });

describe('Balancer', () => {
  it('spreads new connections round-robin over ready backends', () => {
    const lb = new Balancer();
    lb.setBackends([b(1), b(2), b(3)]);
    const firsts = Array.from({ length: 6 }, () => backendKey(lb.candidates('1.1.1.1')[0]));
    expect(firsts).toEqual(['10.244.0.1:8080', '10.244.0.2:8080', '10.244.0.3:8080', '10.244.0.1:8080', '10.244.0.2:8080', '10.244.0.3:8080']);
  });

  it('offers every backend once per connection so a refused connect can try the next', () => {
    const lb = new Balancer();
    lb.setBackends([b(1), b(2), b(3)]);
    expect(new Set(lb.candidates('c').map(backendKey)).size).toBe(3);
  });

  it('returns no candidates without backends', () => {
    expect(new Balancer().candidates('c')).toEqual([]);
  });

  it('pins a client with ClientIP affinity until the timeout', () => {
    let now = 0;
    const lb = new Balancer({ timeoutMs: 1000, now: () => now });
    lb.setBackends([b(1), b(2), b(3)]);
    const first = lb.candidates('7.7.7.7')[0];
    lb.connected('7.7.7.7', first);
    for (let i = 0; i < 5; i++) expect(lb.candidates('7.7.7.7')[0]).toEqual(first);
    expect(backendKey(lb.candidates('8.8.8.8')[0])).not.toBe(backendKey(first));
    now = 5000;
    lb.candidates('other');
    const afterTimeout = Array.from({ length: 3 }, () => backendKey(lb.candidates('7.7.7.7')[0]));
    expect(new Set(afterTimeout).size).toBeGreaterThan(1);
  });

  it('drops affinity to a backend that is no longer ready', () => {
    const lb = new Balancer({ timeoutMs: 10_000 });
    lb.setBackends([b(1), b(2)]);
    lb.connected('c', b(1));
    lb.setBackends([b(2), b(3)]);
    expect(lb.candidates('c').map(backendKey)).not.toContain('10.244.0.1:8080');
  });

  it('tells which backends are ready now', () => {
    const lb = new Balancer();
    lb.setBackends([b(1), b(2)]);
    expect([lb.has(backendKey(b(1))), lb.has(backendKey(b(3)))]).toEqual([true, false]);
    lb.setBackends([b(3)]);
    expect([lb.has(backendKey(b(1))), lb.has(backendKey(b(3)))]).toEqual([false, true]);
  });
});
