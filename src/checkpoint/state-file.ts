/**
 * The format of one subtask's state file: a sequence of frames, each a
 * 4-byte little-endian length followed by V8's structured-serialisation bytes
 * (which keep Maps, Sets, BigInts, typed arrays and nested rows exactly).
 *
 *   frame 0: header {version, nodeId, subtask, position, operator, sink, states: [{name, kind}]}
 *   frame i: {state: index into header.states, keyGroups: KeyGroupEntries[]}  (a chunk of key groups)
 *
 * Key groups are written in chunks so the serialisation yields to the event
 * loop between chunks: rows keep flowing while a large state is written. The
 * format is the canonical (backend- and parallelism-independent) one: a
 * restore at any parallelism keeps the key groups it owns.
 */
import { serialize, deserialize } from 'node:v8';
import type { KeyedStateSnapshot, KeyGroupEntries, StateKind, StateSnapshot } from '../state/snapshot.ts';
import type { LazyKeyedSnapshot } from '../state/backends/heap/index.ts';
import type { StateKey } from '../state/api.ts';
import { decodeEntries, EntryEncoder } from './value-codec.ts';

export interface SubtaskState {
  readonly nodeId: number;
  readonly subtask: number;
  /** Keyed state and timers, by key group. */
  readonly keyed?: KeyedStateSnapshot | undefined;
  /** Keyed state snapshotted asynchronously (written in addition to `keyed`'s states). */
  readonly lazyKeyed?: LazyKeyedSnapshot | undefined;
  /** Non-keyed operator state. */
  readonly operator?: Record<string, unknown> | undefined;
  /** A source reader's position. */
  readonly position?: unknown;
  /** A two-phase-commit sink's pre-committed state. */
  readonly sink?: unknown;
}

interface Header {
  readonly version: 1;
  readonly nodeId: number;
  readonly subtask: number;
  readonly maxParallelism: number | undefined;
  readonly states: { name: string; kind: StateKind }[];
  readonly position: unknown;
  readonly operator: unknown;
  readonly sink: unknown;
  readonly hasPosition: boolean;
  readonly hasSink: boolean;
  readonly hasOperator: boolean;
}

/** Entries per frame. */
const FRAME_ENTRIES = 5_000;
/**
 * The writer works in slices of this many milliseconds, then yields to the
 * event loop so rows keep flowing. Longer slices make the snapshot's window
 * shorter, so fewer entries are touched (and copied) while it is open;
 * shorter ones stall processing less.
 */
const SLICE_MS = 10;

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Yields to the event loop once the current slice of work is used up. */
function slicer(): () => Promise<void> {
  let start = performance.now();
  return async () => {
    if (performance.now() - start < SLICE_MS) return;
    await yieldToLoop();
    start = performance.now();
  };
}

function lengthPrefix(n: number): Buffer {
  const len = Buffer.allocUnsafe(4);
  len.writeUInt32LE(n, 0);
  return len;
}

/** A frame of V8 structured-serialisation bytes: [u32 length][bytes]. */
function frame(payload: unknown): Buffer[] {
  const body = serialize(payload);
  return [lengthPrefix(body.length), body];
}

/**
 * Entries in the compact encoding (value-codec.ts): a V8 frame announcing
 * them ({state, raw: byte length, override?}) followed by a frame of the raw
 * bytes, not wrapped in a V8 serialisation (that would copy them again).
 */
function entriesFrame(state: number, bytes: Buffer, override: boolean): Buffer[] {
  return [...frame(override ? { state, raw: bytes.length, override: true } : { state, raw: bytes.length }), lengthPrefix(bytes.length), bytes];
}

/**
 * Encodes a subtask's state, yielding to the event loop between frames.
 * Returns the chunks (the storage writes them as one blob).
 */
export async function encodeSubtaskState(s: SubtaskState): Promise<Buffer> {
  return Buffer.concat(await encodeSubtaskStateChunks(s));
}

/** The frames of a subtask's state file, to be written one after another. */
export async function encodeSubtaskStateChunks(s: SubtaskState): Promise<Buffer[]> {
  const states = s.keyed?.states ?? [];
  const lazy = s.lazyKeyed?.states ?? [];
  const header: Header = {
    version: 1,
    nodeId: s.nodeId,
    subtask: s.subtask,
    maxParallelism: s.keyed?.maxParallelism ?? s.lazyKeyed?.maxParallelism,
    states: [...states, ...lazy].map((st) => ({ name: st.name, kind: st.kind })),
    position: s.position,
    operator: s.operator,
    sink: s.sink,
    hasPosition: s.position !== undefined,
    hasSink: s.sink !== undefined,
    hasOperator: s.operator !== undefined,
  };
  const chunks: Buffer[] = frame(header);
  const pause = slicer();
  for (let i = 0; i < states.length; i++) {
    let group: KeyGroupEntries[] = [];
    let n = 0;
    for (const kg of states[i]!.keyGroups) {
      group.push(kg);
      n += kg.entries.length;
      if (n >= FRAME_ENTRIES) {
        chunks.push(...frame({ state: i, keyGroups: group }));
        group = [];
        n = 0;
        await pause();
      }
    }
    if (group.length > 0) chunks.push(...frame({ state: i, keyGroups: group }));
  }
  try {
    for (let j = 0; j < lazy.length; j++) {
      const index = states.length + j;
      // the triples hold live values: encode them before the next pause
      const enc = new EntryEncoder();
      await lazy[j]!.collect(
        {
          entry: (g, k, v) => enc.entry(g, k, v),
          endChunk: (override) => chunks.push(...entriesFrame(index, enc.take(), override === true)),
        },
        pause,
        FRAME_ENTRIES,
      );
    }
  } finally {
    s.lazyKeyed?.release();
  }
  return chunks;
}

export function decodeSubtaskState(data: Uint8Array): SubtaskState {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let off = 0;
  const nextBytes = (): Buffer => {
    if (off + 4 > buf.length) throw new Error('state file truncated');
    const len = buf.readUInt32LE(off);
    off += 4;
    if (off + len > buf.length) throw new Error('state file truncated');
    const b = buf.subarray(off, off + len);
    off += len;
    return b;
  };
  const next = (): unknown => deserialize(nextBytes());
  const header = next() as Header;
  if (header.version !== 1) throw new Error(`unknown state file version ${String(header.version)}`);
  const states: StateSnapshot[] = header.states.map((st) => ({ name: st.name, kind: st.kind, keyGroups: [] }));
  // entries of a lazily written state, by state index and key group; override frames replace by key
  const groups = new Map<number, Map<number, KeyGroupEntries>>();
  const overrides = new Map<number, Map<StateKey, [number, unknown]>>();
  const add = (state: number, g: number, k: StateKey, v: unknown): void => {
    let byGroup = groups.get(state);
    if (!byGroup) {
      byGroup = new Map(states[state]!.keyGroups.map((kg) => [kg.keyGroup, kg]));
      groups.set(state, byGroup);
    }
    let kg = byGroup.get(g);
    if (!kg) {
      kg = { keyGroup: g, entries: [] };
      byGroup.set(g, kg);
      states[state]!.keyGroups.push(kg);
    }
    kg.entries.push([k, v]);
  };
  while (off < buf.length) {
    const f = next() as { state: number; keyGroups?: KeyGroupEntries[]; triples?: Array<[number, StateKey, unknown]>; raw?: number; override?: boolean };
    if (states[f.state] === undefined) throw new Error(`state file frame names unknown state ${f.state}`);
    if (f.keyGroups) states[f.state]!.keyGroups.push(...f.keyGroups);
    else if (f.triples) for (const [g, k, v] of f.triples) add(f.state, g, k, v);
    else if (f.raw !== undefined) {
      const bytes = nextBytes();
      if (bytes.length !== f.raw) throw new Error(`state file entries frame holds ${bytes.length} bytes, ${f.raw} announced`);
      if (f.override) {
        let o = overrides.get(f.state);
        if (!o) overrides.set(f.state, (o = new Map()));
        const m = o;
        decodeEntries(bytes, (g, k, v) => m.set(k as StateKey, [g, v]));
      } else decodeEntries(bytes, (g, k, v) => add(f.state, g, k as StateKey, v));
    }
  }
  // an override entry (a copy taken on access during an asynchronous snapshot) replaces one written earlier for the same key
  for (const [state, o] of overrides) {
    for (const kg of states[state]!.keyGroups) {
      const entries = kg.entries;
      let w = 0;
      for (let r = 0; r < entries.length; r++) if (!o.has(entries[r]![0])) entries[w++] = entries[r]!;
      entries.length = w;
    }
    for (const [k, [g, v]] of o) add(state, g, k, v);
  }
  return {
    nodeId: header.nodeId,
    subtask: header.subtask,
    keyed: header.maxParallelism === undefined ? undefined : { maxParallelism: header.maxParallelism, states },
    operator: header.hasOperator ? (header.operator as Record<string, unknown>) : undefined,
    position: header.hasPosition ? header.position : undefined,
    sink: header.hasSink ? header.sink : undefined,
  };
}
