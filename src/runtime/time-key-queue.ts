/**
 * A priority queue of (time, key) pairs by time, for timers. Pairs pushed in
 * non-decreasing time order go to sorted ring buffers, O(1) each way without
 * allocating once grown: a few rings, so that several interleaved in-order
 * sequences (the usual case: cleanup or window timers at row time + a
 * constant, registered by the rows of two inputs read batch by batch) each
 * keep a ring; a pair goes to the ring with the latest tail not after it.
 * The others go to a binary min-heap. The earliest pair is the least of the
 * rings' heads and the heap's top; pairs with equal times pop in the order
 * they were pushed (each carries a sequence number). Duplicates are kept:
 * callers that need set semantics check popped pairs against their own
 * record of what is registered.
 */
const MIN_CAPACITY = 1024;
const RINGS = 4;

/** Pairs in non-decreasing time order: times, sequence numbers and keys at (head + i) & mask for i < size. */
class SortedRing<K> {
  times = new Float64Array(MIN_CAPACITY);
  seqs = new Float64Array(MIN_CAPACITY);
  keys = new Array<K | undefined>(MIN_CAPACITY).fill(undefined);
  mask = MIN_CAPACITY - 1;
  head = 0;
  size = 0;

  /** The time of the last pair (the ring must not be empty). */
  tail(): number {
    return this.times[(this.head + this.size - 1) & this.mask]!;
  }

  push(time: number, seq: number, key: K): void {
    const n = this.size;
    if (n === this.mask + 1) this.resize(2 * n);
    const i = (this.head + n) & this.mask;
    this.times[i] = time;
    this.seqs[i] = seq;
    this.keys[i] = key;
    this.size = n + 1;
  }

  shift(): void {
    const h = this.head;
    this.keys[h] = undefined;
    this.head = (h + 1) & this.mask;
    this.size--;
    // give back the memory of a burst once the ring is nearly empty (halving, and only far below
    // the capacity: a ring that fills and drains at every watermark is not copied back and forth)
    if (this.mask >= 65535 && this.size < (this.mask + 1) >> 10) this.resize((this.mask + 1) >> 1);
  }

  /** Moves the pairs, head first, into arrays of the least power of two >= max(capacity, MIN_CAPACITY, size) slots. */
  private resize(capacity: number): void {
    let c = MIN_CAPACITY;
    while (c < capacity || c < this.size) c *= 2;
    const times = new Float64Array(c);
    const seqs = new Float64Array(c);
    const keys = new Array<K | undefined>(c).fill(undefined);
    for (let j = 0; j < this.size; j++) {
      const i = (this.head + j) & this.mask;
      times[j] = this.times[i]!;
      seqs[j] = this.seqs[i]!;
      keys[j] = this.keys[i];
    }
    this.times = times;
    this.seqs = seqs;
    this.keys = keys;
    this.mask = c - 1;
    this.head = 0;
  }
}

export class TimeKeyQueue<K> {
  private readonly rings: SortedRing<K>[] = [];
  private readonly heapTimes: number[] = [];
  private readonly heapSeqs: number[] = [];
  private readonly heapKeys: K[] = [];
  private count = 0;
  /** The next sequence number (push order). */
  private seq = 0;
  /** Where the earliest pair is: a ring's index, RINGS for the heap; -1 when not known. */
  private first = -1;

  get size(): number {
    return this.count;
  }

  push(time: number, key: K): void {
    this.count++;
    this.first = -1;
    const rings = this.rings;
    let best: SortedRing<K> | undefined;
    let bestTail = -Infinity;
    let empty: SortedRing<K> | undefined;
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r]!;
      if (ring.size === 0) {
        empty ??= ring;
        continue;
      }
      const t = ring.tail();
      if (t <= time && (best === undefined || t > bestTail)) {
        best = ring;
        bestTail = t;
      }
    }
    best ??= empty;
    if (best === undefined && rings.length < RINGS) rings.push((best = new SortedRing<K>()));
    const seq = this.seq++;
    if (best !== undefined) best.push(time, seq, key);
    else this.pushHeap(time, seq, key);
  }

  /** Finds the earliest pair (the queue must not be empty). */
  private locate(): number {
    if (this.first >= 0) return this.first;
    let src = RINGS;
    let min = Infinity;
    let minSeq = Infinity;
    if (this.heapTimes.length > 0) {
      min = this.heapTimes[0]!;
      minSeq = this.heapSeqs[0]!;
    }
    const rings = this.rings;
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r]!;
      if (ring.size === 0) continue;
      const t = ring.times[ring.head]!;
      if (t < min || (t === min && ring.seqs[ring.head]! < minSeq)) {
        min = t;
        minSeq = ring.seqs[ring.head]!;
        src = r;
      }
    }
    this.first = src;
    return src;
  }

  /** The earliest time; Infinity when empty. */
  peekTime(): number {
    if (this.count === 0) return Infinity;
    const src = this.locate();
    if (src === RINGS) return this.heapTimes[0]!;
    const ring = this.rings[src]!;
    return ring.times[ring.head]!;
  }

  /** The key of the earliest pair (the queue must not be empty). */
  peekKey(): K {
    const src = this.locate();
    if (src === RINGS) return this.heapKeys[0]!;
    const ring = this.rings[src]!;
    return ring.keys[ring.head]!;
  }

  /** Removes the earliest pair (if any). */
  pop(): void {
    if (this.count === 0) return;
    const src = this.locate();
    this.count--;
    this.first = -1;
    if (src === RINGS) this.popHeap();
    else this.rings[src]!.shift();
  }

  /** Pops every pair with time <= limit, earliest first (including pairs pushed meanwhile), calling fire. */
  popUpTo(limit: number, fire: (time: number, key: K) => void): void {
    while (this.count > 0) {
      const t = this.peekTime();
      if (t > limit) return;
      const k = this.peekKey();
      this.pop();
      fire(t, k);
    }
  }

  private pushHeap(time: number, seq: number, key: K): void {
    const ts = this.heapTimes;
    const ss = this.heapSeqs;
    const ks = this.heapKeys;
    let i = ts.length;
    ts.push(time);
    ss.push(seq);
    ks.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (ts[p]! < time || (ts[p] === time && ss[p]! < seq)) break;
      ts[i] = ts[p]!;
      ss[i] = ss[p]!;
      ks[i] = ks[p]!;
      i = p;
    }
    ts[i] = time;
    ss[i] = seq;
    ks[i] = key;
  }

  private popHeap(): void {
    const ts = this.heapTimes;
    const ss = this.heapSeqs;
    const ks = this.heapKeys;
    const lastT = ts.pop()!;
    const lastS = ss.pop()!;
    const lastK = ks.pop()!;
    const n = ts.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && (ts[r]! < ts[l]! || (ts[r] === ts[l] && ss[r]! < ss[l]!)) ? r : l;
      if (ts[c]! > lastT || (ts[c] === lastT && ss[c]! > lastS)) break;
      ts[i] = ts[c]!;
      ss[i] = ss[c]!;
      ks[i] = ks[c]!;
      i = c;
    }
    ts[i] = lastT;
    ss[i] = lastS;
    ks[i] = lastK;
  }
}
