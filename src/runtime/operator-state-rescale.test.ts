import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeOperatorStates } from './operator-state-rescale.ts';
import { assignSubtaskState } from '../checkpoint/protocol.ts';

void test('operator state on a rescale: known values combine, unknown ones fail the restore by name', () => {
  assert.equal(mergeOperatorStates('W', [undefined, undefined]), undefined);
  assert.deepEqual(mergeOperatorStates('W', [{ 'window-aggregate-last-fired': 5000 }, { 'window-aggregate-last-fired': 9000 }, undefined]), {
    'window-aggregate-last-fired': 9000,
  });
  assert.deepEqual(mergeOperatorStates('L', [{ 'lookup-loaded': true, 'lookup-waiting': [] }, { 'lookup-loaded': false, 'lookup-waiting': [] }]), {
    'lookup-loaded': false,
    'lookup-waiting': [],
  });
  assert.throws(() => mergeOperatorStates('L', [{ 'lookup-waiting': [{ row: [1], kind: 0 }] }]), /LookupJoin|operator L .*'lookup-waiting' cannot be redistributed \(probe rows/);
  assert.throws(() => mergeOperatorStates('Op', [{ mystery: 1 }]), /cannot restore operator Op at another parallelism: its non-keyed state 'mystery' cannot be redistributed/);
});

void test('assignSubtaskState hands every old operator state to the merge when rescaled, its own when not', () => {
  const recs = [
    { subtask: 0, operator: { 'window-aggregate-last-fired': 1 } },
    { subtask: 1, operator: { 'window-aggregate-last-fired': 7 } },
  ];
  const merge = (olds: (Record<string, unknown> | undefined)[]) => mergeOperatorStates('W', olds);
  assert.deepEqual(assignSubtaskState(recs, 0, 1, 2, merge).operator, { 'window-aggregate-last-fired': 7 });
  assert.deepEqual(assignSubtaskState(recs, 2, 3, 2, merge).operator, { 'window-aggregate-last-fired': 7 });
  assert.deepEqual(assignSubtaskState(recs, 1, 2, 2, merge).operator, { 'window-aggregate-last-fired': 7 });
  assert.deepEqual(assignSubtaskState(recs, 0, 2, 2, merge).operator, { 'window-aggregate-last-fired': 1 });
});
