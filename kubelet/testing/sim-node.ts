/**
 * Simulated nodes for multi-node tests (environment.md, the kind trick): a skiff/node
 * container on a private Docker network running its own dockerd, with the checkout
 * bind-mounted at /skiff and a kubelet started from it.
 */
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './harness.ts';

const run = promisify(execFile);
const checkout = path.resolve(import.meta.dirname, '../..');

/** docker runs the docker CLI and returns stdout. */
export async function docker(...args: string[]): Promise<string> {
  return (await run('docker', args, { maxBuffer: 64 * 1024 * 1024 })).stdout.trim();
}

const startDockerd = 'dockerd --log-level=warn >>/var/log/dockerd.log 2>&1 & echo $! >/run/dockerd.pid';

/** restartDockerd stops the node's dockerd (its containers stop too) and starts it again. */
export async function restartDockerd(node: SimNode): Promise<void> {
  await node.exec('sh', '-c', 'kill $(cat /run/dockerd.pid); while [ -e /var/run/docker.pid ]; do sleep 0.2; done');
  await docker('exec', '-d', node.name, 'sh', '-c', startDockerd);
  await waitFor(() => node.exec('docker', 'info', '--format', '{{.ServerVersion}}'), `dockerd in ${node.name} again`, 60_000, 250);
}

/** killKubelet SIGKILLs the node's kubelet (by the PID it was started with). */
export async function killKubelet(node: SimNode): Promise<void> {
  await node.exec('sh', '-c', 'kill -9 $(cat /run/kubelet.pid)');
}

/** SimNode is a running node container. */
export interface SimNode {
  name: string;
  ip: string;
  exec(...cmd: string[]): Promise<string>;
}

/** startSimNode runs a node container (its dockerd up) on `network`, labelled skiff.test=kubelet. */
export async function startSimNode(name: string, network: string, kubeconfigDir: string): Promise<SimNode> {
  await docker('run', '-d', '--name', name, '--hostname', name, '--network', network, '--label', 'skiff.test=kubelet',
    '--cap-add', 'ALL', '--cap-drop', 'SYS_RESOURCE', '--security-opt', 'seccomp=unconfined', '--security-opt', 'apparmor=unconfined',
    '--security-opt', 'systempaths=unconfined', '-v', '/sys/fs/cgroup:/sys/fs/cgroup:rw', '--tmpfs', '/run', '-v', '/var/lib/docker',
    '-v', `${checkout}:/skiff:ro`, '-v', `${kubeconfigDir}:/kc:ro`, 'skiff/node:latest',
    // dockerd is not PID 1, so tests can restart it; its PID is kept in /run/dockerd.pid.
    'sh', '-c', `${startDockerd}; exec sleep infinity`);
  const ip = await docker('inspect', '-f', `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, name);
  const node: SimNode = { name, ip, exec: (...cmd) => docker('exec', name, ...cmd) };
  await waitFor(() => node.exec('docker', 'info', '--format', '{{.ServerVersion}}'), `dockerd in ${name}`, 60_000, 250);
  return node;
}

/** loadImages copies images from the host engine into the node's engine. */
export async function loadImages(node: SimNode, images: string[]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const save = spawn('docker', ['save', ...images]);
    const load = spawn('docker', ['exec', '-i', node.name, 'docker', 'load', '-q']);
    save.stdout.pipe(load.stdin);
    load.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker load into ${node.name} exited ${code}`))));
    save.on('error', reject);
  });
}

/** startKubelet starts the checkout's kubelet inside the node (log in /var/log/kubelet.log). */
export async function startKubelet(node: SimNode, podCIDR: string, extra: string[] = []): Promise<void> {
  const args = [
    '/skiff/kubelet/main.ts', '--kubeconfig=/kc/kubeconfig', `--node-name=${node.name}`, `--node-ip=${node.ip}`, `--pod-cidr=${podCIDR}`,
    '--cluster-cidr=10.244.0.0/16', '--root-dir=/var/lib/skiff/kubelet', ...extra,
  ];
  await docker('exec', '-d', node.name, 'sh', '-c', `echo $$ >/run/kubelet.pid; exec /usr/local/bin/node ${args.join(' ')} >>/var/log/kubelet.log 2>&1`);
}
