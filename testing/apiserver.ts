/**
 * Shared integration fixture: the real Skiff API server, in-process, on a real etcd (started via
 * testing/etcd.ts unless endpoints are given), plus a kubeconfig file pointing at it that works
 * for skiffctl, real kubectl and @kubernetes/client-node (plain HTTP, insecure-skip-tls-verify).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../component-base/logger.ts';
import { startApiServer, type RunningApiServer, type ServerOptions } from '../apiserver/server.ts';
import { startEtcd, type EtcdCluster } from './etcd.ts';

/** TestApiServer is a running API server for integration tests. */
export interface TestApiServer {
  url: string;
  kubeconfigPath: string;
  /** etcdEndpoints are the endpoints the server uses. */
  etcdEndpoints: string[];
  /** etcd is the cluster this fixture started (undefined when endpoints were given). */
  etcd?: EtcdCluster;
  server: RunningApiServer;
  /** stop closes the server, then the etcd it started, then removes the kubeconfig. */
  stop(): Promise<void>;
}

/** StartTestApiServerOptions: reuse an etcd, size a new one, or tune the server. */
export interface StartTestApiServerOptions {
  etcdEndpoints?: string[];
  /** etcd is an alias of etcdEndpoints' cluster object (its endpoints are used). */
  etcd?: { endpoints: string[] };
  members?: 1 | 3;
  logger?: Logger;
  server?: Partial<ServerOptions>;
}

/** kubeconfigFor renders a kubeconfig for an insecure (plain HTTP or unverified TLS) server URL. */
export function kubeconfigFor(url: string, namespace = 'default'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: skiff',
    '  cluster:',
    `    server: ${url}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: admin',
    '  user:',
    '    token: skiff-test-token',
    'contexts:',
    '- name: skiff',
    '  context:',
    '    cluster: skiff',
    '    user: admin',
    `    namespace: ${namespace}`,
    'current-context: skiff',
    '',
  ].join('\n');
}

/** startTestApiServer starts etcd (if needed) and the API server on a free port, and writes a kubeconfig. */
export async function startTestApiServer(opts: StartTestApiServerOptions = {}): Promise<TestApiServer> {
  const given = opts.etcdEndpoints ?? opts.etcd?.endpoints;
  const etcd = given ? undefined : await startEtcd({ members: opts.members ?? 1 });
  const endpoints = given ?? etcd!.endpoints;
  let server: RunningApiServer;
  try {
    server = await startApiServer({ etcdServers: endpoints, bindAddress: '127.0.0.1', port: 0, logger: opts.logger ?? silentLogger(), ...opts.server });
  } catch (err) {
    await etcd?.stop();
    throw err;
  }
  const dir = await mkdtemp(join(tmpdir(), 'skiff-apiserver-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  await writeFile(kubeconfigPath, kubeconfigFor(server.url));
  return {
    url: server.url,
    kubeconfigPath,
    etcdEndpoints: endpoints,
    etcd,
    server,
    async stop() {
      await server.stop();
      await etcd?.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
