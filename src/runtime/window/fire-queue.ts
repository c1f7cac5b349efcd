/**
 * The pending window ends of a window operator: end → keys that have a window
 * (or slice) ending there, and the ends in increasing order. It is derived
 * data: an operator rebuilds it from its keyed state when it opens, so it needs
 * no snapshot of its own.
 */
import type { StateKey } from '../../state/api.ts';

export class FireQueue {
  private readonly byEnd = new Map<number, Set<StateKey>>();
  /** Pending ends, ascending. */
  private readonly ends: number[] = [];

  add(end: number, key: StateKey): void {
    let s = this.byEnd.get(end);
    if (s === undefined) {
      s = new Set();
      this.byEnd.set(end, s);
      const ends = this.ends;
      let i = ends.length;
      while (i > 0 && ends[i - 1]! > end) i--;
      ends.splice(i, 0, end);
    }
    s.add(key);
  }

  /** The earliest pending end, or undefined. */
  peek(): number | undefined {
    return this.ends[0];
  }

  /** Removes and returns the keys of the earliest end. */
  pop(): { end: number; keys: Set<StateKey> } | undefined {
    const end = this.ends.shift();
    if (end === undefined) return undefined;
    const keys = this.byEnd.get(end)!;
    this.byEnd.delete(end);
    return { end, keys };
  }

  get size(): number {
    return this.ends.length;
  }
}
