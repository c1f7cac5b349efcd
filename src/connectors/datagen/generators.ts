/**
 * Value generators for 'datagen', one per column, built once from the
 * options: random values for every type (Flink's RandomGeneratorVisitor:
 * numbers uniform in [min, max], hex strings, timestamps in
 * [now - max-past, now], nested arrays/maps/rows) and sequences
 * (SequenceGenerator: start..end, split across subtasks in contiguous ranges).
 */
import type { OptionReader } from '../../catalog/options.ts';
import { WeirError } from '../../common/error.ts';
import type { LogicalType } from '../../types/logical-type.ts';
import { typeToString } from '../../types/logical-type.ts';
import { type Int, add, big, cmp, fromString, MAX_LONG, MIN_LONG, norm, sub, pow10, mul } from '../../types/int64.ts';
import { parseDecimal } from '../../types/decimal.ts';
import { MS_PER_DAY, truncateMillis, tsAt, utcToLocal } from '../../types/temporal.ts';
import type { Xoshiro128 } from './random.ts';

export type RandomGen = (rng: Xoshiro128) => unknown;

const HEX = '0123456789abcdef';

function invalid(msg: string): WeirError {
  return new WeirError('validation', 'INVALID_OPTION_VALUE', msg);
}

function numberOption(opts: OptionReader, key: string, fallback: number, integral: boolean): number {
  const s = opts.string(key);
  if (s === undefined) return fallback;
  const v = Number(s.trim());
  if (s.trim() === '' || Number.isNaN(v) || (integral && !Number.isInteger(v))) throw invalid(`Could not parse value '${s}' for key '${key}'.`);
  return v;
}

function intOption(opts: OptionReader, key: string, fallback: Int): Int {
  const s = opts.string(key);
  if (s === undefined) return fallback;
  if (!/^\s*[+-]?\d+\s*$/.test(s)) throw invalid(`Could not parse value '${s}' for key '${key}'.`);
  return fromString(s.trim());
}

/** Uniform exact integer in [min, max]. */
function randomInt(min: Int, max: Int): RandomGen {
  const range = sub(max, min);
  if (typeof range === 'number' && typeof min === 'number' && range < 2 ** 53 - 1) {
    const span = range + 1;
    if (span <= 4294967296) return (rng) => min + Math.floor(rng.nextFloat() * span);
    return (rng) => min + Math.floor(rng.nextDouble() * span);
  }
  const lo = big(min);
  const spanB = big(max) - lo + 1n;
  const full = spanB === 1n << 64n;
  return (rng) => {
    const r = (BigInt(rng.nextU32()) << 32n) | BigInt(rng.nextU32());
    return norm(full ? BigInt.asIntN(64, r) : lo + (r % spanB));
  };
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** Random lowercase hex: 8 digits per 32 random bits (String.fromCharCode: ~14× faster than toString(16).padStart). */
function hexString(rng: Xoshiro128, len: number): string {
  const H = HEX_CODES;
  let s = '';
  let n = 0;
  for (; n + 8 <= len; n += 8) {
    const u = rng.nextU32();
    s += String.fromCharCode(H[u >>> 28]!, H[(u >>> 24) & 15]!, H[(u >>> 20) & 15]!, H[(u >>> 16) & 15]!, H[(u >>> 12) & 15]!, H[(u >>> 8) & 15]!, H[(u >>> 4) & 15]!, H[u & 15]!);
  }
  for (; n < len; n++) s += HEX[rng.nextU32() & 15];
  return s;
}

/** A random generator for `type` under the per-field options of `prefix` ('fields.f0.'). */
export function randomGenerator(type: LogicalType, opts: OptionReader, prefix: string, zone: string): RandomGen {
  const length = opts.int(prefix + 'length') ?? 100;
  const varLen = opts.boolean(prefix + 'var-len') ?? false;
  const maxPast = opts.duration(prefix + 'max-past') ?? 0;
  const lenGen = (rng: Xoshiro128): number => (varLen ? 1 + Math.floor(rng.nextFloat() * length) : length);
  switch (type.root) {
    case 'BOOLEAN':
      return (rng) => (rng.nextU32() & 1) === 1;
    case 'TINYINT':
      return randomInt(intOption(opts, prefix + 'min', -128), intOption(opts, prefix + 'max', 127));
    case 'SMALLINT':
      return randomInt(intOption(opts, prefix + 'min', -32768), intOption(opts, prefix + 'max', 32767));
    case 'INTEGER':
      return randomInt(intOption(opts, prefix + 'min', -2147483648), intOption(opts, prefix + 'max', 2147483647));
    case 'BIGINT':
      return randomInt(intOption(opts, prefix + 'min', norm(MIN_LONG)), intOption(opts, prefix + 'max', norm(MAX_LONG)));
    case 'FLOAT': {
      const min = numberOption(opts, prefix + 'min', 1.4e-45, false);
      const max = numberOption(opts, prefix + 'max', 3.4028234663852886e38, false);
      return (rng) => Math.fround(min + rng.nextDouble() * (max - min));
    }
    case 'DOUBLE': {
      const min = numberOption(opts, prefix + 'min', Number.MIN_VALUE, false);
      const max = numberOption(opts, prefix + 'max', Number.MAX_VALUE, false);
      return (rng) => min + rng.nextDouble() * (max - min);
    }
    case 'DECIMAL': {
      const { precision, scale } = type;
      const limit = sub(pow10(precision), 1); // largest unscaled value
      const parse = (key: string, fallback: Int): Int => {
        const s = opts.string(key);
        if (s === undefined) return fallback;
        const v = parseDecimal(s, precision, scale);
        if (v === undefined || v === null) throw invalid(`Could not parse value '${s}' for key '${key}'.`);
        return v;
      };
      const min = parse(prefix + 'min', sub(0, limit));
      const max = parse(prefix + 'max', limit);
      return randomInt(min, max);
    }
    case 'CHAR':
    case 'VARCHAR': {
      const fixed = type.root === 'CHAR' ? type.length : undefined;
      const max = type.length;
      return (rng) => {
        const n = fixed ?? Math.min(max, lenGen(rng));
        return hexString(rng, n);
      };
    }
    case 'BINARY':
    case 'VARBINARY': {
      const fixed = type.root === 'BINARY' ? type.length : undefined;
      const max = type.length;
      return (rng) => {
        const n = fixed ?? Math.min(max, lenGen(rng));
        const b = new Uint8Array(n);
        for (let i = 0; i < n; i++) b[i] = rng.nextU32() & 255;
        return b;
      };
    }
    case 'DATE':
      return (rng) => {
        const today = Math.floor(utcToLocal(Date.now(), zone) / MS_PER_DAY);
        return today - Math.floor(rng.nextFloat() * (Math.floor(maxPast / MS_PER_DAY) + 1));
      };
    case 'TIME': {
      const p = type.precision;
      return (rng) => truncateMillis(Math.floor(rng.nextFloat() * MS_PER_DAY), p);
    }
    case 'TIMESTAMP': {
      const p = type.precision;
      return (rng) => tsAt(utcToLocal(Date.now(), zone) - Math.floor(rng.nextFloat() * maxPast), p);
    }
    case 'TIMESTAMP_LTZ': {
      const p = type.precision;
      return (rng) => tsAt(Date.now() - Math.floor(rng.nextFloat() * maxPast), p);
    }
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME': {
      const gen = randomInt(intOption(opts, prefix + 'min', 0), intOption(opts, prefix + 'max', 2147483647));
      return gen;
    }
    case 'ARRAY': {
      const el = nullable(randomGenerator(type.element, opts, prefix + 'element.', zone), 0);
      return (rng) => {
        const n = length;
        const a = new Array<unknown>(n);
        for (let i = 0; i < n; i++) a[i] = el(rng);
        return a;
      };
    }
    case 'MAP': {
      const k = randomGenerator(type.key, opts, prefix + 'key.', zone);
      const v = randomGenerator(type.value, opts, prefix + 'value.', zone);
      return (rng) => {
        const m = new Map<unknown, unknown>();
        for (let i = 0; i < length; i++) m.set(k(rng), v(rng));
        return m;
      };
    }
    case 'MULTISET': {
      const k = randomGenerator(type.element, opts, prefix + 'element.', zone);
      return (rng) => {
        const m = new Map<unknown, number>();
        for (let i = 0; i < length; i++) {
          const key = k(rng);
          m.set(key, (m.get(key) ?? 0) + 1);
        }
        return m;
      };
    }
    case 'ROW': {
      const gens = type.fields.map((f) =>
        nullable(randomGenerator(f.type, opts, prefix + f.name + '.', zone), opts.double(prefix + f.name + '.null-rate') ?? 0),
      );
      return (rng) => {
        const r = new Array<unknown>(gens.length);
        for (let i = 0; i < gens.length; i++) r[i] = gens[i]!(rng);
        return r;
      };
    }
    case 'NULL':
      return () => null;
    case 'RAW':
    case 'DESCRIPTOR':
      throw new WeirError('validation', 'UNSUPPORTED_TYPE', `Unsupported type: ${typeToString(type)}`);
  }
}

export function nullable(gen: RandomGen, nullRate: number): RandomGen {
  if (!(nullRate > 0)) return gen;
  return (rng) => (rng.nextFloat() < nullRate ? null : gen(rng));
}

/** A sequence column: exact integer steps from `start`; values rendered for the column's type. */
export interface SequenceSpec {
  readonly start: Int;
  readonly end: Int;
  /** Turns the step value (an exact integer) into the column value. */
  readonly render: (v: Int) => unknown;
}

export function sequenceSpec(type: LogicalType, opts: OptionReader, prefix: string): SequenceSpec {
  const startKey = prefix + 'start';
  const endKey = prefix + 'end';
  const startText = opts.string(startKey);
  const endText = opts.string(endKey);
  if (startText === undefined) throw invalid(`Could not find required property '${startKey}' for sequence generator.`);
  if (endText === undefined) throw invalid(`Could not find required property '${endKey}' for sequence generator.`);
  const asInt = (key: string, s: string): Int => {
    if (!/^\s*[+-]?\d+\s*$/.test(s)) throw invalid(`Could not parse value '${s}' for key '${key}'.`);
    return fromString(s.trim());
  };
  const start = asInt(startKey, startText);
  const end = asInt(endKey, endText);
  if (cmp(start, end) > 0) throw invalid(`The start value of the sequence generator '${startKey}' must not exceed its end value '${endKey}'.`);
  let render: (v: Int) => unknown;
  switch (type.root) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'BIGINT':
      render = (v) => v;
      break;
    case 'FLOAT':
      render = (v) => Math.fround(Number(v));
      break;
    case 'DOUBLE':
      render = (v) => Number(v);
      break;
    case 'DECIMAL': {
      const f = pow10(type.scale);
      render = (v) => mul(v, f);
      break;
    }
    case 'CHAR':
    case 'VARCHAR':
      render = (v) => String(v);
      break;
    default:
      throw new WeirError('validation', 'UNSUPPORTED_TYPE', `Unsupported type for the sequence generator: ${typeToString(type)}`);
  }
  return { start, end, render };
}

/** The number of values in [start, end] as an exact integer. */
export function sequenceLength(s: SequenceSpec): Int {
  return add(sub(s.end, s.start), 1);
}
