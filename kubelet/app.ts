/**
 * build/run of the kubelet process: connect to the API server and Docker, register the Node,
 * wait for a pod CIDR (flag or Node.spec.podCIDR from the controller-manager's IPAM), then run
 * the lease/status heartbeats, the kubelet API server and the pod machinery until shutdown.
 * With --rotate-server-certificates the serving certificate is requested from the start, in the
 * background: the kubelet API listens once it is issued, nothing else waits for it. With
 * --rotate-certificates the client certificate is renewed in the background as well.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { realClock, sleep } from '../client/clock.ts';
import { createSharedInformerFactory } from '../client/shared-informer-factory.ts';
import { createEventRecorder } from '../client/event-recorder.ts';
import type { Client } from '../client/types.ts';
import type { Logger } from '../component-base/logger.ts';
import { Resources } from '../api/resources.ts';
import type { Node } from './api-types.ts';
import type { KubeletConfig } from './config.ts';
import { Kubelet } from './kubelet.ts';
import { NodeAgent } from './node-agent.ts';
import { nodeIPGuess } from './node-status.ts';
import { PodNetwork } from './network/pod-network.ts';
import { createDockerRuntime } from './runtime/docker-runtime.ts';
import type { ContainerRuntime } from './runtime/types.ts';
import { SummaryProvider } from './stats/summary.ts';
import { startKubeletServer, type KubeletServer, type KubeletServerOptions } from './server/server.ts';
import { ServingCertificateManager, servingSans } from './bootstrap/serving-certificate.ts';
import { connectNode, type ClientCertificateManager } from './bootstrap/client-certificate-rotation.ts';

/** KubeletApp is a built, not yet running, kubelet. */
export interface KubeletApp {
  client: Client;
  runtime: ContainerRuntime;
  agent: NodeAgent;
  /** rotation renews the client certificate (--rotate-certificates), run alongside the kubelet. */
  rotation?: ClientCertificateManager;
  run(signal: AbortSignal): Promise<void>;
}

/** build wires the kubelet from its config. */
export async function build(cfg: KubeletConfig, log: Logger, client?: Client): Promise<KubeletApp> {
  const { client: c, rotation } = client ? { client, rotation: undefined } : connectNode({
    kubeconfigPath: cfg.kubeconfig, userAgent: `kubelet/${cfg.nodeName}`, rotate: cfg.rotateCertificates, certDir: cfg.certDir, nodeName: cfg.nodeName, log: log.child({ part: 'client-cert' }),
  });
  const runtime = createDockerRuntime(cfg.dockerEndpoint);
  const nodeIP = cfg.nodeIP ?? nodeIPGuess();
  await mkdir(cfg.rootDir, { recursive: true });
  const agent = new NodeAgent({
    client: c, runtime, rootDir: cfg.rootDir, clock: realClock, log: log.child({ part: 'node' }), statusCheckMs: cfg.statusUpdateMs,
    identity: { nodeName: cfg.nodeName, nodeIP, port: cfg.port, maxPods: cfg.maxPods, labels: cfg.nodeLabels, taints: cfg.taints, podCIDR: cfg.podCIDR, runtimeVersion: 'docker://unknown' },
  });
  return {
    client: c, runtime, agent, rotation,
    run: async (signal) => {
      // Nothing waits for a renewal: the current certificate stays in use until one is issued.
      // It stops with the kubelet, also when the kubelet fails.
      const stop = new AbortController();
      const renewing = rotation?.run(AbortSignal.any([signal, stop.signal]));
      try {
        await run(cfg, log, c, runtime, agent, nodeIP, signal);
      } finally {
        stop.abort();
        await renewing;
      }
    },
  };
}

async function run(cfg: KubeletConfig, log: Logger, client: Client, runtime: ContainerRuntime, agent: NodeAgent, nodeIP: string, signal: AbortSignal): Promise<void> {
  // Started first: the CSR is approved only once the Node below has registered its addresses.
  const serving = cfg.rotateServerCertificates && new ServingCertificateManager({
    client, certDir: cfg.certDir, nodeName: cfg.nodeName, sans: servingSans(cfg.nodeName, nodeIP), log: log.child({ part: 'serving-cert' }),
  });
  const clientCA = serving ? readFileSync(cfg.rotateServerCertificates!.clientCAFile) : undefined;
  const servingLoop = serving ? serving.run(signal) : Promise.resolve();
  try {
    await waitForDocker(runtime, log, signal);
    await agent.register();
    const heartbeats = agent.run(signal);
    const podCIDR = cfg.podCIDR ?? (await waitForPodCIDR(client, cfg.nodeName, log, signal));
    if (!podCIDR) return;
    const network = new PodNetwork({ runtime, nodeName: cfg.nodeName, podCIDR, clusterCIDR: cfg.clusterCIDR, networkName: cfg.networkName, manageHost: cfg.manageHostNetwork, log: log.child({ part: 'network' }) });
    const factory = createSharedInformerFactory(client, { logger: log });
    const kubelet = new Kubelet({
      client, factory, runtime, nodeName: cfg.nodeName, nodeIP, rootDir: cfg.rootDir, network, pauseImage: cfg.pauseImage,
      dns: { clusterDns: cfg.clusterDns, clusterDomain: cfg.clusterDomain }, allowPrivileged: cfg.allowPrivileged, clock: realClock, log,
      recorder: createEventRecorder(client, 'kubelet', cfg.nodeName),
    });
    const stats = new SummaryProvider({ runtime, nodeName: cfg.nodeName });
    const api: KubeletServerOptions = {
      runtime, log: log.child({ part: 'server' }),
      findPod: (ns, name) => kubelet.pods.lister.get(ns, name),
      listPods: () => kubelet.pods.lister.list(),
      healthz: () => (kubelet.pods.hasSynced() ? '' : 'pod cache not synced'),
      summary: () => stats.get(),
    };
    const server = serving
      ? serveWhenCertified(cfg, serving, { ...api, clientCA: clientCA! }, log, signal)
      : Promise.resolve(await startKubeletServer(cfg.address, cfg.port, {
        ...api, tls: cfg.tls && { cert: readFileSync(cfg.tls.certFile), key: readFileSync(cfg.tls.keyFile), clientCA: readFileSync(cfg.tls.clientCAFile) },
      }));
    log.info({ node: cfg.nodeName, nodeIP, podCIDR, port: serving ? cfg.port : (await server)?.port }, 'kubelet running');
    await Promise.all([kubelet.run(signal), heartbeats, server]);
    await (await server)?.close();
    log.info('kubelet stopped');
  } finally {
    await servingLoop;
  }
}

/**
 * serveWhenCertified starts the HTTPS kubelet API once the serving certificate is there and
 * swaps each renewed one in (open connections keep theirs). Undefined when stopped before.
 */
async function serveWhenCertified(cfg: KubeletConfig, serving: ServingCertificateManager, o: KubeletServerOptions & { clientCA: Buffer }, log: Logger, signal: AbortSignal): Promise<KubeletServer | undefined> {
  if (!serving.current()) log.info({ node: cfg.nodeName }, 'kubelet API not listening yet: waiting for its serving certificate (a kubernetes.io/kubelet-serving CSR, approved once the Node has registered its addresses); the kubelet runs meanwhile');
  const first = await serving.ready();
  if (!first || signal.aborted) return undefined;
  const server = await startKubeletServer(cfg.address, cfg.port, { ...o, tls: { cert: Buffer.from(first.cert), key: Buffer.from(first.key), clientCA: o.clientCA } });
  serving.onRotate((pair) => {
    server.setServingCertificate(pair.cert, pair.key);
    log.info({ port: server.port }, 'kubelet API serves the renewed serving certificate');
  });
  // A renewal while the server was starting: serve that one.
  const now = serving.current();
  if (now && now !== first) server.setServingCertificate(now.cert, now.key);
  log.info({ port: server.port }, 'kubelet API listening (HTTPS, serving certificate from the CSR flow)');
  return server;
}

async function waitForDocker(runtime: ContainerRuntime, log: Logger, signal: AbortSignal): Promise<void> {
  for (let i = 0; !signal.aborted; i++) {
    try {
      await runtime.ping();
      return;
    } catch (err) {
      if (i % 10 === 0) log.warn({ err }, 'waiting for the Docker engine');
      await sleep(realClock, 1000, signal);
    }
  }
}

async function waitForPodCIDR(client: Client, nodeName: string, log: Logger, signal: AbortSignal): Promise<string | undefined> {
  for (let i = 0; !signal.aborted; i++) {
    const node = await client.resource<Node>(Resources.nodes).get(undefined, nodeName).catch(() => undefined);
    if (node?.spec?.podCIDR) return node.spec.podCIDR;
    if (i % 10 === 0) log.info('waiting for Node.spec.podCIDR (controller-manager IPAM or --pod-cidr)');
    await sleep(realClock, 1000, signal);
  }
  return undefined;
}
