/**
 * ImageManager pulls images as imagePullPolicy says, with per-image backoff: a failed pull
 * reports ErrImagePull, and while its backoff runs the container reports ImagePullBackOff.
 */
import type { Container, Pod } from './api-types.ts';
import type { ContainerRuntime, PullAuth } from './runtime/types.ts';
import { Backoff } from './backoff.ts';
import type { ObjectSource } from './env.ts';

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
  readonly #lastFailure = new Map<string, number>();

  constructor(runtime: ContainerRuntime, backoff: Backoff, src: ObjectSource, now: () => number) {
    this.#runtime = runtime;
    this.#backoff = backoff;
    this.#src = src;
    this.#now = now;
  }

  /** ensure makes the image of `c` present; throws ImagePullError on failure or backoff. */
  async ensure(pod: Pod, c: Container): Promise<void> {
    const image = c.image ?? '';
    const policy = pullPolicy(c);
    const present = await this.#runtime.imagePresent(image);
    if (present && policy !== 'Always') return;
    if (policy === 'Never') throw new ImagePullError('ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`);
    const key = `${pod.metadata.uid}/${image}`;
    const failedAt = this.#lastFailure.get(key);
    if (failedAt !== undefined && this.#backoff.remainingMs(key, failedAt) > 0) {
      throw new ImagePullError('ImagePullBackOff', `Back-off pulling image "${image}"`);
    }
    try {
      await this.#runtime.pullImage(image, await this.#auth(pod, image));
      this.#lastFailure.delete(key);
      this.#backoff.reset(key);
    } catch (err) {
      // With policy Always an image already present still runs when the registry is down.
      if (present) return;
      this.#backoff.next(key);
      this.#lastFailure.set(key, this.#now());
      throw new ImagePullError('ErrImagePull', `Failed to pull image "${image}": ${(err as Error).message}`);
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
