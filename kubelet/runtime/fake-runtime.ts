/**
 * An in-memory ContainerRuntime for unit tests: containers are records whose state tests
 * drive (exit, oom); every call is recorded in `calls`.
 */
import { PassThrough } from 'node:stream';
import type {
  ContainerRuntime, ContainerSpec, ContainerStats, ExecOptions, ExecSession, ListFilter, RuntimeContainer, RuntimeEvent, SandboxSpec,
} from './types.ts';
import { LabelPodIP } from './types.ts';

/** FakeRuntime is the fake plus the knobs tests turn. */
export interface FakeRuntime extends ContainerRuntime {
  calls: string[];
  containers: Map<string, RuntimeContainer & { spec?: ContainerSpec; sandbox?: SandboxSpec }>;
  images: Set<string>;
  /** pullErrors maps an image to the error its pull fails with. */
  pullErrors: Map<string, string>;
  /** execResults maps a command line (joined by space) to its exit code and output. */
  execResults: Map<string, { code: number; stdout?: string }>;
  /** startErrors maps an image to an error its containers fail to start with. */
  startErrors: Map<string, string>;
  down: boolean;
  /** containerStats maps a container id to what stats() reports while it runs (zeros when unset). */
  containerStats: Map<string, Partial<ContainerStats>>;
  /** exit makes a running container exit as if its process ended. */
  exit(id: string, code: number, opts?: { oomKilled?: boolean }): void;
  emit(ev: RuntimeEvent): void;
}

/** createFakeRuntime makes an empty fake engine; `now` supplies timestamps (injectable clock). */
export function createFakeRuntime(now: () => Date = () => new Date()): FakeRuntime {
  let seq = 0;
  const listeners = new Set<(ev: RuntimeEvent) => void>();
  const f: FakeRuntime = {
    calls: [],
    containers: new Map(),
    images: new Set(['skiff/pause:latest']),
    pullErrors: new Map(),
    execResults: new Map(),
    startErrors: new Map(),
    down: false,
    containerStats: new Map(),
    exit(id, code, opts = {}) {
      const c = must(id);
      Object.assign(c, { state: 'exited', exitCode: code, finishedAt: now(), oomKilled: opts.oomKilled ?? false });
      f.emit({ containerId: id, action: 'die', labels: c.labels });
    },
    emit(ev) {
      for (const l of listeners) l(ev);
    },
    async ping() {
      check();
    },
    async version() {
      return 'fake://0.0.0';
    },
    async imagePresent(image) {
      check();
      return f.images.has(image) ? `sha256:${image}` : undefined;
    },
    async pullImage(image) {
      check();
      f.calls.push(`pull ${image}`);
      const err = f.pullErrors.get(image);
      if (err) throw new Error(err);
      f.images.add(image);
    },
    async removeImage(image) {
      f.images.delete(image);
    },
    async pruneImages() {
      f.calls.push('prune images');
      return 0;
    },
    async ensureNetwork(name) {
      f.calls.push(`network ${name}`);
      return { outcome: 'kept' };
    },
    async createSandbox(spec) {
      return add(spec.name, spec.image, spec.labels, { sandbox: spec, ip: spec.labels[LabelPodIP] ?? `10.244.0.${++seq + 1}` });
    },
    async createContainer(spec) {
      return add(spec.name, spec.image, spec.labels, { spec });
    },
    async start(id) {
      check();
      const c = must(id);
      f.calls.push(`start ${c.name}`);
      const err = f.startErrors.get(c.image);
      if (err) {
        Object.assign(c, { state: 'exited', exitCode: 128, error: err, finishedAt: now() });
        throw new Error(err);
      }
      Object.assign(c, { state: 'running', startedAt: now(), finishedAt: undefined, exitCode: undefined });
    },
    async stop(id, grace) {
      check();
      const c = f.containers.get(id);
      if (!c || c.state !== 'running') return;
      f.calls.push(`stop ${c.name} ${grace}`);
      Object.assign(c, { state: 'exited', exitCode: 137, finishedAt: now() });
    },
    async remove(id) {
      check();
      const c = f.containers.get(id);
      if (c) f.calls.push(`remove ${c.name}`);
      f.containers.delete(id);
    },
    async list(filter: ListFilter = {}) {
      check();
      return [...f.containers.values()]
        .filter((c) => Object.entries(filter.labels ?? {}).every(([k, v]) => c.labels[k] === v))
        .filter((c) => filter.all !== false || c.state === 'running')
        .map((c) => structuredClone({ ...c, spec: undefined, sandbox: undefined }));
    },
    async inspect(id) {
      check();
      const c = f.containers.get(id);
      return c ? structuredClone({ ...c, spec: undefined, sandbox: undefined }) : undefined;
    },
    async logs() {
      const s = new PassThrough();
      s.end('fake log line\n');
      return s;
    },
    async exec(_id, opts: ExecOptions): Promise<ExecSession> {
      check();
      const r = f.execResults.get(opts.cmd.join(' ')) ?? { code: 0 };
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      stdout.end(r.stdout ?? '');
      stderr.end();
      return { stdout, stderr, async resize() {}, exitCode: Promise.resolve(r.code) };
    },
    async attach(id) {
      check();
      f.calls.push(`attach ${f.containers.get(id)?.name ?? id}`);
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      stdout.end();
      stderr.end();
      return { stdout, stderr, async resize() {}, exitCode: Promise.resolve(0) };
    },
    async stats(id) {
      check();
      const c = f.containers.get(id);
      f.calls.push(`stats ${c?.name ?? id}`);
      if (!c || c.state !== 'running') return undefined;
      return { time: now(), cpuNanos: 0, cpuNanoCores: 0, memoryBytes: 0, workingSetBytes: 0, ...f.containerStats.get(id) };
    },
    async *events(signal) {
      const queue: RuntimeEvent[] = [];
      let wake: (() => void) | undefined;
      const l = (ev: RuntimeEvent) => {
        queue.push(ev);
        wake?.();
      };
      listeners.add(l);
      signal.addEventListener('abort', () => wake?.(), { once: true });
      try {
        while (!signal.aborted) {
          if (queue.length) yield queue.shift()!;
          else await new Promise<void>((r) => (wake = r));
        }
      } finally {
        listeners.delete(l);
      }
    },
  };

  function check(): void {
    if (f.down) throw Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' });
  }
  function must(id: string) {
    const c = f.containers.get(id);
    if (!c) throw Object.assign(new Error(`no such container ${id}`), { statusCode: 404 });
    return c;
  }
  function add(name: string, image: string, labels: Record<string, string>, extra: object): string {
    check();
    if ([...f.containers.values()].some((c) => c.name === name)) {
      throw Object.assign(new Error(`Conflict. The container name "/${name}" is already in use`), { statusCode: 409 });
    }
    const id = `c${++seq}`.padEnd(12, '0');
    f.calls.push(`create ${name}`);
    f.containers.set(id, { id, name, image, imageId: `sha256:${image}`, labels, state: 'created', createdAt: now(), ...extra });
    return id;
  }
  return f;
}
