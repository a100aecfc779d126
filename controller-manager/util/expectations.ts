import type { Clock } from '../context.ts';

/** ExpectationsTimeoutMs: expectations older than this are considered stale (5 min, as in Kubernetes). */
export const ExpectationsTimeoutMs = 5 * 60 * 1000;

interface Expectation {
  add: number;
  deleteKeys: Set<string>;
  timestamp: number;
}

/**
 * Expectations is the ReplicaSet controller's UIDTrackingControllerExpectations: a controller
 * records how many creations and which deletions it has asked for, and does not act on the
 * same owner again until the informers have observed them (or they expire), so a stale cache
 * never leads to double creates or deletes.
 */
export class Expectations {
  readonly #clock: Clock;
  readonly #items = new Map<string, Expectation>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** satisfied tells whether the controller may sync key now. */
  satisfied(key: string): boolean {
    const e = this.#items.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.deleteKeys.size === 0) return true;
    return this.#clock.now() - e.timestamp > ExpectationsTimeoutMs;
  }

  /** expectCreations records that `count` creations were requested. */
  expectCreations(key: string, count: number): void {
    this.#items.set(key, { add: count, deleteKeys: new Set(), timestamp: this.#clock.now() });
  }

  /** expectDeletions records the keys of the objects whose deletion was requested. */
  expectDeletions(key: string, podKeys: string[]): void {
    this.#items.set(key, { add: 0, deleteKeys: new Set(podKeys), timestamp: this.#clock.now() });
  }

  /** creationObserved lowers the creation count (also used for creations that were skipped). */
  creationObserved(key: string): void {
    const e = this.#items.get(key);
    if (e) e.add--;
  }

  /** deletionObserved marks one expected deletion as seen; unknown keys are ignored. */
  deletionObserved(key: string, podKey: string): void {
    this.#items.get(key)?.deleteKeys.delete(podKey);
  }

  /** delete forgets key (its owner is gone). */
  delete(key: string): void {
    this.#items.delete(key);
  }
}
