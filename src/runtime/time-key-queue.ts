/**
 * A priority queue of (time, key) pairs by time, for timers: pairs pushed in
 * non-decreasing time order (the usual case: a cleanup or window timer at row
 * time + a constant) go to a sorted ring buffer, O(1) each way without
 * allocating once it has grown; the others to a binary min-heap. The earliest
 * pair is the smaller of the ring's head and the heap's top (the ring's on a
 * tie). Duplicates are kept: callers that need set semantics check popped
 * pairs against their own record of what is registered.
 */
const MIN_CAPACITY = 1024;

export class TimeKeyQueue<K> {
  /** The ring: times and keys at (head + i) & mask for i < ringSize; capacity a power of two. */
  private ringTimes = new Float64Array(MIN_CAPACITY);
  private ringKeys = new Array<K | undefined>(MIN_CAPACITY).fill(undefined);
  private mask = MIN_CAPACITY - 1;
  private head = 0;
  private ringSize = 0;
  private readonly heapTimes: number[] = [];
  private readonly heapKeys: K[] = [];

  get size(): number {
    return this.ringSize + this.heapTimes.length;
  }

  push(time: number, key: K): void {
    const n = this.ringSize;
    if (n === 0 || time >= this.ringTimes[(this.head + n - 1) & this.mask]!) {
      if (n === this.mask + 1) this.resize(2 * n);
      const i = (this.head + n) & this.mask;
      this.ringTimes[i] = time;
      this.ringKeys[i] = key;
      this.ringSize = n + 1;
      return;
    }
    this.pushHeap(time, key);
  }

  /** True when the earliest pair is the ring's head. */
  private ringFirst(): boolean {
    if (this.ringSize === 0) return false;
    return this.heapTimes.length === 0 || this.ringTimes[this.head]! <= this.heapTimes[0]!;
  }

  /** The earliest time; Infinity when empty. */
  peekTime(): number {
    if (this.ringFirst()) return this.ringTimes[this.head]!;
    return this.heapTimes.length > 0 ? this.heapTimes[0]! : Infinity;
  }

  /** The key of the earliest pair (the queue must not be empty). */
  peekKey(): K {
    return this.ringFirst() ? this.ringKeys[this.head]! : this.heapKeys[0]!;
  }

  /** Removes the earliest pair (if any). */
  pop(): void {
    if (this.ringFirst()) {
      const h = this.head;
      this.ringKeys[h] = undefined;
      this.head = (h + 1) & this.mask;
      this.ringSize--;
      // give back the memory of a burst once the queue is nearly empty (halving, so a queue that
      // fills and drains in cycles is not copied back and forth)
      if (this.mask >= 65535 && this.ringSize < (this.mask + 1) >> 6) this.resize((this.mask + 1) >> 1);
    } else if (this.heapTimes.length > 0) this.popHeap();
  }

  /** Pops every pair with time <= limit, earliest first (including pairs pushed meanwhile), calling fire. */
  popUpTo(limit: number, fire: (time: number, key: K) => void): void {
    while (this.size > 0) {
      const t = this.peekTime();
      if (t > limit) return;
      const k = this.peekKey();
      this.pop();
      fire(t, k);
    }
  }

  /** Moves the ring, head first, into arrays of the least power of two >= max(capacity, MIN_CAPACITY) slots (at least its size). */
  private resize(capacity: number): void {
    let c = MIN_CAPACITY;
    while (c < capacity || c < this.ringSize) c *= 2;
    const times = new Float64Array(c);
    const keys = new Array<K | undefined>(c).fill(undefined);
    const n = this.ringSize;
    for (let j = 0; j < n; j++) {
      const i = (this.head + j) & this.mask;
      times[j] = this.ringTimes[i]!;
      keys[j] = this.ringKeys[i];
    }
    this.ringTimes = times;
    this.ringKeys = keys;
    this.mask = c - 1;
    this.head = 0;
  }

  private pushHeap(time: number, key: K): void {
    const ts = this.heapTimes;
    const ks = this.heapKeys;
    let i = ts.length;
    ts.push(time);
    ks.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (ts[p]! <= time) break;
      ts[i] = ts[p]!;
      ks[i] = ks[p]!;
      i = p;
    }
    ts[i] = time;
    ks[i] = key;
  }

  private popHeap(): void {
    const ts = this.heapTimes;
    const ks = this.heapKeys;
    const lastT = ts.pop()!;
    const lastK = ks.pop()!;
    const n = ts.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && ts[r]! < ts[l]! ? r : l;
      if (ts[c]! >= lastT) break;
      ts[i] = ts[c]!;
      ks[i] = ks[c]!;
      i = c;
    }
    ts[i] = lastT;
    ks[i] = lastK;
  }
}
