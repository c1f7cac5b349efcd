/**
 * Key groups: the unit in which keyed state is partitioned, snapshotted and
 * redistributed on rescale. A StateKey is hashed to a 32-bit int (Java-like
 * hashCode, see `hashKey`), mixed with Flink's `MathUtils.murmurHash` and
 * taken modulo maxParallelism. Ranges and subtask assignment are exactly
 * Flink's KeyGroupRangeAssignment.
 */
import type { StateKey } from './api.ts';

export const DEFAULT_MAX_PARALLELISM = 128;

/** An inclusive range of key groups [start, end]; empty when end < start. */
export interface KeyGroupRange {
  readonly start: number;
  readonly end: number;
}

export function keyGroupRangeContains(r: KeyGroupRange, keyGroup: number): boolean {
  return keyGroup >= r.start && keyGroup <= r.end;
}

const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);

/** A Java-like 32-bit hashCode of a key (String.hashCode, Long.hashCode, Double.hashCode, Boolean.hashCode). */
export function hashKey(key: StateKey): number {
  switch (typeof key) {
    case 'string': {
      let h = 0;
      for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
      return h;
    }
    case 'number': {
      if ((key | 0) === key) return key | 0; // Integer.hashCode (-0 → 0)
      if (Number.isSafeInteger(key)) {
        // Long.hashCode: (int)(v ^ (v >>> 32))
        const lo = key % 4294967296 | 0;
        const hi = Math.floor(key / 4294967296) | 0;
        return lo ^ hi;
      }
      // Double.hashCode: bits ^ (bits >>> 32); -0 and 0 hash equally (Map treats them equal too)
      F64[0] = key === 0 ? 0 : key;
      return (I32[0]! ^ I32[1]!) | 0;
    }
    case 'bigint': {
      const v = BigInt.asUintN(64, key);
      return (Number(v & 0xffffffffn) ^ Number(v >> 32n)) | 0;
    }
    case 'boolean':
      return key ? 1231 : 1237;
    case 'object':
    case 'undefined':
    case 'function':
    case 'symbol':
      return 0; // null
  }
}

/** Flink's MathUtils.murmurHash(int): one murmur3-32 round plus finalisation, non-negative. */
export function murmurHash(code: number): number {
  let h = Math.imul(code, 0xcc9e2d51);
  h = (h << 15) | (h >>> 17);
  h = Math.imul(h, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  h ^= 4;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  if (h >= 0) return h;
  if (h !== -2147483648) return -h;
  return 0;
}

/** KeyGroupRangeAssignment.assignToKeyGroup. */
export function keyGroupFor(key: StateKey, maxParallelism: number = DEFAULT_MAX_PARALLELISM): number {
  return murmurHash(hashKey(key)) % maxParallelism;
}

/** KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex. */
export function keyGroupRangeFor(subtask: number, parallelism: number, maxParallelism: number = DEFAULT_MAX_PARALLELISM): KeyGroupRange {
  if (parallelism <= 0 || parallelism > maxParallelism) {
    throw new Error(`parallelism ${parallelism} must be in [1, maxParallelism=${maxParallelism}]`);
  }
  const start = Math.floor((subtask * maxParallelism + parallelism - 1) / parallelism);
  const end = Math.floor(((subtask + 1) * maxParallelism - 1) / parallelism);
  return { start, end };
}

/** KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup. */
export function subtaskForKeyGroup(keyGroup: number, parallelism: number, maxParallelism: number = DEFAULT_MAX_PARALLELISM): number {
  return Math.floor((keyGroup * parallelism) / maxParallelism);
}

/** The subtask that owns `key` (assignKeyToParallelOperator). */
export function subtaskForKey(key: StateKey, parallelism: number, maxParallelism: number = DEFAULT_MAX_PARALLELISM): number {
  return subtaskForKeyGroup(keyGroupFor(key, maxParallelism), parallelism, maxParallelism);
}
