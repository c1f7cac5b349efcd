import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { keySelector, valueKey } from './key.ts';

void test('single field keys are the value itself', () => {
  const k = keySelector([1]);
  assert.equal(k([0, 'a']), 'a');
  assert.equal(k([0, 5]), 5);
  assert.equal(k([0, null]), null);
  assert.equal(k([0, 2n ** 70n]), 2n ** 70n);
  assert.equal(k([0, new Uint8Array([1, 2])]), k([9, new Uint8Array([1, 2])]));
  assert.notEqual(k([0, new Uint8Array([1, 2])]), k([0, new Uint8Array([1, 3])]));
});

void test('multi-field keys are unambiguous and null-safe', () => {
  const k = keySelector([0, 1]);
  assert.notEqual(k(['a', 'bc']), k(['ab', 'c']));
  assert.notEqual(k([null, 'x']), k(['null', 'x']));
  assert.notEqual(k([1, 'x']), k(['1', 'x']));
  assert.equal(k([0, 1]), k([-0, 1]));
  const k3 = keySelector([0, 1, 2]);
  fc.assert(
    fc.property(
      fc.tuple(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), fc.oneof(fc.string(), fc.boolean()), fc.string()),
      fc.tuple(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), fc.oneof(fc.string(), fc.boolean()), fc.string()),
      (a, b) => {
        const same = a.every((x, i) => Object.is(x, b[i]) || (x === 0 && b[i] === 0));
        assert.equal(k3(a) === k3(b), same);
      },
    ),
  );
});

void test('valueKey encodes arrays and maps structurally', () => {
  assert.equal(valueKey([1, 'a']), valueKey([1, 'a']));
  assert.notEqual(valueKey([1, 'a']), valueKey([1, 'b']));
  assert.equal(valueKey(new Map([[1, 2], [3, 4]])), valueKey(new Map([[3, 4], [1, 2]])));
});
