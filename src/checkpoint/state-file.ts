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

/** Entries per frame before the writer yields. */
const FRAME_ENTRIES = 5_000;

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

function frame(payload: unknown): Buffer {
  const body = serialize(payload);
  const len = Buffer.allocUnsafe(4);
  len.writeUInt32LE(body.length, 0);
  return Buffer.concat([len, body]);
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
  const chunks: Buffer[] = [frame(header)];
  for (let i = 0; i < states.length; i++) {
    let group: KeyGroupEntries[] = [];
    let n = 0;
    for (const kg of states[i]!.keyGroups) {
      group.push(kg);
      n += kg.entries.length;
      if (n >= FRAME_ENTRIES) {
        chunks.push(frame({ state: i, keyGroups: group }));
        group = [];
        n = 0;
        await yieldToLoop();
      }
    }
    if (group.length > 0) chunks.push(frame({ state: i, keyGroups: group }));
  }
  try {
    for (let j = 0; j < lazy.length; j++) {
      const index = states.length + j;
      // the triples hold live values: serialise them before the next pause
      await lazy[j]!.collect((triples) => chunks.push(frame({ state: index, triples })), yieldToLoop, FRAME_ENTRIES);
    }
  } finally {
    s.lazyKeyed?.release();
  }
  return chunks;
}

export function decodeSubtaskState(data: Uint8Array): SubtaskState {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let off = 0;
  const next = (): unknown => {
    if (off + 4 > buf.length) throw new Error('state file truncated');
    const len = buf.readUInt32LE(off);
    off += 4;
    if (off + len > buf.length) throw new Error('state file truncated');
    const v: unknown = deserialize(buf.subarray(off, off + len));
    off += len;
    return v;
  };
  const header = next() as Header;
  if (header.version !== 1) throw new Error(`unknown state file version ${String(header.version)}`);
  const states: StateSnapshot[] = header.states.map((st) => ({ name: st.name, kind: st.kind, keyGroups: [] }));
  while (off < buf.length) {
    const f = next() as { state: number; keyGroups?: KeyGroupEntries[]; triples?: Array<[number, StateKey, unknown]> };
    if (f.keyGroups) states[f.state]!.keyGroups.push(...f.keyGroups);
    else if (f.triples) {
      const st = states[f.state]!;
      const byGroup = new Map<number, KeyGroupEntries>();
      for (const kg of st.keyGroups) byGroup.set(kg.keyGroup, kg);
      for (const [g, k, v] of f.triples) {
        let kg = byGroup.get(g);
        if (!kg) {
          kg = { keyGroup: g, entries: [] };
          byGroup.set(g, kg);
          st.keyGroups.push(kg);
        }
        kg.entries.push([k, v]);
      }
    }
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
