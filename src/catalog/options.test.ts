import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OptionReader, keyMatches, parseDuration, parseMemorySize, validateOptions } from './options.ts';
import type { OptionDecl } from './connector.ts';
import { WeirError } from '../common/error.ts';

test('durations follow Flink TimeUtils', () => {
  assert.equal(parseDuration('1 h'), 3_600_000);
  assert.equal(parseDuration('200 ms'), 200);
  assert.equal(parseDuration('10s'), 10_000);
  assert.equal(parseDuration('1 min'), 60_000);
  assert.equal(parseDuration('2 minutes'), 120_000);
  assert.equal(parseDuration('3 d'), 3 * 86_400_000);
  assert.equal(parseDuration('5000'), 5000);
  assert.equal(parseDuration('1 SECONDS'), 1000);
  assert.throws(() => parseDuration('1 fortnight'), /Time interval unit label 'fortnight' does not match/);
  assert.throws(() => parseDuration('abc'), /does not start with a number/);
});

test('memory sizes follow Flink MemorySize', () => {
  assert.equal(parseMemorySize('128 mb'), 128 * 1024 * 1024);
  assert.equal(parseMemorySize('1g'), 1024 ** 3);
  assert.equal(parseMemorySize('4096'), 4096);
  assert.equal(parseMemorySize('2 KB'), 2048);
  assert.throws(() => parseMemorySize('1 zb'));
});

const decls: OptionDecl[] = [
  { key: 'path', type: 'string', required: true, description: 'p' },
  { key: 'x.flag', type: 'boolean', default: 'false', description: '' },
  { key: 'x.interval', type: 'duration', default: '1 s', description: '' },
  { key: 'fields.#.kind', type: 'enum', enumValues: ['random', 'sequence'], default: 'random', description: '' },
];

test('unknown keys give Flink message', () => {
  try {
    validateOptions({ identifier: 'filesystem', decls, options: new Map([['connector', 'filesystem'], ['path', '/x'], ['foo', '1'], ['bar', '2']]) });
    assert.fail('expected error');
  } catch (e) {
    assert.ok(e instanceof WeirError);
    assert.equal(e.code, 'UNSUPPORTED_OPTIONS');
    assert.equal(
      e.message,
      "Unsupported options found for 'filesystem'.\n\nUnsupported options:\n\nbar\nfoo\n\nSupported options:\n\nconnector\nfields.#.kind\npath\nproperty-version\nx.flag\nx.interval",
    );
  }
});

test('per-field patterns expand with column names', () => {
  validateOptions({ identifier: 'datagen', decls: decls.slice(3), options: new Map([['fields.a.kind', 'sequence']]), fieldNames: ['a', 'b'] });
  assert.throws(
    () => validateOptions({ identifier: 'datagen', decls: decls.slice(3), options: new Map([['fields.c.kind', 'sequence']]), fieldNames: ['a', 'b'] }),
    (e: WeirError) => e.message.endsWith('Supported options:\n\nconnector\nfields.a.kind\nfields.b.kind\nproperty-version') && e.message.includes('\n\nfields.c.kind\n\n'),
  );
  assert.ok(keyMatches('fields.#.kind', 'fields.a.kind'));
  assert.ok(!keyMatches('fields.#.kind', 'fields..kind'));
  assert.ok(keyMatches('fields.#.kind', 'fields.a.b.kind', ['a.b']));
});

test('missing required options', () => {
  assert.throws(
    () => validateOptions({ identifier: 'filesystem', decls, options: new Map([['connector', 'filesystem']]) }),
    { message: 'One or more required options are missing.\n\nMissing required options are:\n\npath' },
  );
});

test('invalid values are reported with the key', () => {
  assert.throws(
    () => validateOptions({ identifier: 'filesystem', decls, options: new Map([['path', '/x'], ['x.flag', 'yes']]) }),
    (e: WeirError) => e.code === 'INVALID_OPTION_VALUE' && e.message.startsWith("Invalid value for option 'x.flag'."),
  );
  assert.throws(
    () => validateOptions({ identifier: 'datagen', decls, options: new Map([['path', '/x'], ['fields.a.kind', 'zig']]) }),
    /must be one of \[random, sequence\]/,
  );
});

test('OptionReader applies defaults and types', () => {
  const r = new OptionReader(decls, new Map([['path', '/x'], ['x.flag', 'TRUE'], ['fields.f0.kind', 'SEQUENCE']]));
  assert.equal(r.boolean('x.flag'), true);
  assert.equal(r.duration('x.interval'), 1000);
  assert.equal(r.enumValue('fields.f0.kind'), 'sequence');
  assert.equal(r.enumValue('fields.f1.kind'), 'random');
  assert.equal(r.string('nope'), undefined);
});
