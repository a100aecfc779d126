/**
 * Wiring a sandbox into the pod bridge (what a CNI bridge plugin does): a veth pair whose host
 * end joins the bridge and whose other end is the sandbox's eth0, with the pod IP and a default
 * route via the bridge. The sandbox itself runs with Docker's "none" network: joining a
 * user-defined Docker network costs Docker about 70 ms per sandbox start (its embedded DNS
 * resolver and service records), which the pods do not use. The veth lives as long as the
 * sandbox's network namespace: when the sandbox stops, the kernel removes both ends.
 */
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';

/** SandboxLink says where and how one sandbox is wired. */
export interface SandboxLink {
  /** pid is a process of the sandbox: its network namespace is /proc/PID/ns/net. */
  pid: number;
  /** hostIf is the host end's name (unique per sandbox, ≤ 15 characters). */
  hostIf: string;
  bridge: string;
  /** address is the pod IP with the pod CIDR's prefix length (10.244.1.7/24). */
  address: string;
  gateway: string;
}

/** HostIfPrefix starts every host-side veth name, so uninstall finds exactly Skiff's. */
export const HostIfPrefix = 'skv';

/** hostIfName names a sandbox's host-side veth after its container ID. */
export function hostIfName(sandboxId: string): string {
  return HostIfPrefix + sandboxId.slice(0, 12);
}

/**
 * linkSandbox wires the sandbox. It is safe to repeat (a kubelet killed half way): a host end
 * that exists already is kept, and everything else is (re)applied with set/replace semantics.
 */
export async function linkSandbox(l: SandboxLink): Promise<void> {
  const created = await exists(`/sys/class/net/${l.hostIf}`);
  await ipBatch([], [
    ...(created ? [] : [`link add ${l.hostIf} type veth peer name eth0 netns ${l.pid}`]),
    `link set ${l.hostIf} master ${l.bridge} up`,
  ]);
  await ipBatch(['nsenter', `--net=/proc/${l.pid}/ns/net`], [
    `addr replace ${l.address} dev eth0`,
    'link set eth0 up',
    `route replace default via ${l.gateway} dev eth0`,
    // A bridge made again has a new MAC: forget the old gateway's, or the pod stays cut off until it expires.
    'neigh flush dev eth0',
  ]);
}

/** ipBatch runs `ip -batch -` (behind `prefix`, such as nsenter) with one command per line: one process for all. */
function ipBatch(prefix: string[], lines: string[]): Promise<void> {
  const [cmd, ...args] = [...prefix, 'ip', '-batch', '-'];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'pipe'], timeout: 10_000 });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    // `ip` may exit (an error) before reading its commands: the close handler reports that.
    child.stdin.on('error', () => {});
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${[cmd, ...args].join(' ')} (${lines.join('; ')}): ${stderr.trim() || (signal ? `killed by ${signal}` : `exit ${code}`)}`));
    });
    child.stdin.end(lines.join('\n') + '\n');
  });
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}
