/**
 * build/run of the kubelet process: connect to the API server and Docker, register the Node,
 * wait for a pod CIDR (flag or Node.spec.podCIDR from the controller-manager's IPAM), then run
 * the lease/status heartbeats, the kubelet API server and the pod machinery until shutdown.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { realClock, sleep } from '../client/clock.ts';
import { clientFromKubeconfig } from '../client/from-kubeconfig.ts';
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
import { startKubeletServer } from './server/server.ts';

/** KubeletApp is a built, not yet running, kubelet. */
export interface KubeletApp {
  client: Client;
  runtime: ContainerRuntime;
  agent: NodeAgent;
  run(signal: AbortSignal): Promise<void>;
}

/** build wires the kubelet from its config. */
export async function build(cfg: KubeletConfig, log: Logger, client?: Client): Promise<KubeletApp> {
  const c = client ?? clientFromKubeconfig(cfg.kubeconfig, `kubelet/${cfg.nodeName}`);
  const runtime = createDockerRuntime(cfg.dockerEndpoint);
  const nodeIP = cfg.nodeIP ?? nodeIPGuess();
  await mkdir(cfg.rootDir, { recursive: true });
  const agent = new NodeAgent({
    client: c, runtime, rootDir: cfg.rootDir, clock: realClock, log: log.child({ part: 'node' }), statusCheckMs: cfg.statusUpdateMs,
    identity: { nodeName: cfg.nodeName, nodeIP, port: cfg.port, maxPods: cfg.maxPods, labels: cfg.nodeLabels, taints: cfg.taints, podCIDR: cfg.podCIDR, runtimeVersion: 'docker://unknown' },
  });
  return { client: c, runtime, agent, run: (signal) => run(cfg, log, c, runtime, agent, nodeIP, signal) };
}

async function run(cfg: KubeletConfig, log: Logger, client: Client, runtime: ContainerRuntime, agent: NodeAgent, nodeIP: string, signal: AbortSignal): Promise<void> {
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
  const server = await startKubeletServer(cfg.address, cfg.port, {
    runtime, log: log.child({ part: 'server' }),
    findPod: (ns, name) => kubelet.pods.lister.get(ns, name),
    listPods: () => kubelet.pods.lister.list(),
    healthz: () => (kubelet.pods.hasSynced() ? '' : 'pod cache not synced'),
    tls: cfg.tls && { cert: readFileSync(cfg.tls.certFile), key: readFileSync(cfg.tls.keyFile), clientCA: readFileSync(cfg.tls.clientCAFile) },
  });
  log.info({ node: cfg.nodeName, nodeIP, podCIDR, port: server.port }, 'kubelet running');
  await Promise.all([kubelet.run(signal), heartbeats]);
  await server.close();
  log.info('kubelet stopped');
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
