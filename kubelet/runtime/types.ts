/**
 * The kubelet's narrow view of a container engine (design §3.6). The Docker implementation
 * (docker-runtime.ts) is the only importer of dockerode; unit tests use fake-runtime.ts.
 */
import type { Readable, Writable } from 'node:stream';

/** Label keys put on every container the kubelet creates, so a restarted kubelet adopts them. */
export const LabelPodUid = 'io.skiff.pod.uid';
export const LabelPodName = 'io.skiff.pod.name';
export const LabelPodNamespace = 'io.skiff.pod.namespace';
export const LabelContainerName = 'io.skiff.container.name';
export const LabelContainerAttempt = 'io.skiff.container.attempt';
export const LabelType = 'io.skiff.type';
/** LabelNode names the node whose kubelet owns the container (several kubelets may share an engine in tests). */
export const LabelNode = 'io.skiff.node';
/** LabelContainerHash records a hash of the container spec so a changed spec restarts it. */
export const LabelContainerHash = 'io.skiff.container.hash';
/** LabelPodIP holds a sandbox's pod IP, chosen by the kubelet (kubelet/network/pod-ips.ts). */
export const LabelPodIP = 'io.skiff.pod.ip';
/** LabelInit marks init containers. */
export const LabelInit = 'io.skiff.container.init';

/** ContainerState is the engine state of a container, reduced to what the kubelet uses. */
export type ContainerState = 'created' | 'running' | 'exited' | 'unknown';

/** RuntimeContainer is one container as the runtime reports it (list or inspect). */
export interface RuntimeContainer {
  id: string;
  name: string;
  image: string;
  imageId: string;
  labels: Record<string, string>;
  state: ContainerState;
  createdAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  exitCode?: number;
  oomKilled?: boolean;
  /** error is the engine's message when a start failed (e.g. bad command). */
  error?: string;
  /** ip is the address on the pod network (running sandboxes only). */
  ip?: string;
  /** pid is the container's main process while it runs (inspect only). */
  pid?: number;
}

/** PullAuth is a registry credential, in Docker's authconfig form. */
export interface PullAuth {
  username?: string;
  password?: string;
  auth?: string;
  serveraddress?: string;
}

/** DnsConfig is what the sandbox's resolv.conf says. */
export interface DnsConfig {
  servers: string[];
  searches: string[];
  options: string[];
}

/** SandboxSpec describes a pod sandbox (the pause container holding the network namespace). */
export interface SandboxSpec {
  name: string;
  image: string;
  labels: Record<string, string>;
  hostname: string;
  /** network is a Docker network name, or 'host' for hostNetwork pods. */
  network: string;
  dns?: DnsConfig;
  extraHosts?: string[];
  /** seccomp is Docker's seccomp option ('unconfined' or a profile's JSON); unset: the engine's default. */
  seccomp?: string;
}

/** NetworkOutcome says what ensureNetwork did; `previousSubnet` is that of a replaced network. */
export interface NetworkOutcome {
  outcome: 'kept' | 'created' | 'replaced';
  previousSubnet?: string;
}

/** Mount is a host directory bound into a container. */
export interface Mount {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

/** ContainerSpec describes an app or init container joining a sandbox. */
export interface ContainerSpec {
  name: string;
  image: string;
  labels: Record<string, string>;
  sandboxId: string;
  /** entrypoint overrides the image ENTRYPOINT (Kubernetes `command`). */
  entrypoint?: string[];
  /** cmd overrides the image CMD (Kubernetes `args`). */
  cmd?: string[];
  env: string[];
  workingDir?: string;
  tty: boolean;
  stdin: boolean;
  stdinOnce: boolean;
  mounts: Mount[];
  nanoCpus?: number;
  cpuShares?: number;
  memoryBytes?: number;
  user?: string;
  readOnlyRootfs?: boolean;
  /** seccomp is Docker's seccomp option ('unconfined' or a profile's JSON); unset: the engine's default. */
  seccomp?: string;
  capAdd?: string[];
  capDrop?: string[];
  privileged?: boolean;
  /** hostNetwork containers use the host's network instead of the sandbox's. */
  hostNetwork?: boolean;
}

/** ListFilter selects containers by labels (all must match); `all` includes exited ones. */
export interface ListFilter {
  labels?: Record<string, string>;
  all?: boolean;
}

/** LogOptions mirror the kubelet's containerLogs query. */
export interface LogOptions {
  follow?: boolean;
  tailLines?: number;
  /** sinceSeconds is relative to now. */
  sinceSeconds?: number;
  timestamps?: boolean;
  signal?: AbortSignal;
}

/** ExecOptions start a command in a running container. */
export interface ExecOptions {
  cmd: string[];
  tty?: boolean;
  stdin?: boolean;
  /** timeoutMs kills the wait (exec probes); the process itself may linger, as in Docker. */
  timeoutMs?: number;
}

/** AttachOptions say which of a container's streams an attach joins. */
export interface AttachOptions {
  stdin?: boolean;
  tty?: boolean;
}

/** ExecSession is a running exec: write stdin, read stdout/stderr, wait for the exit code. */
export interface ExecSession {
  stdin?: Writable;
  stdout: Readable;
  stderr: Readable;
  resize(cols: number, rows: number): Promise<void>;
  /** exitCode resolves when the process ends (rejects on timeout). */
  exitCode: Promise<number>;
}

/**
 * ContainerStats is one resource reading of a running container, as cAdvisor and `docker stats`
 * compute it from the engine's two samples about a second apart.
 */
export interface ContainerStats {
  /** time is when the engine took the (later) sample. */
  time: Date;
  /** cpuNanos is the cumulative CPU time the container used (usageCoreNanoSeconds). */
  cpuNanos: number;
  /** cpuNanoCores is the CPU rate between the two samples (usageNanoCores); 0 without a first sample. */
  cpuNanoCores: number;
  /** memoryBytes is the cgroup's memory usage, page cache included (usageBytes). */
  memoryBytes: number;
  /** workingSetBytes is usage minus inactive file cache, never below 0 (what the OOM killer and HPA look at). */
  workingSetBytes: number;
}

/** RuntimeEvent tells the kubelet a container changed state, so it need not poll. */
export interface RuntimeEvent {
  containerId: string;
  action: 'start' | 'die' | 'oom' | 'destroy' | 'other';
  labels: Record<string, string>;
}

/** ContainerRuntime is the kubelet's container engine interface. */
export interface ContainerRuntime {
  /** ping resolves when the engine answers. */
  ping(): Promise<void>;
  /** version is the engine's version, reported as nodeInfo.containerRuntimeVersion (docker://x.y.z). */
  version(): Promise<string>;
  /** imagePresent returns the image ID when the image exists locally. */
  imagePresent(image: string): Promise<string | undefined>;
  /** pullImage pulls from the image's own registry; rejects with the registry's message. */
  pullImage(image: string, auth?: PullAuth): Promise<void>;
  /** removeImage deletes an unused image (image GC). */
  removeImage(image: string): Promise<void>;
  /** pruneImages removes images no container uses, except those carrying `keepLabel`; returns bytes freed. */
  pruneImages(keepLabel: string): Promise<number>;
  /**
   * ensureNetwork creates a bridge network with the subnet when missing (idempotent). One of that
   * name with another subnet (the node's pod CIDR changed) is replaced.
   */
  ensureNetwork(name: string, subnet: string, bridgeName: string): Promise<NetworkOutcome>;
  createSandbox(spec: SandboxSpec): Promise<string>;
  createContainer(spec: ContainerSpec): Promise<string>;
  start(id: string): Promise<void>;
  /** stop sends the stop signal, then SIGKILL after graceSeconds. */
  stop(id: string, graceSeconds: number): Promise<void>;
  remove(id: string): Promise<void>;
  list(filter?: ListFilter): Promise<RuntimeContainer[]>;
  inspect(id: string): Promise<RuntimeContainer | undefined>;
  logs(id: string, opts: LogOptions): Promise<Readable>;
  exec(id: string, opts: ExecOptions): Promise<ExecSession>;
  /**
   * attach joins a running container's main process (kubectl attach): its output from now on
   * and, with stdin, its standard input; exitCode resolves (0) when the process's streams end.
   */
  attach(id: string, opts: AttachOptions): Promise<ExecSession>;
  /**
   * stats takes a reading (about a second: the engine samples twice); undefined when the
   * container is gone or no longer running. The signal abandons the request.
   */
  stats(id: string, signal?: AbortSignal): Promise<ContainerStats | undefined>;
  /** events streams container events until the signal aborts (reconnects are the caller's). */
  events(signal: AbortSignal): AsyncIterable<RuntimeEvent>;
}
