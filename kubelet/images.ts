/**
 * ImageManager pulls images as imagePullPolicy says, with per-image backoff: a failed pull
 * reports ErrImagePull, and while its backoff runs the container reports ImagePullBackOff.
 * It records the image events Kubernetes' image manager does: Pulling, Pulled (pulled, or
 * already present), Failed (the pull's error), BackOff, ErrImageNeverPull.
 */
import type { Container, Pod } from './api-types.ts';
import type { ContainerRuntime, PullAuth } from './runtime/types.ts';
import { Backoff } from './backoff.ts';
import type { ObjectSource } from './env.ts';

/** RecordEvent emits an Event about a pod (the pod syncer's recorder, or nothing). */
export type RecordEvent = (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string) => void;

/**
 * goDuration formats milliseconds as Go's time.Duration does after Truncate(time.Millisecond),
 * which is how Kubernetes' Pulled events say how long a pull took: 0s, 523ms, 1.5s, 1m2.345s.
 */
export function goDuration(ms: number): string {
  ms = Math.max(0, Math.trunc(ms));
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sec = ((ms % 60_000) / 1000).toFixed(3).replace(/\.?0+$/, '');
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${sec}s`;
}

/** ImagePullError carries the waiting reason a failed pull gives the container. */
export class ImagePullError extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** registryOf returns the registry host of an image reference (docker.io when none). */
export function registryOf(image: string): string {
  const first = image.split('/')[0];
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

/** pullPolicy is the container's policy with Kubernetes' default (Always for :latest or no tag). */
export function pullPolicy(c: Container): string {
  if (c.imagePullPolicy) return c.imagePullPolicy;
  const image = c.image ?? '';
  const tag = image.includes('@') ? 'digest' : image.lastIndexOf(':') > image.lastIndexOf('/') ? image.slice(image.lastIndexOf(':') + 1) : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** ImageManager: see the file comment. */
export class ImageManager {
  readonly #runtime: ContainerRuntime;
  readonly #backoff: Backoff;
  readonly #src: ObjectSource;
  readonly #now: () => number;
  readonly #record: RecordEvent;
  readonly #lastFailure = new Map<string, number>();

  constructor(runtime: ContainerRuntime, backoff: Backoff, src: ObjectSource, now: () => number, record: RecordEvent = () => {}) {
    this.#runtime = runtime;
    this.#backoff = backoff;
    this.#src = src;
    this.#now = now;
    this.#record = record;
  }

  /**
   * usable tells whether the image of `c` can be used without a pull (present, policy not Always),
   * recording the Pulled event ensure would; it never pulls.
   */
  async usable(pod: Pod, c: Container): Promise<boolean> {
    if (pullPolicy(c) === 'Always' || !(await this.#runtime.imagePresent(c.image ?? ''))) return false;
    this.#record(pod, 'Normal', 'Pulled', `Container image "${c.image ?? ''}" already present on machine`);
    return true;
  }

  /** ensure makes the image of `c` present; throws ImagePullError on failure or backoff. */
  async ensure(pod: Pod, c: Container): Promise<void> {
    const image = c.image ?? '';
    const policy = pullPolicy(c);
    const present = await this.#runtime.imagePresent(image);
    if (present && policy !== 'Always') return this.#record(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
    if (policy === 'Never') {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      this.#record(pod, 'Warning', 'ErrImageNeverPull', message);
      throw new ImagePullError('ErrImageNeverPull', message);
    }
    const key = `${pod.metadata.uid}/${image}`;
    const failedAt = this.#lastFailure.get(key);
    if (failedAt !== undefined && this.#backoff.remainingMs(key, failedAt) > 0) {
      const message = `Back-off pulling image "${image}"`;
      this.#record(pod, 'Normal', 'BackOff', message);
      throw new ImagePullError('ImagePullBackOff', message);
    }
    await this.#pull(pod, image, key, !!present);
  }

  async #pull(pod: Pod, image: string, key: string, present: boolean): Promise<void> {
    const start = this.#now();
    this.#record(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
    try {
      await this.#runtime.pullImage(image, await this.#auth(pod, image));
      this.#lastFailure.delete(key);
      this.#backoff.reset(key);
      // Pulls are not serialized here, so the time "including waiting" is the pull's own.
      const took = goDuration(this.#now() - start);
      this.#record(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting)`);
    } catch (err) {
      const message = `Failed to pull image "${image}": ${(err as Error).message}`;
      this.#record(pod, 'Warning', 'Failed', message);
      // With policy Always an image already present still runs when the registry is down.
      if (present) return;
      this.#backoff.next(key);
      this.#lastFailure.set(key, this.#now());
      throw new ImagePullError('ErrImagePull', message);
    }
  }

  /** retryInMs is how long until the image of `c` may be pulled again (0 = now). */
  retryInMs(pod: Pod, c: Container): number {
    const key = `${pod.metadata.uid}/${c.image}`;
    const failedAt = this.#lastFailure.get(key);
    return failedAt === undefined ? 0 : this.#backoff.remainingMs(key, failedAt);
  }

  async #auth(pod: Pod, image: string): Promise<PullAuth | undefined> {
    const registry = registryOf(image);
    for (const ref of pod.spec?.imagePullSecrets ?? []) {
      if (!ref.name) continue;
      const data = await this.#src.secret(pod.metadata.namespace ?? 'default', ref.name);
      const raw = data?.['.dockerconfigjson'] ?? data?.['.dockercfg'];
      if (!raw) continue;
      const cfg = JSON.parse(raw) as { auths?: Record<string, PullAuth> } & Record<string, PullAuth>;
      const auths = cfg.auths ?? cfg;
      for (const [host, a] of Object.entries(auths)) {
        if (host.replace(/^https?:\/\//, '').split('/')[0] !== registry) continue;
        if (a.auth && !a.username) {
          const [username, ...rest] = Buffer.from(a.auth, 'base64').toString().split(':');
          return { username, password: rest.join(':'), serveraddress: registry };
        }
        return { username: a.username, password: a.password, serveraddress: registry };
      }
    }
    return undefined;
  }
}
