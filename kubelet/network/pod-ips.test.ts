import { describe, expect, it } from 'vitest';
import { PodIPs } from './pod-ips.ts';

describe('PodIPs', () => {
  it('hands out host addresses after the gateway, skipping those of running sandboxes and reservations', async () => {
    const running = ['10.244.1.3'];
    const ips = new PodIPs({ podCIDR: '10.244.1.0/24', inUse: async () => running });
    expect(await ips.reserve('a')).toBe('10.244.1.2');
    expect(await ips.reserve('b')).toBe('10.244.1.4');
  });

  it('does not reuse a released address at once: the search goes on after the last one handed out', async () => {
    const running: string[] = [];
    const ips = new PodIPs({ podCIDR: '10.244.1.0/24', inUse: async () => running });
    expect(await ips.reserve('a')).toBe('10.244.1.2');
    ips.release('a'); // the sandbox failed: nothing runs with .2
    expect(await ips.reserve('b')).toBe('10.244.1.3');
  });

  it('gives concurrent reservations different addresses', async () => {
    const ips = new PodIPs({ podCIDR: '10.244.1.0/24', inUse: async () => [] });
    const got = await Promise.all(['a', 'b', 'c', 'd'].map((uid) => ips.reserve(uid)));
    expect(new Set(got).size).toBe(4);
  });

  it('wraps around and fails clearly when the pod CIDR is full (never the gateway or broadcast)', async () => {
    const running: string[] = [];
    const ips = new PodIPs({ podCIDR: '10.0.0.0/29', inUse: async () => running });
    const got: string[] = [];
    for (let i = 0; i < 5; i++) got.push(await ips.reserve(`p${i}`));
    expect(got).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
    await expect(ips.reserve('p5')).rejects.toThrow('no free IP left in pod CIDR 10.0.0.0/29 (5 in use)');
    ips.release('p1');
    expect(await ips.reserve('p6')).toBe('10.0.0.3');
  });

  it('never gives out an IP whose reservation ends while the engine is being read', async () => {
    // A nearly full /29 (hosts .2–.6), so the search wraps around to the address just released.
    const running = ['10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6'];
    let readStarted!: () => void;
    let finishRead!: () => void;
    const ips = new PodIPs({
      podCIDR: '10.0.0.0/29',
      inUse: async () => {
        const snapshot = [...running]; // what the engine says when asked
        readStarted?.();
        await new Promise<void>((r) => (finishRead = r));
        return snapshot;
      },
    });
    const first = ips.reserve('a');
    await new Promise<void>((r) => (readStarted = r));
    finishRead();
    expect(await first).toBe('10.0.0.2');
    // b's read of the engine starts before a's sandbox runs; a's reservation ends during it.
    const second = ips.reserve('b');
    await new Promise<void>((r) => (readStarted = r));
    running.push('10.0.0.2');
    ips.release('a');
    finishRead();
    await expect(second).rejects.toThrow('no free IP left in pod CIDR 10.0.0.0/29');
  });

  it('a failed read of the running sandboxes fails that reservation only', async () => {
    let fail = true;
    const ips = new PodIPs({ podCIDR: '10.244.1.0/24', inUse: async () => { if (fail) throw new Error('engine down'); return []; } });
    await expect(ips.reserve('a')).rejects.toThrow('engine down');
    fail = false;
    expect(await ips.reserve('b')).toBe('10.244.1.2');
  });
});
