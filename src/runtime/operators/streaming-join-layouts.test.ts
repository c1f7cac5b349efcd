/**
 * The regular join's state layouts per input (Flink's JoinRecordStateViews):
 * JoinKeyContainsUniqueKey (one row per join key), HasUniqueKey (rows by
 * unique key within a join key) and NoUniqueKey (a multiset). For changelogs
 * that respect the unique key, every layout gives exactly the output of the
 * multiset layout (kinds and order), on the heap and the on-disk backend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OperatorHarness } from './harness.ts';
import { StreamingJoin, type JoinInputLayout, type JoinType } from './streaming-join.ts';
import type { Row } from '../row.ts';

const key0 = (r: Row) => (r[0] === null ? undefined : (r[0] as number));
const CONTAINS: JoinInputLayout = { kind: 'JoinKeyContainsUniqueKey' };
const BY_ID: JoinInputLayout = { kind: 'HasUniqueKey', uniqueKey: [1] };
const NONE: JoinInputLayout = { kind: 'NoUniqueKey' };

function join(joinType: JoinType, leftLayout: JoinInputLayout, rightLayout: JoinInputLayout, extra: { condition?: (l: Row, r: Row) => boolean; ttl?: number } = {}): StreamingJoin {
  return new StreamingJoin({
    joinType,
    leftKey: key0,
    rightKey: key0,
    condition: extra.condition ?? null,
    leftWidth: 3,
    rightWidth: 3,
    stateTtlMs: extra.ttl ?? 0,
    leftLayout,
    rightLayout,
  });
}

void test('JoinKeyContainsUniqueKey: one row per join key; a retraction deletes it without comparing rows', () => {
  const h = new OperatorHarness(join('INNER', CONTAINS, NONE));
  h.process([[1, 1, 'a']], ['+I'], 0);
  h.process([[1, 9, 'x']], ['+I'], 1);
  // an update of the key's row: -U then +U
  h.process([[1, 1, 'a'], [1, 1, 'b']], ['-U', '+U'], 0);
  h.process([[1, 8, 'y']], ['+I'], 1);
  assert.deepEqual(h.take(), ['+I[1, 1, a, 1, 9, x]', '-U[1, 1, a, 1, 9, x]', '+U[1, 1, b, 1, 9, x]', '+I[1, 1, b, 1, 8, y]']);
  // the key's row is gone after its retraction (Flink clears the value: the retracted row is not compared)
  h.process([[1, 1, 'b']], ['-D'], 0);
  h.process([[1, 7, 'z']], ['+I'], 1);
  assert.deepEqual(h.take(), ['-D[1, 1, b, 1, 9, x]', '-D[1, 1, b, 1, 8, y]']);
  const state = [...h.keyed.valueState<Row>({ name: 'left-record' }).entries()];
  assert.deepEqual(state, [], 'no left row is kept');
});

void test('JoinKeyContainsUniqueKey on an outer side keeps the association count with the row', () => {
  const h = new OperatorHarness(join('FULL', CONTAINS, CONTAINS));
  h.process([[1, 1, 'a']], ['+I'], 0);
  h.process([[1, 1, 'x']], ['+I'], 1);
  h.process([[1, 1, 'x'], [1, 1, 'y']], ['-U', '+U'], 1);
  h.process([[1, 1, 'y']], ['-D'], 1);
  assert.deepEqual(h.take(), [
    '+I[1, 1, a, null, null, null]',
    '-D[1, 1, a, null, null, null]',
    '+I[1, 1, a, 1, 1, x]',
    '-D[1, 1, a, 1, 1, x]',
    '+I[1, 1, a, null, null, null]',
    '-D[1, 1, a, null, null, null]',
    '+I[1, 1, a, 1, 1, y]',
    '-D[1, 1, a, 1, 1, y]',
    '+I[1, 1, a, null, null, null]',
  ]);
});

void test('HasUniqueKey: a retraction finds its row by unique key among many rows of the join key', () => {
  const h = new OperatorHarness(join('LEFT', BY_ID, NONE));
  const rows: Row[] = [];
  for (let id = 0; id < 50; id++) rows.push([1, id, `v${id}`]);
  h.process(rows, rows.map(() => '+I'), 0);
  h.process([[1, 99, 'x']], ['+I'], 1);
  h.take();
  // update of id 7 (its join key changes); delete of id 3
  h.process([[1, 7, 'v7'], [2, 7, 'w'], [1, 3, 'v3']], ['-U', '+U', '-D'], 0);
  assert.deepEqual(h.take(), ['-D[1, 7, v7, 1, 99, x]', '+I[2, 7, w, null, null, null]', '-D[1, 3, v3, 1, 99, x]']);
  const state = new Map([...h.keyed.valueState<{ recs: { row: Row }[]; pos: Map<unknown, number> }>({ name: 'left-records-by-unique-key' }).entries()]);
  const k1 = state.get(1)!;
  assert.equal(k1.recs.length, 48);
  for (const [uk, at] of k1.pos) assert.equal(k1.recs[at]!.row[1], uk, 'the position map points at each row');
  assert.equal(state.get(2)!.recs.length, 1);
});

// ---------------------------------------------------------------- property: same output as the multiset layout

type Mode = 'contains' | 'byId';
interface Ev {
  readonly kind: '+I' | '-U' | '+U' | '-D';
  readonly row: Row;
}

/**
 * A changelog that respects the unique key: `byId` rows are [jk, id, v] keyed by id (an update may
 * move a row to another join key); `contains` rows are [jk, jk, v] keyed by the join key itself.
 */
function changelogArb(mode: Mode): fc.Arbitrary<Ev[]> {
  const op = fc.record({ op: fc.constantFrom('ins', 'ins', 'upd', 'upd', 'upd', 'del'), jk: fc.constantFrom<number | null>(0, 1, 1, 2, null), id: fc.nat(15), v: fc.nat(4), at: fc.nat(1000) });
  return fc.array(op, { minLength: 5, maxLength: 80 }).map((ops) => {
    const live = new Map<number, Row>();
    const evs: Ev[] = [];
    for (const o of ops) {
      const jk = mode === 'contains' ? (o.jk ?? 0) : o.jk;
      const id = mode === 'contains' ? jk! : o.id;
      const keys = [...live.keys()];
      if (o.op === 'ins' || keys.length === 0) {
        if (live.has(id)) continue;
        const row = [jk, id, o.v];
        live.set(id, row);
        evs.push({ kind: '+I', row });
      } else {
        const k = keys[o.at % keys.length]!;
        const old = live.get(k)!;
        if (o.op === 'del') {
          live.delete(k);
          evs.push({ kind: '-D', row: old.slice() });
        } else {
          const row = mode === 'contains' ? [old[0], old[1], o.v] : [jk, old[1], o.v];
          live.set(k, row);
          evs.push({ kind: '-U', row: old.slice() }, { kind: '+U', row });
        }
      }
    }
    return evs;
  });
}

interface Step {
  readonly input: 0 | 1;
  readonly n: number;
}

function run(op: StreamingJoin, left: readonly Ev[], right: readonly Ev[], steps: readonly Step[], config?: ReadonlyMap<string, string>): string[] {
  const h = new OperatorHarness(op, config ? { config } : {});
  const pos = [0, 0];
  const evs = [left, right];
  const feed = (input: 0 | 1, n: number): void => {
    const all = evs[input]!;
    const chunk = all.slice(pos[input]!, pos[input]! + n);
    pos[input]! += chunk.length;
    if (chunk.length) h.process(chunk.map((e) => e.row.slice()), chunk.map((e) => e.kind), input);
    h.now++;
  };
  for (const s of steps) feed(s.input, s.n);
  feed(0, left.length);
  feed(1, right.length);
  return h.take();
}

const layoutOf = (m: Mode): JoinInputLayout => (m === 'contains' ? CONTAINS : BY_ID);
const cond = (l: Row, r: Row): boolean => ((l[2] as number) + (r[2] as number)) % 3 !== 0;

for (const backend of ['heap', 'lmdb'] as const) {
  void test(`property (${backend}): every layout gives the multiset layout's output, kinds and order`, () => {
    const config = backend === 'lmdb' ? new Map([['state.backend.type', 'lmdb'], ['state.backend.lmdb.cache.entries', '16']]) : undefined;
    fc.assert(
      fc.property(
        fc
          .tuple(fc.constantFrom<Mode>('contains', 'byId'), fc.constantFrom<Mode>('contains', 'byId'))
          .chain(([lm, rm]) => fc.tuple(fc.constant(lm), fc.constant(rm), changelogArb(lm), changelogArb(rm))),
        fc.constantFrom<JoinType>('INNER', 'LEFT', 'RIGHT', 'FULL'),
        fc.boolean(),
        fc.constantFrom(0, 0, 7),
        fc.array(fc.record({ input: fc.constantFrom<0 | 1>(0, 1), n: fc.integer({ min: 1, max: 4 }) }), { maxLength: 60 }),
        ([lm, rm, left, right], jt, withCond, ttl, steps) => {
          const extra = { ttl, ...(withCond ? { condition: cond } : {}) };
          const expected = run(join(jt, NONE, NONE, extra), left, right, steps, config);
          const actual = run(join(jt, layoutOf(lm), layoutOf(rm), extra), left, right, steps, config);
          assert.deepEqual(actual, expected);
        },
      ),
      { numRuns: backend === 'heap' ? 300 : 60 },
    );
  });
}

for (const backend of ['heap', 'lmdb'] as const) {
  void test(`state of each layout survives a snapshot and a restore (${backend})`, () => {
    const config = new Map([['state.backend.type', backend === 'lmdb' ? 'lmdb' : 'hashmap'], ['state.backend.lmdb.cache.entries', '16']]);
    const byIdRows: Row[] = Array.from({ length: 40 }, (_, k) => [k % 7, k, k % 3]);
    const containsRows: Row[] = Array.from({ length: 7 }, (_, j) => [j, j, 1]);
    for (const byIdInput of [0, 1] as const) {
      const outputs = [true, false].map((keyed) => {
        const lay = (input: 0 | 1): JoinInputLayout => (!keyed ? NONE : input === byIdInput ? BY_ID : CONTAINS);
        const h = new OperatorHarness(join('FULL', lay(0), lay(1)), { config });
        h.process(byIdRows.map((r) => r.slice()), byIdRows.map(() => '+I'), byIdInput);
        h.process(containsRows.map((r) => r.slice()), containsRows.map(() => '+I'), 1 - byIdInput);
        const before = h.take();
        const h2 = new OperatorHarness(join('FULL', lay(0), lay(1)), { config }, [h.snapshot()]);
        // retract rows of both sides after the restore: the restored state must find them
        for (let k = 0; k < 40; k += 3) h2.process([byIdRows[k]!.slice()], ['-D'], byIdInput);
        h2.process([[2, 2, 1], [2, 2, 5]], ['-U', '+U'], 1 - byIdInput);
        h2.process([[3, 3, 1]], ['-D'], 1 - byIdInput);
        return [...before, '|', ...h2.take()];
      });
      assert.ok(outputs[0]!.length > 60);
      assert.deepEqual(outputs[0], outputs[1]);
    }
  });
}
