/** Conversions from Docker's API shapes to the runtime's RuntimeContainer. */
import type Docker from 'dockerode';
import { LabelPodIP, type ContainerState, type RuntimeContainer } from './types.ts';

/** isNotFoundError tells whether a dockerode error is a 404. */
export function isNotFoundError(err: unknown): boolean {
  return (err as { statusCode?: number }).statusCode === 404;
}

function stateOf(s: string): ContainerState {
  if (s === 'running' || s === 'restarting' || s === 'paused') return 'running';
  if (s === 'exited' || s === 'dead') return 'exited';
  if (s === 'created') return 'created';
  return 'unknown';
}

function date(s: string | undefined): Date | undefined {
  if (!s || s.startsWith('0001-')) return undefined;
  return new Date(s);
}

/** fromListEntry converts a listContainers entry (state and exit code are coarse there). */
export function fromListEntry(c: Docker.ContainerInfo): RuntimeContainer {
  const nets = Object.values(c.NetworkSettings?.Networks ?? {});
  const exit = /Exited \((\d+)\)/.exec(c.Status ?? '');
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? '').replace(/^\//, ''),
    image: c.Image,
    imageId: c.ImageID,
    labels: c.Labels ?? {},
    state: stateOf(c.State),
    createdAt: new Date(c.Created * 1000),
    exitCode: exit ? Number(exit[1]) : undefined,
    ip: podIP(nets, c.Labels ?? {}, stateOf(c.State)),
  };
}

/** fromInspect converts a container inspect result (precise times, exit code, OOM flag). */
export function fromInspect(c: Docker.ContainerInspectInfo): RuntimeContainer {
  const nets = Object.values(c.NetworkSettings?.Networks ?? {});
  const state = stateOf(c.State.Status);
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    image: c.Config.Image,
    imageId: c.Image,
    labels: c.Config.Labels ?? {},
    state,
    createdAt: new Date(c.Created),
    startedAt: date(c.State.StartedAt),
    finishedAt: state === 'exited' ? date(c.State.FinishedAt) : undefined,
    // A failed start leaves the container "created" with its error and exit code (127: not found).
    exitCode: state === 'exited' || (state === 'created' && c.State.Error) ? c.State.ExitCode : undefined,
    oomKilled: c.State.OOMKilled,
    error: c.State.Error || undefined,
    ip: podIP(nets, c.Config.Labels ?? {}, state),
    pid: state === 'running' && c.State.Pid ? c.State.Pid : undefined,
  };
}

/**
 * podIP is a sandbox's address: the one the kubelet wired (LabelPodIP) while it runs, or one
 * Docker gave it on a Docker network (sandboxes created before the kubelet wired them itself).
 */
function podIP(nets: Array<{ IPAddress?: string }>, labels: Record<string, string>, state: ContainerState): string | undefined {
  if (state === 'running' && labels[LabelPodIP]) return labels[LabelPodIP];
  return nets.find((n) => n.IPAddress)?.IPAddress || undefined;
}
