/**
 * The pending window ends of a window operator: end → keys that have a window
 * (or slice) ending there, and a binary min-heap of the distinct ends (session
 * windows have as many distinct ends as sessions). It is derived data: an
 * operator rebuilds it from its keyed state when it opens, so it needs no
 * snapshot of its own.
 */
import type { StateKey } from '../../state/api.ts';

export class FireQueue {
  /**
   * One key as itself (the common case for sessions), several as an array (cheaper than a Set:
   * a key added again right after itself is skipped, other repeats are kept, and consumers
   * ignore an end they find nothing for).
   */
  private readonly byEnd = new Map<number, StateKey | StateKey[]>();
  /** Distinct pending ends, a binary min-heap. */
  private readonly heap: number[] = [];

  add(end: number, key: StateKey): void {
    const s = this.byEnd.get(end);
    if (s !== undefined) {
      if (Array.isArray(s)) {
        if (s[s.length - 1] !== key) s.push(key);
      } else if (s !== key) this.byEnd.set(end, [s, key]);
      return;
    }
    {
      this.byEnd.set(end, key);
      const h = this.heap;
      let i = h.length;
      h.push(end);
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (h[p]! <= end) break;
        h[i] = h[p]!;
        i = p;
      }
      h[i] = end;
    }
  }

  /** The earliest pending end, or undefined. */
  peek(): number | undefined {
    return this.heap[0];
  }

  /** Removes and returns the keys of the earliest end (a key may appear more than once). */
  pop(): { end: number; keys: Iterable<StateKey> } | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const end = h[0]!;
    const last = h.pop()!;
    const n = h.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && h[r]! < h[l]! ? r : l;
        if (h[c]! >= last) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    const k = this.byEnd.get(end)!;
    this.byEnd.delete(end);
    return { end, keys: Array.isArray(k) ? k : [k] };
  }

  get size(): number {
    return this.heap.length;
  }
}
