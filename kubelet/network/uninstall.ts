/**
 * uninstall removes what the kubelet's pod network added to this host: Skiff routes (proto
 * 211), the SKIFF-FORWARD / SKIFF-POSTROUTING chains and their jumps, host ends of sandbox veths
 * still left (named skv…; they normally vanish with their sandbox), and Docker networks labelled
 * io.skiff.network=pod (pods are wired by the kubelet, not attached by Docker, so run it once the
 * node's pods are gone: removing the bridge cuts them off). Run: `node kubelet/network/uninstall.ts`.
 */
import { deleteRoute, listSkiffRoutes, removeChain, sh } from './host.ts';
import { HostIfPrefix } from './sandbox-link.ts';

/** uninstallPodNetwork: see the file comment. */
export async function uninstallPodNetwork(): Promise<string[]> {
  const done: string[] = [];
  for (const r of await listSkiffRoutes().catch(() => [])) {
    await deleteRoute(r.dst).catch(() => {});
    done.push(`route ${r.dst} via ${r.gateway}`);
  }
  await removeChain('filter', 'FORWARD', 'SKIFF-FORWARD');
  await removeChain('nat', 'POSTROUTING', 'SKIFF-POSTROUTING');
  done.push('iptables SKIFF-FORWARD, SKIFF-POSTROUTING');
  const links = JSON.parse((await sh('ip', ['-j', 'link', 'show', 'type', 'veth']).catch(() => '')) || '[]') as Array<{ ifname: string }>;
  for (const { ifname } of links.filter((l) => l.ifname.startsWith(HostIfPrefix))) {
    await sh('ip', ['link', 'del', ifname]).then(() => done.push(`veth ${ifname}`), () => {});
  }
  const nets = (await sh('docker', ['network', 'ls', '-q', '--filter', 'label=io.skiff.network=pod']).catch(() => '')).split('\n').filter(Boolean);
  for (const n of nets) {
    await sh('docker', ['network', 'rm', n]).then(() => done.push(`docker network ${n}`), () => {});
  }
  return done;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await uninstallPodNetwork()) process.stdout.write(`removed ${line}\n`);
}
