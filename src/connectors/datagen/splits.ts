/**
 * Datagen splits and their redistribution on a rescale.
 *
 * A split is a run of rows still to generate: the next value of each sequence
 * column, how many rows remain (null: unbounded), and the PRNG state of its
 * random columns. Within a split every sequence column advances by one per
 * row, so a split of n rows can be cut in two exactly: the second part starts
 * at the cursors plus the first part's length. A fresh job gives subtask i of
 * p one split (its contiguous share of 'number-of-rows' and of each sequence
 * range). A position is the list of splits a subtask still owns.
 *
 * On a restore at another parallelism, every new subtask computes the same
 * assignment from all old positions: the unfinished splits in old-subtask
 * order; while there are fewer splits than subtasks, the largest is halved
 * (an unbounded split is cut into two unbounded ones with a derived PRNG);
 * then split k goes to subtask k mod p. Each remaining row is thus generated
 * by exactly one subtask (sequence values: exactly-once across a rescale).
 */
import { add, big, fromString, norm, type Int } from '../../types/int64.ts';
import { Xoshiro128 } from './random.ts';

export interface DatagenSplit {
  /** Stable name (watermarks are per split): 'datagen-<i>' at the start, '<parent>/<n>' for a part cut off on a rescale. */
  readonly id: string;
  /** Next value of each sequence column (decimal text), null for random columns. */
  readonly seq: readonly (string | null)[];
  /** Rows left; null when unbounded. */
  readonly remaining: number | null;
  readonly rng: readonly number[];
}

/** The position of a datagen subtask (version 2). */
export interface DatagenPositionV2 {
  readonly v: 2;
  readonly splits: readonly DatagenSplit[];
}

/** Version 1 (before rescaling): one subtask's counters, relative to its share of the plan. */
export interface DatagenPositionV1 {
  readonly emitted: number;
  readonly rng: readonly number[];
  readonly seq: readonly (string | null)[];
}

export interface SequenceRange {
  readonly start: Int;
  readonly end: Int;
}

export interface SplitPlan {
  /** Per column: the sequence range, or null for a random column. */
  readonly sequences: readonly (SequenceRange | null)[];
  readonly numberOfRows: number | undefined;
  readonly seed: number;
}

/** Share i of p of a count (the first `count % p` shares get one more). */
export function share(count: bigint, i: number, p: number): { from: bigint; n: bigint } {
  const P = BigInt(p);
  const I = BigInt(i);
  const from = (count * I) / P;
  const to = (count * (I + 1n)) / P;
  return { from, n: to - from };
}

export function initialRng(seed: number, subtask: number): number[] {
  return new Xoshiro128(seed ^ Math.imul(subtask + 1, 0x9e3779b1)).state();
}

/** The split of subtask `i` of `p` in a fresh job. */
export function initialSplit(plan: SplitPlan, i: number, p: number): DatagenSplit {
  let total: bigint | undefined;
  if (plan.numberOfRows !== undefined) total = share(BigInt(plan.numberOfRows), i, p).n;
  const seq = plan.sequences.map((r) => {
    if (r === null) return null;
    const s = share(big(r.end) - big(r.start) + 1n, i, p);
    if (total === undefined || s.n < total) total = s.n;
    return String(norm(big(r.start) + s.from));
  });
  return { id: `datagen-${i}`, seq, remaining: total === undefined ? null : Number(total), rng: initialRng(plan.seed, i) };
}

/** A version-1 position of old subtask `i` of `p` as a split. */
export function splitFromV1(plan: SplitPlan, pos: DatagenPositionV1, i: number, p: number): DatagenSplit {
  const first = initialSplit(plan, i, p);
  return {
    id: first.id,
    seq: pos.seq,
    remaining: first.remaining === null ? null : Math.max(0, first.remaining - pos.emitted),
    rng: [...pos.rng],
  };
}

function derivedRng(rng: readonly number[], part: number): number[] {
  const seed = (rng[0]! ^ Math.imul(rng[1]! ^ rng[3]!, 0x85ebca6b) ^ Math.imul(part + 1, 0x9e3779b1)) | 0;
  return new Xoshiro128(seed).state();
}

/** Cuts a split in two: the first `n` rows keep the split's id and PRNG; the rest is a new split. */
export function cutSplit(s: DatagenSplit, n: number, part: number): [DatagenSplit, DatagenSplit] {
  const rest = s.remaining === null ? null : s.remaining - n;
  const seq2 = s.seq.map((v) => (v === null ? null : String(add(fromString(v), n))));
  return [
    { ...s, remaining: s.remaining === null ? null : n },
    { id: `${s.id}/${part}`, seq: s.remaining === null ? s.seq : seq2, remaining: rest, rng: derivedRng(s.rng, part) },
  ];
}

/** The splits of new subtask `subtask` of `parallelism`, given every old subtask's splits (old-subtask order). */
export function redistributeSplits(old: readonly (readonly DatagenSplit[])[], subtask: number, parallelism: number): DatagenSplit[] {
  const splits = old.flat().filter((s) => s.remaining === null || s.remaining > 0);
  const ids = new Set(splits.map((s) => s.id));
  let part = 1;
  while (splits.length < parallelism) {
    let best = -1;
    for (let k = 0; k < splits.length; k++) {
      const s = splits[k]!;
      const size = s.remaining ?? Infinity;
      if (size >= 2 && (best < 0 || size > (splits[best]!.remaining ?? Infinity))) best = k;
    }
    if (best < 0) break;
    const s = splits[best]!;
    while (ids.has(`${s.id}/${part}`)) part++;
    const [a, b] = cutSplit(s, s.remaining === null ? 0 : Math.floor(s.remaining / 2), part++);
    ids.add(b.id);
    // unbounded: both parts unbounded (the cut length is meaningless)
    splits.splice(best, 1, s.remaining === null ? { ...a, remaining: null } : a, b);
  }
  return splits.filter((_, k) => k % parallelism === subtask);
}
