/**
 * MATCH_RECOGNIZE throughput: a V-shaped price pattern over 10,000 partitions.
 *
 *   PARTITION BY sym ORDER BY ts
 *   MEASURES FIRST(DOWN.price), LAST(DOWN.price), UP.price
 *   AFTER MATCH SKIP PAST LAST ROW
 *   PATTERN (START DOWN+ UP)
 *   DEFINE DOWN AS price < LAST(price, 1), UP AS price > LAST(price, 1)
 *
 * The conditions and measures are the accessor + generated-function pairs the
 * planner produces for that query. Rows are random walks per partition,
 * interleaved; batches of 1,000 rows (generation is included in the time). Event time: a watermark after every
 * batch (rows buffered per partition, fed by timers); processing time: rows
 * fed on arrival.
 *
 *   node_modules/.bin/node bench/match-recognize.ts [rows]
 */
import { OperatorHarness } from '../src/runtime/operators/harness.ts';
import { MatchRecognize } from '../src/runtime/operators/match-recognize.ts';
import { CompiledNfa } from '../src/runtime/cep/nfa.ts';
import { condition, type RuntimeMrExpr } from '../src/runtime/cep/evaluate.ts';
import { keySelector } from '../src/runtime/key.ts';
import type { Row } from '../src/runtime/row.ts';

const PARTITIONS = 10_000;
const N = Number(process.argv[2] ?? 1_000_000);
const BATCH = 1000;

// row: [sym, ts, price]
const price = (r: Row): unknown => r[2];
const lastPrice = (offset: number) => ({ kind: 'nav' as const, variable: -1, first: false, offset, expr: price });
const cmp = (lt: boolean): RuntimeMrExpr => ({
  accessors: [lastPrice(0), lastPrice(1)],
  fn: (s: Row) => (s[0] === null || s[1] === null ? null : lt ? (s[0] as number) < (s[1] as number) : (s[0] as number) > (s[1] as number)),
  scratch: [null, null],
});
const measures: RuntimeMrExpr[] = [
  { accessors: [{ kind: 'nav', variable: 1, first: true, offset: 0, expr: price }], fn: (s) => s[0], scratch: [null] },
  { accessors: [{ kind: 'nav', variable: 1, first: false, offset: 0, expr: price }], fn: (s) => s[0], scratch: [null] },
  { accessors: [{ kind: 'nav', variable: 2, first: false, offset: 0, expr: price }], fn: (s) => s[0], scratch: [null] },
];

function makeOperator(eventTime: boolean): MatchRecognize {
  const nfa = new CompiledNfa(
    [
      { name: 'START', variable: 0, min: 1, max: 1, greedy: true },
      { name: 'DOWN', variable: 1, min: 1, max: Infinity, greedy: true },
      { name: 'UP', variable: 2, min: 1, max: 1, greedy: true },
    ],
    ['START', 'DOWN', 'UP'],
    [null, condition(cmp(true)), condition(cmp(false))],
    { kind: 'PAST_LAST_ROW' },
    0,
  );
  return new MatchRecognize({ key: keySelector([0]), partitionKeys: [0], orderIndex: 1, eventTime, compare: null, nfa, measures });
}

/** The input, generated batch by batch (not held: a retained 1M-row input would make the GC scan it). */
function* input(): Generator<Row[]> {
  let seed = 42;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const prices = new Float64Array(PARTITIONS).fill(100);
  const syms = Array.from({ length: PARTITIONS }, (_, p) => `sym${p}`);
  let batch: Row[] = [];
  for (let i = 0; i < N; i++) {
    const p = Math.floor(rnd() * PARTITIONS);
    prices[p] = Math.max(1, prices[p]! + Math.round((rnd() - 0.5) * 10));
    batch.push([syms[p], i + 1, prices[p]]);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

function run(eventTime: boolean, batches: Iterable<Row[]>): void {
  const h = new OperatorHarness(makeOperator(eventTime));
  let matches = 0;
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (const b of batches) {
    h.process(b);
    if (eventTime) h.processWatermark(b[b.length - 1]![1] as number);
    matches += h.output.length;
    h.output.length = 0;
  }
  h.endInput();
  matches += h.output.filter((o) => !('watermark' in o)).length;
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(
    `${eventTime ? 'event time ' : 'proc time  '}: ${N} rows, ${PARTITIONS} partitions, ${matches} outputs (incl. watermarks) in ${wall.toFixed(2)} s wall / ${cpuS.toFixed(2)} s cpu: ${Math.round(N / wall).toLocaleString('en')} rows/s (wall), ${Math.round(N / cpuS).toLocaleString('en')} rows/s (cpu)`,
  );
}

run(false, input());
run(true, input());
