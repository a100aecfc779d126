/**
 * A fixed-capacity ring of events in revision order: the watch cache's memory of recent history.
 */

/** EventRing keeps the newest `capacity` items; evicting returns the oldest. */
export interface EventRing<T extends { revision: number }> {
  /** push appends ev and returns the item evicted to make room, if any. */
  push(ev: T): T | undefined;
  /** after lists the items with revision > rev, oldest first. */
  after(rev: number): T[];
  clear(): void;
  readonly length: number;
}

/** createEventRing makes an empty EventRing. */
export function createEventRing<T extends { revision: number }>(capacity: number): EventRing<T> {
  if (capacity < 1) throw new Error('EventRing capacity must be at least 1');
  const slots: (T | undefined)[] = new Array<T | undefined>(capacity);
  let start = 0;
  let length = 0;
  const at = (i: number): T => slots[(start + i) % capacity] as T;

  return {
    push(ev: T): T | undefined {
      if (length < capacity) {
        slots[(start + length) % capacity] = ev;
        length++;
        return undefined;
      }
      const evicted = slots[start];
      slots[start] = ev;
      start = (start + 1) % capacity;
      return evicted;
    },
    after(rev: number): T[] {
      // Binary search for the first item newer than rev: revisions only grow.
      let lo = 0;
      let hi = length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (at(mid).revision > rev) hi = mid;
        else lo = mid + 1;
      }
      const out: T[] = [];
      for (let i = lo; i < length; i++) out.push(at(i));
      return out;
    },
    clear(): void {
      slots.fill(undefined);
      start = 0;
      length = 0;
    },
    get length() {
      return length;
    },
  };
}
