import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeEntries, EntryEncoder } from './value-codec.ts';

const primitive = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(-0),
  fc.bigInt(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n) - 1n),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ minLength: 250, maxLength: 300 }),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    primitive,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.uint8Array({ maxLength: 8 }),
    fc.array(fc.tuple(fc.oneof(fc.string(), fc.integer()), tie('value')), { maxLength: 3 }).map((es) => new Map(es)),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 3 }),
    fc.array(fc.integer(), { maxLength: 3 }).map((xs) => new Set(xs)),
    fc.date({ noInvalidDate: true }),
  ),
}));

void test('entries round-trip: every value a structured clone keeps comes back equal', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 32767 }), fc.oneof(fc.string(), fc.integer(), fc.bigInt(), fc.boolean(), fc.constant(null)), value)), (entries) => {
      const enc = new EntryEncoder();
      for (const [g, k, v] of entries) enc.entry(g, k, v);
      const back: [number, unknown, unknown][] = [];
      decodeEntries(enc.take(), (g, k, v) => back.push([g, k, v]));
      assert.deepEqual(back, entries.map((e) => structuredClone(e)));
      assert.equal(enc.length, 0, 'take() starts over');
    }),
    { numRuns: 300 },
  );
});

void test('-0 and integers at the int32 edges keep their value', () => {
  const enc = new EntryEncoder();
  const vals = [-0, 0, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53 + 2, 0.5, NaN, Infinity];
  enc.entry(1, 'k', vals);
  let got: unknown;
  decodeEntries(enc.take(), (_g, _k, v) => (got = v));
  assert.ok(Object.is((got as number[])[0], -0));
  assert.deepEqual(got, vals);
});

void test('a truncated buffer is an error, not a wrong value', () => {
  const enc = new EntryEncoder();
  enc.entry(3, 'key', [1, 'two', 3n]);
  const bytes = enc.take();
  for (let cut = 1; cut < bytes.length; cut++) {
    assert.throws(() => decodeEntries(bytes.subarray(0, cut), () => undefined), /truncated|unknown state value tag/);
  }
});
