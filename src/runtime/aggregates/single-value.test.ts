/** SINGLE_VALUE: the only row's value; a second row is an error, a retraction empties the group. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../../types/logical-type.ts';
import { createAggregate } from './index.ts';
import { singleValueAgg } from './single-value.ts';

const call = { fn: 'SINGLE_VALUE', args: [0], argTypes: [T.int()], resultType: T.int(), distinct: false, filterArg: -1 };

test('one row gives its value, a second one fails, an update (retract then accumulate) is fine', () => {
  const a = singleValueAgg(call);
  let acc = a.accumulate(a.create(), [5]);
  assert.equal(a.getValue(acc), 5);
  assert.throws(() => a.accumulate(acc, [6]), /SingleValueAggFunction received more than one element/);
  acc = a.retract(acc, [5]);
  assert.equal(a.getValue(acc), null);
  acc = a.accumulate(acc, [7]);
  assert.equal(a.getValue(acc), 7);
  assert.equal(a.getValue(a.merge!(a.create(), acc)), 7);
  assert.throws(() => a.merge!(acc, acc), /more than one element/);
});

test('the registry resolves SINGLE_VALUE', () => {
  const a = createAggregate(call, { retracts: true });
  assert.equal(a.getValue(a.accumulate(a.create(), [null])), null);
});
