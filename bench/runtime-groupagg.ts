/**
 * Micro benchmark: the GroupAggregate operator alone (no executor), COUNT(*) +
 * SUM(BIGINT) grouped by a BIGINT key over 100,000 keys, fed synthetic
 * batches. Prints rows/s per scenario, by wall clock and by this process's
 * CPU time (steadier on a busy machine). Run: node bench/runtime-groupagg.ts
 * (KEYS=1000 to change the key count).
 */
import { Batch } from '../src/runtime/batch.ts';
import { GroupAggregate } from '../src/runtime/operators/group-aggregate.ts';
import { OperatorHarness } from '../src/runtime/operators/harness.ts';
import { keySelector } from '../src/runtime/key.ts';
import { RowKind, type Row } from '../src/runtime/row.ts';
import { T } from '../src/types/logical-type.ts';
import type { Output } from '../src/runtime/operator.ts';

const KEYS = Number(process.env.KEYS ?? 100_000);
const BATCH = 1024;

function makeBatches(total: number, retract: boolean, stringKeys: boolean): Batch[] {
  const out: Batch[] = [];
  let s = 12345;
  for (let i = 0; i < total; i += BATCH) {
    const rows: Row[] = [];
    const kinds: RowKind[] = [];
    for (let j = 0; j < BATCH; j++) {
      s = (Math.imul(s, 1103515245) + 12345) | 0;
      const k = (s >>> 8) % KEYS;
      rows.push([stringKeys ? `key-${k}` : k, j]);
      kinds.push(retract && j % 4 === 3 ? RowKind.DELETE : RowKind.INSERT);
    }
    out.push(new Batch(rows, kinds));
  }
  return out;
}

function run(name: string, total: number, retract: boolean, generateUpdateBefore: boolean, stringKeys = false): void {
  const op = new GroupAggregate({
    key: keySelector([0]),
    groupFields: [0],
    aggs: [
      { fn: 'COUNT', args: [], argTypes: [], resultType: T.bigint(false), distinct: false, filterArg: -1 },
      { fn: 'SUM', args: [1], argTypes: [T.bigint()], resultType: T.bigint(), distinct: false, filterArg: -1 },
    ],
    inputRetracts: retract,
    generateUpdateBefore,
  });
  const h = new OperatorHarness(op); // opens the operator with heap state
  void h;
  // a pool of distinct batches, cycled (keeps the input's memory out of the measurement)
  const pool = makeBatches(256 * BATCH, retract, stringKeys);
  const batches: Batch[] = [];
  for (let i = 0; i * BATCH < total; i++) batches.push(pool[i % pool.length]!);
  let emitted = 0;
  const out: Output = { emit: (b) => void (emitted += b.size) };
  // warm-up
  for (let i = 0; i < Math.min(50, batches.length); i++) op.processBatch(batches[i]!, 0, out);
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (const b of batches) op.processBatch(b, 0, out);
  const ns = Number(process.hrtime.bigint() - t0);
  const c1 = process.cpuUsage(c0);
  const rows = batches.length * BATCH;
  const rps = rows / (ns / 1e9);
  const cpuRps = rows / ((c1.user + c1.system) / 1e6);
  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(12);
  console.log(`| ${name.padEnd(44)} | ${String(rows).padStart(9)} | ${fmt(rps)} | ${fmt(cpuRps)} | ${String(emitted).padStart(9)} |`);
}

console.log(`| scenario (COUNT(*), SUM(BIGINT), ${KEYS} keys)`.padEnd(47) + '|      rows | rows/s(wall) |  rows/s(cpu) |   emitted |');
console.log('|----------------------------------------------|-----------|--------------|--------------|-----------|');
run('insert-only, retract output (-U/+U)', 2_000_000, false, true);
run('insert-only, upsert output (+U only)', 2_000_000, false, false);
run('25% deletes, retract output', 2_000_000, true, true);
run('insert-only, string keys', 2_000_000, false, true, true);
