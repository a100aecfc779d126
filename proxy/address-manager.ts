import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** AddressManager keeps the node's service virtual IPs on a local interface. */
export interface AddressManager {
  /** sync makes exactly `ips` present (each as a /32). */
  sync(ips: string[]): Promise<void>;
  /** remove deletes the interface and every address on it (clean shutdown, uninstall). */
  remove(): Promise<void>;
}

/** serviceInterfaceName is the dummy interface holding ClusterIPs, like kube-proxy's kube-ipvs0. */
export const serviceInterfaceName = 'skiff-svc0';

/**
 * dummyInterfaceAddressManager puts ClusterIPs as /32s on a dummy interface (created when
 * missing), so the proxy can listen on clusterIP:port and local processes and pods routed
 * through this host reach them. Kernels built without the dummy driver get a bridge with no
 * ports instead, which holds local addresses the same way. Uses iproute2's `ip`.
 */
export function dummyInterfaceAddressManager(name = serviceInterfaceName): AddressManager {
  async function ensureLink(): Promise<void> {
    try {
      await run('ip', ['link', 'show', name]);
    } catch {
      await run('ip', ['link', 'add', name, 'type', 'dummy'])
        .catch(() => run('ip', ['link', 'add', name, 'type', 'bridge']))
        // Another sync may have created it meanwhile; only a still-missing link is an error.
        .catch((err) => run('ip', ['link', 'show', name]).catch(() => Promise.reject(err)));
    }
    await run('ip', ['link', 'set', name, 'up']);
  }
  async function current(): Promise<string[]> {
    const { stdout } = await run('ip', ['-j', '-4', 'addr', 'show', 'dev', name]);
    const links = JSON.parse(stdout || '[]') as Array<{ addr_info?: Array<{ local: string }> }>;
    return links.flatMap((l) => (l.addr_info ?? []).map((a) => a.local));
  }
  return {
    async sync(ips) {
      await ensureLink();
      const have = new Set(await current());
      const want = new Set(ips.filter((ip) => /^\d+\.\d+\.\d+\.\d+$/.test(ip)));
      // replace, not add: idempotent if the address appeared meanwhile.
      for (const ip of want) if (!have.has(ip)) await run('ip', ['addr', 'replace', `${ip}/32`, 'dev', name]);
      for (const ip of have) if (!want.has(ip)) await run('ip', ['addr', 'del', `${ip}/32`, 'dev', name]);
    },
    async remove() {
      await run('ip', ['link', 'del', name]).catch(() => undefined);
    },
  };
}

/** noopAddressManager is for tests that use loopback addresses as service IPs. */
export function noopAddressManager(): AddressManager {
  return { sync: async () => undefined, remove: async () => undefined };
}
