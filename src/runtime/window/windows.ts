/**
 * Pure window arithmetic for Flink's window TVFs (no state, no I/O). Times are
 * epoch-based milliseconds in the window's own time domain: the wall clock of
 * a TIMESTAMP rowtime as is, or for a TIMESTAMP_LTZ rowtime the instant
 * shifted to the session time zone's wall clock (windows align to local
 * midnight, as Flink does); the operator converts a window end back to an
 * instant to compare it with the watermark.
 *
 *  - TUMBLE(size, offset): one window [start, start + size) with
 *    start = ts - ((ts - offset) mod size).
 *  - HOP(slide, size, offset): the size/slide windows of length size whose
 *    starts are slide-aligned and which contain ts.
 *  - CUMULATE(step, size, offset): inside the enclosing size-tumble
 *    [ws, ws + size), the windows [ws, ws + k·step) for every k with
 *    ws + k·step > ts.
 *
 * Slices (Flink's slice-shared window aggregation): a HOP is cut into slices
 * of gcd(size, slide); a CUMULATE into slices of its step; a TUMBLE's slice is
 * its window. A row updates exactly one slice, and a window is the merge of the
 * slices it covers.
 */

export type AlignedWindow =
  | { readonly kind: 'TUMBLE'; readonly size: number; readonly offset: number }
  | { readonly kind: 'HOP'; readonly size: number; readonly slide: number; readonly offset: number }
  | { readonly kind: 'CUMULATE'; readonly size: number; readonly step: number; readonly offset: number };

export type WindowKindSpec = AlignedWindow | { readonly kind: 'SESSION'; readonly gap: number };

/** Start of the window of length `size` (aligned to `offset`) that contains `ts`. */
export function windowStart(ts: number, offset: number, size: number): number {
  const rem = (ts - offset) % size;
  return rem < 0 ? ts - (rem + size) : ts - rem;
}

export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return Math.abs(a);
}

/** Calls `emit(start, end)` for every window containing `ts`, in increasing order of start (then end). */
export function assignWindows(w: AlignedWindow, ts: number, emit: (start: number, end: number) => void): void {
  switch (w.kind) {
    case 'TUMBLE': {
      const s = windowStart(ts, w.offset, w.size);
      emit(s, s + w.size);
      return;
    }
    case 'HOP': {
      const last = windowStart(ts, w.offset, w.slide);
      for (let s = windowStart(ts - w.size, w.offset, w.slide) + w.slide; s <= last; s += w.slide) emit(s, s + w.size);
      return;
    }
    case 'CUMULATE': {
      const ws = windowStart(ts, w.offset, w.size);
      const first = windowStart(ts, w.offset, w.step) + w.step;
      for (let e = first; e <= ws + w.size; e += w.step) emit(ws, e);
      return;
    }
  }
}

/** The length of one slice. */
export function sliceSize(w: AlignedWindow): number {
  switch (w.kind) {
    case 'TUMBLE':
      return w.size;
    case 'HOP':
      return gcd(w.size, w.slide);
    case 'CUMULATE':
      return w.step;
  }
}

/** End of the slice that contains `ts`. */
export function sliceEnd(w: AlignedWindow, ts: number): number {
  const n = sliceSize(w);
  return windowStart(ts, w.offset, n) + n;
}

/** The distance between consecutive window ends (TUMBLE: size; HOP: slide; CUMULATE: step). */
export function windowInterval(w: AlignedWindow): number {
  return w.kind === 'TUMBLE' ? w.size : w.kind === 'HOP' ? w.slide : w.step;
}

/** End of the first window that contains the slice ending at `sliceEnd`. */
export function firstWindowEnd(w: AlignedWindow, sliceEndTime: number): number {
  // the smallest window end >= the slice end (window ends are aligned to offset + size)
  if (w.kind === 'HOP') return windowStart(sliceEndTime - 1, w.offset + w.size, w.slide) + w.slide;
  return sliceEndTime;
}

/** End of the last window that contains the slice ending at `sliceEnd`. */
export function lastWindowEnd(w: AlignedWindow, sliceEndTime: number): number {
  switch (w.kind) {
    case 'TUMBLE':
      return sliceEndTime;
    case 'HOP':
      // the latest window start at or before the slice start
      return windowStart(sliceEndTime - gcd(w.size, w.slide), w.offset, w.slide) + w.size;
    case 'CUMULATE':
      return windowStart(sliceEndTime - 1, w.offset, w.size) + w.size;
  }
}

/** Start of the window that ends at `end`. */
export function windowStartOf(w: AlignedWindow, end: number): number {
  if (w.kind === 'CUMULATE') return windowStart(end - 1, w.offset, w.size);
  return end - w.size;
}

/** Is `end` a window end (as opposed to only a slice end)? */
export function isWindowEnd(w: AlignedWindow, end: number): boolean {
  return windowStart(end, w.offset, windowInterval(w)) === end;
}

/**
 * Writes into `out` the ends of the windows containing `ts` (ascending) and returns how many.
 * A window's start is `windowStartOf(w, end)`.
 */
export function assignWindowEnds(w: AlignedWindow, ts: number, out: number[]): number {
  switch (w.kind) {
    case 'TUMBLE':
      out[0] = windowStart(ts, w.offset, w.size) + w.size;
      return 1;
    case 'HOP': {
      const last = windowStart(ts, w.offset, w.slide);
      let n = 0;
      for (let s = windowStart(ts - w.size, w.offset, w.slide) + w.slide; s <= last; s += w.slide) out[n++] = s + w.size;
      return n;
    }
    case 'CUMULATE': {
      const ws = windowStart(ts, w.offset, w.size);
      let n = 0;
      for (let e = windowStart(ts, w.offset, w.step) + w.step; e <= ws + w.size; e += w.step) out[n++] = e;
      return n;
    }
  }
}
