import net from 'node:net';
import type { Command } from 'commander';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { Resources } from '../../api/resources.ts';
import type { CliContext } from '../cli-context.ts';
import { resourcePath } from '../paths.ts';
import { podFor, type PodLike } from '../pod-for.ts';
import { forwardConnection } from '../port-forward-stream.ts';
import { parsePortSpec, resolveContainerPort, resolveServicePort, type ContainerPorts, type PortSpec, type ServicePort } from '../port-spec.ts';
import { resolveResource, UsageError } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';

type PodWithPorts = PodLike & { spec?: { containers?: Array<{ name: string; ports?: ContainerPorts }> } };
type ContainerWithPorts = { name: string; ports?: ContainerPorts };
type ServiceLike = KubeObject & { spec?: { ports?: ServicePort[] } };

/** Forward is one resolved forwarding: the local port asked for and the pod port. */
interface Forward {
  local: number;
  remote: number;
}

/**
 * registerPortForward adds `port-forward TYPE/NAME|POD [LOCAL:]REMOTE…` with --address: local
 * listeners (localhost = 127.0.0.1 and ::1) whose every accepted connection becomes its own
 * WebSocket stream to the pod (v4.channel.k8s.io); a Service's port maps to its targetPort;
 * runs until Ctrl-C (SIGINT/SIGTERM), then closes listeners and connections.
 */
export function registerPortForward(program: Command, run: Runner): void {
  program
    .command('port-forward')
    .description('Forward one or more local ports to a pod')
    .argument('<target>', 'POD | TYPE/NAME (pod, service, deployment, replicaset, statefulset…)')
    .argument('<ports...>', '[LOCAL_PORT:]REMOTE_PORT')
    .option('--address <addresses>', 'addresses to listen on (comma-separated): localhost, or IP addresses', 'localhost')
    .option('--pod-running-timeout <duration>', 'accepted for kubectl compatibility (the pod must already run)', '1m0s')
    .action(run(async (ctx: CliContext, target: string, ports: string[], opts: { address: string }) => {
      const specs = ports.map(parsePortSpec);
      const pod = (await podFor(ctx, target)) as PodWithPorts;
      if (pod.status?.phase !== 'Running') throw new UsageError(`unable to forward port because pod is not running. Current status=${pod.status?.phase ?? 'Unknown'}`);
      const forwards = await resolveForwards(ctx, target, specs, pod);
      const path = resourcePath(Resources.pods, pod.metadata.namespace, pod.metadata.name, 'portforward');
      const session = new ForwardSession(ctx, path);
      try {
        for (const f of forwards) await session.listen(addressesOf(opts.address), f);
        await waitForInterrupt();
      } finally {
        session.close();
      }
    }));
}

async function resolveForwards(ctx: CliContext, target: string, specs: PortSpec[], pod: PodWithPorts): Promise<Forward[]> {
  const containerPorts = ((pod.spec?.containers ?? []) as ContainerWithPorts[]).flatMap((c) => c.ports ?? []);
  const podName = pod.metadata.name ?? '';
  const [type, name] = target.includes('/') ? target.split('/', 2) : ['pod', target];
  if (resolveResource(type).resource === 'services') {
    const svc = await ctx.client.resource<ServiceLike>(Resources.services).get(ctx.namespace, name);
    return specs.map((s) => {
      const remote = resolveServicePort(s.remote, svc.spec?.ports ?? [], containerPorts, name, podName);
      return { remote, local: s.local };
    });
  }
  return specs.map((s) => ({ local: s.local, remote: resolveContainerPort(s.remote, containerPorts, podName) }));
}

/** addressesOf expands --address: "localhost" is both loopbacks, as kubectl binds them. */
export function addressesOf(flag: string): string[] {
  return flag.split(',').map((a) => a.trim()).filter(Boolean).flatMap((a) => (a === 'localhost' ? ['127.0.0.1', '::1'] : [a]));
}

function hostPort(host: string, port: number): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** ForwardSession owns the listeners and the open connections. */
class ForwardSession {
  private readonly ctx: CliContext;
  private readonly path: string;
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();

  constructor(ctx: CliContext, path: string) {
    this.ctx = ctx;
    this.path = path;
  }

  /** listen binds f.local on every address (a random port picked once for all); ::1 may be missing. */
  async listen(addresses: string[], f: Forward): Promise<void> {
    let port = f.local;
    let bound = 0;
    for (const host of addresses) {
      const server = net.createServer({ pauseOnConnect: true }, (s) => this.accept(s, port, f.remote));
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, host, () => resolve());
        });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        // kubectl carries on when the IPv6 loopback is unavailable, but not when the port is taken.
        if (host === '::1' && bound > 0 && e.code !== 'EADDRINUSE') continue;
        throw new UsageError(`unable to listen on port ${port || f.local}: ${hostPort(host, port)}: ${e.message}`);
      }
      port = (server.address() as net.AddressInfo).port;
      bound++;
      this.servers.push(server);
      this.ctx.io.out.write(`Forwarding from ${hostPort(host, port)} -> ${f.remote}\n`);
    }
  }

  private accept(socket: net.Socket, local: number, remote: number): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    this.ctx.io.out.write(`Handling connection for ${local}\n`);
    forwardConnection(this.ctx.connection, this.path, remote, socket).catch((err: Error) => {
      this.ctx.io.err.write(`error: an error occurred forwarding ${local} -> ${remote}: ${err.message}\n`);
    });
  }

  close(): void {
    for (const s of this.servers) s.close();
    for (const s of this.sockets) s.destroy();
  }
}

/** waitForInterrupt resolves on Ctrl-C or SIGTERM (port-forward runs until then, as kubectl). */
function waitForInterrupt(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
