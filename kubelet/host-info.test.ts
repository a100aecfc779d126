import { describe, expect, it } from 'vitest';
import { createFakeClient } from '../client/fake/fake-client.ts';
import { FakeClock } from '../client/fake/fake-clock.ts';
import { Resources } from '../api/resources.ts';
import { silentLogger } from '../component-base/logger.ts';
import type { Node } from './api-types.ts';
import { parseOsRelease, readHostInfo } from './host-info.ts';
import { NodeAgent } from './node-agent.ts';
import { nodeStatus, type HostReadings, type NodeIdentity } from './node-status.ts';
import { createFakeRuntime } from './runtime/fake-runtime.ts';

const debian = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';
const files = (m: Record<string, string>) => async (p: string) => m[p];

describe('host info', () => {
  it.each<[string, Record<string, string>, object]>([
    ['every file readable', {
      '/etc/os-release': debian, '/etc/machine-id': 'a1b2c3\n', '/proc/sys/kernel/random/boot_id': 'b00t-1d\n', '/sys/class/dmi/id/product_uuid': 'EC2A-UUID\n',
    }, { osImage: 'Debian GNU/Linux 12 (bookworm)', machineID: 'a1b2c3', bootID: 'b00t-1d', systemUUID: 'EC2A-UUID' }],
    ['nothing readable (a bare container)', {}, { osImage: 'Linux', machineID: '', bootID: '', systemUUID: '' }],
    ['os-release only under /usr/lib, machine-id only from D-Bus', {
      '/usr/lib/os-release': 'PRETTY_NAME=Alpine\n', '/var/lib/dbus/machine-id': 'dbus-id\n', '/etc/machine-id': '\n',
    }, { osImage: 'Alpine', machineID: 'dbus-id', bootID: '', systemUUID: '' }],
    ['os-release without PRETTY_NAME', { '/etc/os-release': 'NAME=Foo\n' }, { osImage: 'Linux' }],
  ])('%s', async (_what, m, want) => {
    expect(await readHostInfo(files(m))).toMatchObject(want);
  });

  it.each([
    ['PRETTY_NAME="Ubuntu 24.04.1 LTS"', 'Ubuntu 24.04.1 LTS'],
    ["PRETTY_NAME='Fedora Linux 40'", 'Fedora Linux 40'],
    ['PRETTY_NAME=plain', 'plain'],
    ['PRETTY_NAME="say \\"hi\\""', 'say "hi"'],
    ['PRETTY_NAME=""', undefined],
    ['NAME=x', undefined],
  ])('parseOsRelease %s', (line, want) => {
    expect(parseOsRelease(`ID=x\n${line}\n`)).toBe(want);
  });

  const id: NodeIdentity = { nodeName: 'n1', nodeIP: '192.0.2.1', port: 10250, maxPods: 110, labels: {}, taints: [], runtimeVersion: 'docker://27.1.0' };
  const h: HostReadings = { cpus: 2, memoryTotal: 2 ** 30, memoryAvailable: 2 ** 29, diskTotal: 100, diskAvailable: 50, pids: 10, pidMax: 1000 };

  it('nodeStatus reports the host identity and runtime version, "Linux" without os-release', () => {
    const info = { machineID: 'm', systemUUID: 'u', bootID: 'b', osImage: 'Debian GNU/Linux 12 (bookworm)' };
    expect(nodeStatus(id, { ...h, info }, undefined, undefined, new Date()).nodeInfo).toMatchObject({ ...info, containerRuntimeVersion: 'docker://27.1.0' });
    expect(nodeStatus(id, h, undefined, undefined, new Date()).nodeInfo).toMatchObject({ osImage: 'Linux', machineID: '', bootID: '' });
  });

  it('the registered Node carries the engine version from the runtime', async () => {
    const fake = createFakeClient([]);
    const agent = new NodeAgent({ client: fake.client, runtime: createFakeRuntime(), identity: { ...id, runtimeVersion: 'docker://unknown' }, rootDir: '/', clock: new FakeClock(), log: silentLogger() });
    await agent.register();
    const node = fake.tracker.get(Resources.nodes, undefined, 'n1') as Node;
    expect(node.status!.nodeInfo!.containerRuntimeVersion).toBe('fake://0.0.0');
  });
});
