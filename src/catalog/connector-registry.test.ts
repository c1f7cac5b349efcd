import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectorRegistry, validateTableOptions } from './connector-registry.ts';
import { WeirError } from '../common/error.ts';

test('registry lists built-ins and reports unknown connectors as Flink does', () => {
  assert.deepEqual(connectorRegistry.identifiers(), ['blackhole', 'datagen', 'filesystem', 'print']);
  assert.throws(
    () => connectorRegistry.get('x'),
    {
      message:
        "Could not find any factory for identifier 'x' that implements 'org.apache.flink.table.factories.DynamicTableFactory' in the classpath.\n\n" +
        'Available factory identifiers are:\n\nblackhole\ndatagen\nfilesystem\nprint',
    },
  );
  assert.throws(() => connectorRegistry.forOptions(new Map()), /do not contain an option key 'connector'/);
});

test('format options are validated against the chosen format', () => {
  const fs = connectorRegistry.get('filesystem');
  validateTableOptions(fs, new Map([['connector', 'filesystem'], ['path', '/x'], ['format', 'json'], ['json.ignore-parse-errors', 'true']]));
  try {
    validateTableOptions(fs, new Map([['connector', 'filesystem'], ['path', '/x'], ['format', 'json'], ['csv.field-delimiter', ';'], ['json.bogus', '1']]));
    assert.fail('expected error');
  } catch (e) {
    assert.ok(e instanceof WeirError);
    assert.ok(e.message.startsWith("Unsupported options found for 'filesystem'.\n\nUnsupported options:\n\ncsv.field-delimiter\njson.bogus\n\nSupported options:\n\n"));
    const supported = e.message.split('Supported options:\n\n')[1]!.split('\n');
    assert.ok(supported.includes('json.fail-on-missing-field'));
    assert.ok(supported.includes('connector') && supported.includes('path') && supported.includes('format'));
    assert.deepEqual(supported, [...supported].sort());
  }
  assert.throws(
    () => validateTableOptions(fs, new Map([['connector', 'filesystem'], ['path', '/x'], ['format', 'xml']])),
    /Could not find any factory for identifier 'xml' that implements 'org.apache.flink.table.factories.DeserializationFormatFactory'/,
  );
  assert.throws(
    () => validateTableOptions(fs, new Map([['connector', 'filesystem']])),
    { message: 'One or more required options are missing.\n\nMissing required options are:\n\nformat\npath' },
  );
});

test('datagen per-field options are checked against the columns', () => {
  const dg = connectorRegistry.get('datagen');
  validateTableOptions(dg, new Map([['connector', 'datagen'], ['fields.a.kind', 'sequence'], ['fields.a.start', '1'], ['fields.a.end', '3']]), ['a', 'b']);
  assert.throws(
    () => validateTableOptions(dg, new Map([['connector', 'datagen'], ['fields.zz.kind', 'random']]), ['a']),
    (e: WeirError) => e.code === 'UNSUPPORTED_OPTIONS' && e.message.includes('\nfields.a.kind\n'),
  );
  assert.throws(
    () => validateTableOptions(dg, new Map([['connector', 'datagen'], ['rows-per-second', 'fast']]), ['a']),
    /Invalid value for option 'rows-per-second'/,
  );
});
