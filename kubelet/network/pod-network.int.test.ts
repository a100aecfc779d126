/**
 * The pod network's own parts on the real engine: the bridge network follows the pod CIDR, and
 * wiring a sandbox can be repeated (a kubelet killed half way, or restarted) without harm.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../component-base/logger.ts';
import { createDockerRuntime } from '../runtime/docker-runtime.ts';
import { LabelPodIP } from '../runtime/types.ts';
import { PodNetwork } from './pod-network.ts';

const run = promisify(execFile);
const runtime = createDockerRuntime();
const name = `skiff-pn-${Math.random().toString(36).slice(2, 7)}`;
const third = Math.floor(Math.random() * 250);
const containers: string[] = [];

afterAll(async () => {
  if (containers.length) await run('docker', ['rm', '-f', ...containers]).catch(() => {});
  await run('docker', ['network', 'rm', name]).catch(() => {});
});

const network = (podCIDR: string) => new PodNetwork({ runtime, nodeName: name, podCIDR, clusterCIDR: '10.244.0.0/16', networkName: name, manageHost: false, log: silentLogger() });
const subnetOf = async () => (await run('docker', ['network', 'inspect', '-f', '{{(index .IPAM.Config 0).Subnet}}', name])).stdout.trim();

describe('PodNetwork on Docker', () => {
  it('creates the bridge network with the pod CIDR, keeps it, and replaces one with another subnet', async () => {
    await network(`10.250.${third}.0/24`).setup();
    expect(await subnetOf()).toBe(`10.250.${third}.0/24`);
    await network(`10.250.${third}.0/24`).setup();
    expect(await subnetOf()).toBe(`10.250.${third}.0/24`);
    await network(`10.249.${third}.0/24`).setup();
    expect(await subnetOf()).toBe(`10.249.${third}.0/24`);
  });

  it('wires a sandbox at its reserved IP, and wiring it again (a new kubelet process) changes nothing', async () => {
    const cidr = `10.249.${third}.0/24`;
    const first = network(cidr);
    const ip = await first.reserve('uid-1');
    const id = await runtime.createSandbox({ name: `${name}-sandbox`, image: 'skiff/pause:latest', labels: { [LabelPodIP]: ip }, hostname: 'p', network: 'none' });
    containers.push(id);
    await runtime.start(id);
    await first.attach('uid-1', (await runtime.inspect(id))!);
    first.release('uid-1');
    await network(cidr).attach('uid-1', (await runtime.list({ labels: { [LabelPodIP]: ip } }))[0]);
    const inside = async (...cmd: string[]) => (await run('nsenter', [`--net=/proc/${(await runtime.inspect(id))!.pid}/ns/net`, ...cmd])).stdout;
    expect(await inside('ip', '-o', '-4', 'addr', 'show', 'dev', 'eth0')).toContain(`inet ${ip}/24`);
    expect(await inside('ip', 'route')).toContain(`default via 10.249.${third}.1 dev eth0`);
    // The bridge's address answers a container in the sandbox.
    await run('docker', ['run', '--rm', '--network', `container:${id}`, 'skiff/busybox:latest', 'ping', '-c', '1', '-W', '5', `10.249.${third}.1`]);

    // `docker network prune` sees the bridge network unused (Docker attached no sandbox to it):
    // the next setup makes it again and the next attach puts the veth back on the new bridge.
    const kubelet = network(cidr);
    await kubelet.attach('uid-1', (await runtime.inspect(id))!);
    await run('docker', ['network', 'rm', name]);
    await kubelet.setup();
    await kubelet.attach('uid-1', (await runtime.inspect(id))!);
    await run('docker', ['run', '--rm', '--network', `container:${id}`, 'skiff/busybox:latest', 'ping', '-c', '1', '-W', '5', `10.249.${third}.1`]);
  });
});
