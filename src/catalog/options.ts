/**
 * Typed connector/format options: parsing of Flink's value syntaxes
 * (durations per TimeUtils, memory sizes per MemorySize, booleans, lists) and
 * validation of a table's WITH (…) options against declared `OptionDecl`s,
 * with Flink's FactoryUtil messages. Declarations may contain '#' for
 * per-field keys ('fields.#.kind'); '#' matches one column name.
 */
import { WeirError } from '../common/error.ts';
import type { OptionDecl } from './connector.ts';

// ---------------------------------------------------------------- values

/** Flink's TimeUtils units: [singular labels, plural labels (also accepted with an 's')], milliseconds per unit. */
const DURATION_UNITS: ReadonlyArray<readonly [readonly string[], readonly string[], number]> = [
  [['d'], ['day'], 86_400_000],
  [['h'], ['hour'], 3_600_000],
  [['min', 'm'], ['minute'], 60_000],
  [['s'], ['sec', 'second'], 1000],
  [['ms'], ['milli', 'millisecond'], 1],
  [['µs'], ['micro', 'microsecond'], 0.001],
  [['ns'], ['nano', 'nanosecond'], 0.000001],
];
const DURATION_LABELS = new Map<string, number>();
for (const [singular, plural, ms] of DURATION_UNITS) {
  for (const l of singular) DURATION_LABELS.set(l, ms);
  for (const l of plural) {
    DURATION_LABELS.set(l, ms);
    DURATION_LABELS.set(l + 's', ms);
  }
}

function allDurationLabels(): string {
  return DURATION_UNITS.map(([s, p]) => '(' + [...s, ...p.flatMap((l) => [l, l + 's'])].join(' | ') + ')').join(', ');
}

/** Parses a duration like '1 h', '200 ms', '10s', '1 min', '5000' (ms) into milliseconds (Flink's TimeUtils.parseDuration). */
export function parseDuration(text: string): number {
  const trimmed = text.trim().toLowerCase();
  if (trimmed.length === 0) throw new Error('argument is an empty- or whitespace-only string');
  let pos = 0;
  while (pos < trimmed.length && trimmed.charCodeAt(pos) >= 48 && trimmed.charCodeAt(pos) <= 57) pos++;
  const num = trimmed.slice(0, pos);
  const unit = trimmed.slice(pos).trim();
  if (num.length === 0) throw new Error('text does not start with a number');
  const value = Number(num);
  if (!Number.isSafeInteger(value)) throw new Error(`The value '${num}' cannot be re represented as 64bit number (numeric overflow).`);
  if (unit.length === 0) return value;
  const factor = DURATION_LABELS.get(unit);
  if (factor === undefined) {
    throw new Error(`Time interval unit label '${unit}' does not match any of the recognized units: ${allDurationLabels()}`);
  }
  return value * factor;
}

const MEMORY_UNITS: ReadonlyArray<readonly [readonly string[], number]> = [
  [['b', 'bytes'], 1],
  [['k', 'kb', 'kibibytes'], 1024],
  [['m', 'mb', 'mebibytes'], 1024 ** 2],
  [['g', 'gb', 'gibibytes'], 1024 ** 3],
  [['t', 'tb', 'tebibytes'], 1024 ** 4],
];

/** Parses a memory size like '128 mb', '1g', '4096' (bytes) into bytes (Flink's MemorySize.parse). */
export function parseMemorySize(text: string): number {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new Error('argument is an empty- or whitespace-only string');
  let pos = 0;
  while (pos < trimmed.length && trimmed.charCodeAt(pos) >= 48 && trimmed.charCodeAt(pos) <= 57) pos++;
  const num = trimmed.slice(0, pos);
  const unit = trimmed.slice(pos).trim().toLowerCase();
  if (num.length === 0) throw new Error('text does not start with a number');
  const value = Number(num);
  if (unit.length === 0) return value;
  for (const [labels, factor] of MEMORY_UNITS) if (labels.includes(unit)) return value * factor;
  throw new Error(
    `Memory size unit '${unit}' does not match any of the recognized units: ` +
      MEMORY_UNITS.map(([l]) => '(' + l.join(' | ') + ')').join(', '),
  );
}

export function parseBooleanOption(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  throw new Error(`Unrecognized option for boolean: ${text}. Expected either true or false(case insensitive)`);
}

function parseIntegral(text: string, min: number, max: number): number {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new Error(`For input string: "${text}"`);
  const v = Number(t);
  if (v < min || v > max) throw new Error(`For input string: "${text}"`);
  return v;
}

/** Checks a value against its declared type; throws with Flink's cause text. Returns nothing. */
function checkValue(decl: OptionDecl, value: string): void {
  switch (decl.type) {
    case 'string':
    case 'list':
      return;
    case 'int':
      parseIntegral(value, -2147483648, 2147483647);
      return;
    case 'long':
      parseIntegral(value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      return;
    case 'double':
      if (value.trim() === '' || Number.isNaN(Number(value))) throw new Error(`For input string: "${value}"`);
      return;
    case 'boolean':
      parseBooleanOption(value);
      return;
    case 'duration':
      parseDuration(value);
      return;
    case 'memory':
      parseMemorySize(value);
      return;
    case 'enum': {
      const allowed = decl.enumValues ?? [];
      if (!allowed.some((a) => a.toLowerCase() === value.trim().toLowerCase())) {
        throw new Error(`Value for config option '${decl.key}' must be one of [${allowed.join(', ')}], but was '${value}'`);
      }
      return;
    }
  }
}

function invalidValue(key: string, value: string, cause: unknown): WeirError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new WeirError(
    'validation',
    'INVALID_OPTION_VALUE',
    `Invalid value for option '${key}'.\n\nCould not parse value '${value}' for key '${key}'.\n${why}`,
    undefined,
    { cause },
  );
}

// ---------------------------------------------------------------- key patterns

/** True when `key` matches the declared key; '#' matches one non-empty segment without dots, or one of `fieldNames` (which may contain dots). */
export function keyMatches(declKey: string, key: string, fieldNames?: readonly string[]): boolean {
  const hash = declKey.indexOf('#');
  if (hash < 0) return declKey === key;
  const prefix = declKey.slice(0, hash);
  const suffix = declKey.slice(hash + 1);
  if (!key.startsWith(prefix) || !key.endsWith(suffix) || key.length <= prefix.length + suffix.length) return false;
  const middle = key.slice(prefix.length, key.length - suffix.length);
  if (fieldNames) return fieldNames.includes(middle);
  return !middle.includes('.');
}

/** The concrete key for field `name` of a per-field declaration ('fields.#.kind' → 'fields.f0.kind'). */
export function fieldKey(declKey: string, name: string): string {
  return declKey.replace('#', name);
}

/** Expands per-field declarations for `fieldNames` (other declarations unchanged). */
export function expandDecls(decls: readonly OptionDecl[], fieldNames?: readonly string[]): OptionDecl[] {
  const out: OptionDecl[] = [];
  for (const d of decls) {
    if (!d.key.includes('#')) out.push(d);
    else if (fieldNames) for (const f of fieldNames) out.push({ ...d, key: fieldKey(d.key, f) });
    else out.push(d);
  }
  return out;
}

// ---------------------------------------------------------------- validation

/** Keys every table may carry. */
export const COMMON_OPTION_KEYS: readonly string[] = ['connector', 'property-version'];

/** Flink's watermark options (FactoryUtil.WATERMARK_*): consumed by the planner for any scan source. */
export const WATERMARK_OPTION_KEYS: readonly string[] = [
  'scan.watermark.emit.strategy',
  'scan.watermark.idle-timeout',
  'scan.watermark.alignment.group',
  'scan.watermark.alignment.max-drift',
  'scan.watermark.alignment.update-interval',
];

export interface ValidateOptionsInput {
  /** Factory identifier for messages ('filesystem'). */
  readonly identifier: string;
  /** Declarations with their full keys (format declarations already carry their prefix). */
  readonly decls: readonly OptionDecl[];
  readonly options: ReadonlyMap<string, string>;
  /** Column names, to expand '#' declarations in the supported list and to match them exactly. */
  readonly fieldNames?: readonly string[] | undefined;
  /** Extra keys accepted without declaration ('connector', 'format', …). */
  readonly extraKeys?: readonly string[] | undefined;
  /** Key prefixes accepted as-is ('properties.' for Kafka, 'partition.' …). */
  readonly openPrefixes?: readonly string[] | undefined;
}

/**
 * Flink's FactoryUtil validation: required options present, values parse as
 * their declared types, no unknown keys. Throws WeirError('validation').
 */
export function validateOptions(input: ValidateOptionsInput): void {
  const { identifier, decls, options, fieldNames } = input;
  const extra = input.extraKeys ?? [];
  const open = input.openPrefixes ?? [];
  // Required options.
  const missing: string[] = [];
  for (const d of expandDecls(decls, fieldNames)) {
    if (d.required && d.default === undefined && !d.key.includes('#') && !options.has(d.key)) missing.push(d.key);
  }
  if (missing.length > 0) {
    missing.sort();
    throw new WeirError(
      'validation',
      'MISSING_REQUIRED_OPTIONS',
      `One or more required options are missing.\n\nMissing required options are:\n\n${missing.join('\n')}`,
    );
  }
  // Unknown keys, then values.
  const unsupported: string[] = [];
  for (const [key, value] of options) {
    if (extra.includes(key) || COMMON_OPTION_KEYS.includes(key) || WATERMARK_OPTION_KEYS.includes(key)) continue;
    const decl = findDecl(decls, key, fieldNames);
    if (decl === undefined) {
      if (open.some((p) => key.startsWith(p))) continue;
      unsupported.push(key);
      continue;
    }
    try {
      checkValue(decl, value);
    } catch (e) {
      throw invalidValue(key, value, e);
    }
  }
  if (unsupported.length > 0) {
    unsupported.sort();
    const supported = new Set<string>([...COMMON_OPTION_KEYS, ...extra]);
    for (const d of expandDecls(decls, fieldNames)) supported.add(d.key);
    throw new WeirError(
      'validation',
      'UNSUPPORTED_OPTIONS',
      `Unsupported options found for '${identifier}'.\n\n` +
        `Unsupported options:\n\n${unsupported.join('\n')}\n\n` +
        `Supported options:\n\n${[...supported].sort().join('\n')}`,
    );
  }
}

export function findDecl(decls: readonly OptionDecl[], key: string, fieldNames?: readonly string[]): OptionDecl | undefined {
  for (const d of decls) if (keyMatches(d.key, key, fieldNames)) return d;
  return undefined;
}

// ---------------------------------------------------------------- reading

/**
 * Reads typed option values against declarations (defaults applied). Created
 * once per table; not on any hot path.
 */
export class OptionReader {
  readonly options: ReadonlyMap<string, string>;
  readonly decls: readonly OptionDecl[];
  constructor(decls: readonly OptionDecl[], options: ReadonlyMap<string, string>) {
    this.decls = decls;
    this.options = options;
  }

  private decl(key: string): OptionDecl | undefined {
    return findDecl(this.decls, key);
  }

  /** The raw value or the declared default (undefined when neither). */
  raw(key: string): string | undefined {
    const v = this.options.get(key);
    if (v !== undefined) return v;
    return this.decl(key)?.default;
  }

  has(key: string): boolean {
    return this.options.has(key);
  }

  private parse<V>(key: string, f: (s: string) => V): V | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    try {
      return f(v);
    } catch (e) {
      throw invalidValue(key, v, e);
    }
  }

  string(key: string): string | undefined {
    return this.raw(key);
  }
  requiredString(key: string): string {
    const v = this.raw(key);
    if (v === undefined) {
      throw new WeirError(
        'validation',
        'MISSING_REQUIRED_OPTIONS',
        `One or more required options are missing.\n\nMissing required options are:\n\n${key}`,
      );
    }
    return v;
  }
  int(key: string): number | undefined {
    return this.parse(key, (s) => parseIntegral(s, -2147483648, 2147483647));
  }
  long(key: string): number | undefined {
    return this.parse(key, (s) => parseIntegral(s, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  }
  double(key: string): number | undefined {
    return this.parse(key, (s) => {
      const n = Number(s);
      if (s.trim() === '' || Number.isNaN(n)) throw new Error(`For input string: "${s}"`);
      return n;
    });
  }
  boolean(key: string): boolean | undefined {
    return this.parse(key, parseBooleanOption);
  }
  /** Milliseconds. */
  duration(key: string): number | undefined {
    return this.parse(key, parseDuration);
  }
  /** Bytes. */
  memory(key: string): number | undefined {
    return this.parse(key, parseMemorySize);
  }
  /** Semicolon-separated list (Flink's list syntax). */
  list(key: string): string[] | undefined {
    return this.parse(key, (s) => (s.trim() === '' ? [] : s.split(';').map((x) => x.trim())));
  }
  enumValue<E extends string>(key: string): E | undefined {
    const d = this.decl(key);
    return this.parse(key, (s) => {
      const allowed = d?.enumValues ?? [];
      const hit = allowed.find((a) => a.toLowerCase() === s.trim().toLowerCase());
      if (hit === undefined) throw new Error(`Value for config option '${key}' must be one of [${allowed.join(', ')}], but was '${s}'`);
      return hit as E;
    });
  }
}
