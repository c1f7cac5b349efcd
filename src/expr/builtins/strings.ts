/**
 * Built-in scalar functions: character strings (Flink's "String Functions").
 *
 * Conventions the binder follows for special syntax:
 *   TRIM([BOTH|LEADING|TRAILING] [chars] FROM s) → TRIM(mode, chars, s), mode a string literal
 *     'BOTH' | 'LEADING' | 'TRAILING', chars ' ' when omitted.
 *   POSITION(a IN b)                      → POSITION(a, b)
 *   OVERLAY(s PLACING r FROM n [FOR len]) → OVERLAY(s, r, n[, len])
 *   SUBSTRING(s FROM n [FOR len])         → SUBSTRING(s, n[, len])
 *
 * Result types follow Flink's nullability: a function whose result can be NULL
 * for non-null input (SUBSTRING, LEFT, RIGHT, REVERSE, SPLIT_INDEX, PARSE_URL,
 * DECODE, REGEXP_EXTRACT, ELT, …) always returns a nullable type (it matters for
 * IFNULL's result type).
 * Regular expressions are Java's, translated once per literal pattern (lib/regex.ts).
 */
import type { ArgInfo, ScalarFunction } from '../function.ts';
import type { LogicalType } from '../../types/logical-type.ts';
import { isCharacterString, isBinaryString, typeToString } from '../../types/logical-type.ts';
import {
  aliases,
  anyNullable,
  BOOLEAN,
  BYTES,
  custom,
  expectArgs,
  expectArgsOpt,
  fn,
  INT,
  intValue,
  invalidCall,
  isInt,
  isNum,
  isStr,
  literalOf,
  runtimeError,
  strict,
  STRING,
  validationError,
} from './lib/common.ts';
import { regexCache, tryJavaRegex } from './lib/regex.ts';
import { decimalToString, javaDoubleString, javaFloatString } from './lib/values.ts';
import { randomUUID } from 'node:crypto';
import { javaLocalDateTimeString, type TsValue } from '../../types/temporal.ts';

const isStrOrBin = (t: LogicalType): boolean => isStr(t) || isBinaryString(t);
const utf8 = new TextEncoder();
const utf8dec = new TextDecoder('utf-8');

// ---------------------------------------------------------------- regex helpers

/** A getter returning a compiled regex for the pattern argument: compiled once when it is a literal. */
function patternOf(arg: ArgInfo | undefined, global: boolean): (p: string) => RegExp | null {
  const lit = literalOf(arg);
  if (typeof lit === 'string') {
    const re = tryJavaRegex(lit, global);
    return () => {
      if (re !== null) re.lastIndex = 0;
      return re;
    };
  }
  return regexCache(global);
}

// ---------------------------------------------------------------- pure implementations (exported for tests)

export function substring(s: string, start: number, len?: number): string | null {
  if (len !== undefined && len < 0) return null;
  const n = s.length;
  let begin: number;
  if (start > 0) begin = start - 1;
  else if (start === 0) begin = 0;
  else begin = Math.max(0, n + start);
  if (begin >= n) return '';
  const end = len === undefined ? n : Math.min(n, begin + len);
  return s.slice(begin, end);
}

export function initcap(s: string): string {
  let out = '';
  let start = true;
  for (let i = 0; i < s.length; i++) {
    let ch = s[i]!;
    const c = s.charCodeAt(i);
    if (start) {
      if ((c > 47 && c < 58) || (c > 64 && c < 91)) start = false;
      else if (c > 96 && c < 123) {
        start = false;
        ch = String.fromCharCode(c - 32);
      }
    } else if (c > 64 && c < 91) ch = String.fromCharCode(c + 32);
    else if (!((c > 47 && c < 58) || (c > 96 && c < 123))) start = true;
    out += ch;
  }
  return out;
}

function trimLeft(s: string, chars: string): string {
  let i = 0;
  while (i < s.length && chars.includes(s[i]!)) i++;
  return s.slice(i);
}
function trimRight(s: string, chars: string): string {
  let j = s.length;
  while (j > 0 && chars.includes(s[j - 1]!)) j--;
  return s.slice(0, j);
}

export function lpad(s: string, len: number, pad: string): string | null {
  if (len < 0) return null;
  if (len <= s.length) return s.slice(0, len);
  if (pad.length === 0) return null;
  const need = len - s.length;
  return pad.repeat(Math.ceil(need / pad.length)).slice(0, need) + s;
}

export function rpad(s: string, len: number, pad: string): string | null {
  if (len < 0) return null;
  if (len <= s.length) return s.slice(0, len);
  if (pad.length === 0) return null;
  const need = len - s.length;
  return s + pad.repeat(Math.ceil(need / pad.length)).slice(0, need);
}

/** Apache Commons splitByWholeSeparatorPreserveAllTokens. */
function splitWhole(s: string, sep: string): string[] {
  if (s.length === 0) return [];
  if (sep.length === 0) return s.split(/\s/);
  return s.split(sep);
}

export function translate(s: string, from: string, to: string): string {
  const map = new Map<string, string | null>();
  const f = Array.from(from);
  const t = Array.from(to);
  for (let i = 0; i < f.length; i++) if (!map.has(f[i]!)) map.set(f[i]!, i < t.length ? t[i]! : null);
  let out = '';
  for (const ch of s) {
    const m = map.get(ch);
    if (m === undefined) out += ch;
    else if (m !== null) out += m;
  }
  return out;
}

// -- URL encoding (application/x-www-form-urlencoded, UTF-8, as java.net.URLEncoder/URLDecoder)
export function urlEncode(s: string): string {
  let out = '';
  const bytes = utf8.encode(s);
  for (const b of bytes) {
    if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2e || b === 0x2d || b === 0x2a || b === 0x5f)
      out += String.fromCharCode(b);
    else if (b === 0x20) out += '+';
    else out += '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  }
  return out;
}

export function urlDecode(s: string): string | null {
  if (!s.includes('%') && !s.includes('+')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '+') {
      out += ' ';
      i++;
    } else if (c === '%') {
      const bytes: number[] = [];
      while (i < s.length && s[i] === '%') {
        if (i + 3 > s.length) return null;
        const h = s.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) return null;
        bytes.push(parseInt(h, 16));
        i += 3;
      }
      out += utf8dec.decode(new Uint8Array(bytes));
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

// -- charsets for ENCODE / DECODE
function normCharset(cs: string): string | null {
  switch (cs.toUpperCase().replace(/_/g, '-')) {
    case 'UTF-8':
    case 'UTF8':
      return 'UTF-8';
    case 'US-ASCII':
    case 'ASCII':
      return 'US-ASCII';
    case 'ISO-8859-1':
    case 'LATIN1':
    case 'ISO8859-1':
      return 'ISO-8859-1';
    case 'UTF-16BE':
      return 'UTF-16BE';
    case 'UTF-16LE':
      return 'UTF-16LE';
    case 'UTF-16':
      return 'UTF-16';
    default:
      return null;
  }
}

function encodeCharset(s: string, cs: string): Uint8Array {
  switch (cs) {
    case 'UTF-8':
      return utf8.encode(s);
    case 'US-ASCII':
    case 'ISO-8859-1': {
      const max = cs === 'US-ASCII' ? 0x7f : 0xff;
      const out = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        out[i] = c <= max ? c : 0x3f;
      }
      return out;
    }
    default: {
      const bom = cs === 'UTF-16' ? 2 : 0;
      const le = cs === 'UTF-16LE';
      const out = new Uint8Array(bom + s.length * 2);
      if (bom) {
        out[0] = 0xfe;
        out[1] = 0xff;
      }
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        out[bom + 2 * i + (le ? 0 : 1)] = c & 0xff;
        out[bom + 2 * i + (le ? 1 : 0)] = c >> 8;
      }
      return out;
    }
  }
}

function decodeCharset(b: Uint8Array, cs: string): string {
  switch (cs) {
    case 'UTF-8':
      return utf8dec.decode(b);
    case 'US-ASCII':
    case 'ISO-8859-1': {
      let s = '';
      for (const x of b) s += String.fromCharCode(cs === 'US-ASCII' && x > 0x7f ? 0xfffd : x);
      return s;
    }
    default: {
      let le = cs === 'UTF-16LE';
      let start = 0;
      if (cs === 'UTF-16' && b.length >= 2) {
        if (b[0] === 0xfe && b[1] === 0xff) start = 2;
        else if (b[0] === 0xff && b[1] === 0xfe) {
          start = 2;
          le = true;
        }
      }
      let s = '';
      for (let i = start; i + 1 < b.length; i += 2) s += String.fromCharCode(le ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!);
      return s;
    }
  }
}

// -- PARSE_URL (java.net.URL semantics)
interface ParsedUrl {
  protocol: string;
  authority: string | null;
  userInfo: string | null;
  host: string;
  path: string;
  query: string | null;
  ref: string | null;
}
const KNOWN_PROTOCOLS = new Set(['http', 'https', 'ftp', 'file', 'jar', 'mailto']);

export function parseJavaUrl(s: string): ParsedUrl | null {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(s.trim());
  if (!m) return null;
  const protocol = m[1]!.toLowerCase();
  if (!KNOWN_PROTOCOLS.has(protocol)) return null;
  let rest = m[2]!;
  let ref: string | null = null;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    ref = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let query: string | null = null;
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let authority: string | null = null;
  let path = rest;
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    path = slash < 0 ? '' : rest.slice(slash);
  }
  let userInfo: string | null = null;
  let host = '';
  if (authority !== null) {
    const at = authority.lastIndexOf('@');
    let hostPort = authority;
    if (at >= 0) {
      userInfo = authority.slice(0, at);
      hostPort = authority.slice(at + 1);
    }
    host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort.replace(/:\d*$/, '');
  }
  return { protocol, authority, userInfo, host, path, query, ref };
}

function urlPart(u: ParsedUrl, part: string): string | null {
  switch (part) {
    case 'HOST':
      return u.host;
    case 'PATH':
      return u.path;
    case 'QUERY':
      return u.query;
    case 'REF':
      return u.ref;
    case 'PROTOCOL':
      return u.protocol;
    case 'FILE':
      return u.query === null ? u.path : `${u.path}?${u.query}`;
    case 'AUTHORITY':
      return u.authority;
    case 'USERINFO':
      return u.userInfo;
    default:
      return null;
  }
}

export function parseUrl(s: string, part: string, key?: string): string | null {
  const u = parseJavaUrl(s);
  if (u === null) return null;
  if (key === undefined) return urlPart(u, part);
  if (part !== 'QUERY' || u.query === null) return null;
  for (const kv of u.query.split('&')) {
    const eq = kv.indexOf('=');
    if (eq >= 0 && kv.slice(0, eq) === key) return kv.slice(eq + 1);
  }
  return null;
}

// -- PRINTF (java.util.Formatter subset, Locale.US, on internal representations)
export interface PrintfArg {
  readonly value: unknown;
  readonly type: LogicalType;
}

function javaToString(v: unknown, t: LogicalType): string {
  if (v === null) return 'null';
  switch (t.root) {
    case 'DECIMAL':
      return decimalToString(v as number | bigint, t.scale);
    case 'DOUBLE':
      return javaDoubleString(v as number);
    case 'FLOAT':
      return javaFloatString(v as number);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return localDateTimeString(v as TsValue);
    case 'VARBINARY':
    case 'BINARY':
      return '[B@' + ((v as Uint8Array).length >>> 0).toString(16);
    default:
      return String(v);
  }
}

/** java.time.LocalDateTime#toString of a wall-clock timestamp value. */
export function localDateTimeString(v: TsValue): string {
  return javaLocalDateTimeString(v, 9);
}

class MissingArg extends Error {}

export function printf(fmt: string, args: readonly PrintfArg[]): string | null {
  let out = '';
  let next = 0;
  const re = /%(\d+\$)?([-#+ 0,(]*)(\d+)?(\.\d+)?([a-zA-Z%])/g;
  let last = 0;
  let m: RegExpExecArray | null;
  try {
    while ((m = re.exec(fmt)) !== null) {
      out += fmt.slice(last, m.index);
      last = re.lastIndex;
      const conv = m[5]!;
      if (conv === '%') {
        out += '%';
        continue;
      }
      if (conv === 'n') {
        out += '\n';
        continue;
      }
      const idx = m[1] ? Number(m[1].slice(0, -1)) - 1 : next++;
      const a = args[idx];
      if (a === undefined) throw new MissingArg();
      out += formatOne(a, m[2] ?? '', m[3] === undefined ? -1 : Number(m[3]), m[4] === undefined ? -1 : Number(m[4].slice(1)), conv);
    }
  } catch (e) {
    if (e instanceof MissingArg) return null;
    throw e;
  }
  return out + fmt.slice(last);
}

function formatOne(a: PrintfArg, flags: string, width: number, prec: number, conv: string): string {
  const v = a.value;
  let s: string;
  const upper = conv === conv.toUpperCase() && conv !== conv.toLowerCase();
  switch (conv.toLowerCase()) {
    case 'b':
      s = v === null ? 'false' : typeof v === 'boolean' ? String(v) : 'true';
      if (prec >= 0) s = s.slice(0, prec);
      break;
    case 's':
      s = javaToString(v, a.type);
      if (prec >= 0) s = s.slice(0, prec);
      break;
    case 'c':
      s = v === null ? 'null' : typeof v === 'string' ? v : String.fromCodePoint(intValue(v));
      break;
    case 'd': {
      if (v === null) {
        s = 'null';
        break;
      }
      if (typeof v !== 'bigint' && !(typeof v === 'number' && Number.isInteger(v) && a.type.root !== 'DOUBLE' && a.type.root !== 'FLOAT'))
        throw runtimeError(`d != ${javaClassName(a.type)}`, 'PRINTF_FORMAT');
      const neg = v < 0;
      let digits = String(neg ? -(v as number) : v).replace('-', '');
      if (flags.includes(',')) digits = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
      s = signed(digits, neg, flags, width);
      break;
    }
    case 'x':
    case 'o': {
      if (v === null) {
        s = 'null';
        break;
      }
      const radix = conv.toLowerCase() === 'x' ? 16 : 8;
      let n = BigInt(v as number | bigint);
      if (n < 0n) n = BigInt.asUintN(a.type.root === 'BIGINT' ? 64 : 32, n);
      s = n.toString(radix);
      if (flags.includes('0') && width > s.length) s = s.padStart(width, '0');
      break;
    }
    case 'f':
    case 'e': {
      if (v === null) {
        s = 'null';
        break;
      }
      const x = a.type.root === 'DECIMAL' ? Number(decimalToString(v as number | bigint, a.type.scale)) : Number(v);
      if (typeof v === 'string' || typeof v === 'boolean') throw runtimeError(`${conv} != ${javaClassName(a.type)}`, 'PRINTF_FORMAT');
      const p = prec < 0 ? 6 : prec;
      let body: string;
      if (!Number.isFinite(x)) body = Number.isNaN(x) ? 'NaN' : 'Infinity';
      else if (conv.toLowerCase() === 'f') body = halfUpFixed(Math.abs(x), p);
      else {
        const e = Math.abs(x).toExponential(p);
        const [mm, ee] = e.split('e') as [string, string];
        const en = Number(ee);
        body = `${mm}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
      }
      if (flags.includes(',') && conv.toLowerCase() === 'f') {
        const [ip, fp] = body.split('.') as [string, string | undefined];
        body = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fp === undefined ? '' : '.' + fp);
      }
      s = signed(body, x < 0 || Object.is(x, -0), flags, width);
      break;
    }
    default:
      throw runtimeError(`Conversion = '${conv}'`, 'PRINTF_FORMAT');
  }
  if (upper) s = s.toUpperCase();
  if (width > s.length) s = flags.includes('-') ? s.padEnd(width) : s.padStart(width);
  return s;
}

function halfUpFixed(x: number, p: number): string {
  // java.util.Formatter uses HALF_UP on the exact decimal value of the double (via BigDecimal of Double.toString).
  const d = javaDoubleString(x);
  if (/E/.test(d)) return x.toFixed(p);
  const [ip, fp = ''] = d.split('.') as [string, string | undefined];
  if (fp.length <= p) return p === 0 ? ip : `${ip}.${fp.padEnd(p, '0')}`;
  const digits = BigInt(ip + fp.slice(0, p));
  const roundUp = fp.charCodeAt(p) >= 53;
  const r = (roundUp ? digits + 1n : digits).toString().padStart(p + 1, '0');
  return p === 0 ? r : `${r.slice(0, r.length - p)}.${r.slice(r.length - p)}`;
}

function signed(body: string, neg: boolean, flags: string, width: number): string {
  let sign = neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  if (neg && flags.includes('(')) {
    sign = '(';
    body += ')';
  }
  if (flags.includes('0') && width > body.length + sign.length) body = body.padStart(width - sign.length, '0');
  return sign + body;
}

function javaClassName(t: LogicalType): string {
  switch (t.root) {
    case 'VARCHAR':
    case 'CHAR':
      return 'org.apache.flink.table.data.binary.BinaryStringData';
    case 'DOUBLE':
      return 'java.lang.Double';
    case 'FLOAT':
      return 'java.lang.Float';
    case 'BOOLEAN':
      return 'java.lang.Boolean';
    default:
      return typeToString(t);
  }
}

// ---------------------------------------------------------------- resolvers

function str1(name: string, impl: (s: string) => unknown, ret: (n: boolean) => LogicalType = STRING, alwaysNullable = false): ScalarFunction {
  return fn(name, (args) => {
    expectArgs(name, args, isStr);
    return strict(ret(alwaysNullable || anyNullable(args)), impl as (...a: never[]) => unknown);
  });
}

const trimFns: ScalarFunction[] = [
  fn('TRIM', (args, _ctx, name) => {
    if (args.length === 1) {
      expectArgs(name, args, isStr);
      return strict(STRING(anyNullable(args)), (s: string) => trimRight(trimLeft(s, ' '), ' '));
    }
    expectArgs(name, args, isStr, isStr, isStr);
    const mode = literalOf(args[0]);
    if (typeof mode !== 'string') throw invalidCall(name, args);
    const m = mode.toUpperCase();
    const nullable = anyNullable(args.slice(1));
    if (m === 'LEADING') return strict(STRING(nullable), (_m: string, c: string, s: string) => trimLeft(s, c));
    if (m === 'TRAILING') return strict(STRING(nullable), (_m: string, c: string, s: string) => trimRight(s, c));
    return strict(STRING(nullable), (_m: string, c: string, s: string) => trimRight(trimLeft(s, c), c));
  }),
  ...(
    [
      ['LTRIM', (s: string, c: string) => trimLeft(s, c)],
      ['RTRIM', (s: string, c: string) => trimRight(s, c)],
      ['BTRIM', (s: string, c: string) => trimRight(trimLeft(s, c), c)],
    ] as const
  ).map(([n, f]) =>
    fn(n, (args, _ctx, name) => {
      expectArgsOpt(name, args, 1, isStr, isStr);
      const nullable = anyNullable(args);
      return args.length === 1 ? strict(STRING(nullable), (s: string) => f(s, ' ')) : strict(STRING(nullable), f);
    }),
  ),
];

const regexFns: ScalarFunction[] = [
  fn('REGEXP', (args, _ctx, name) => {
    expectArgs(name, args, isStr, isStr);
    const re = patternOf(args[1], false);
    return strict(BOOLEAN(anyNullable(args)), (s: string, p: string) => {
      const r = re(p);
      return r === null ? null : r.test(s);
    });
  }),
  fn('REGEXP_EXTRACT', (args, _ctx, name) => {
    expectArgsOpt(name, args, 2, isStr, isStr, isInt);
    const re = patternOf(args[1], false);
    return strict(STRING(true), (s: string, p: string, g?: number | bigint) => {
      const r = re(p);
      if (r === null) return null;
      const m = r.exec(s);
      if (m === null) return null;
      const gi = g === undefined ? 0 : intValue(g);
      if (gi < 0 || gi >= m.length) return null;
      return m[gi] ?? null;
    });
  }),
  fn('REGEXP_REPLACE', (args, _ctx, name) => {
    expectArgs(name, args, isStr, isStr, isStr);
    const re = patternOf(args[1], true);
    return strict(STRING(anyNullable(args)), (s: string, p: string, r: string) => {
      const x = re(p);
      return x === null ? null : s.replace(x, () => r);
    });
  }),
  fn('REGEXP_COUNT', (args, _ctx, name) => {
    expectArgs(name, args, isStr, isStr);
    const re = patternOf(args[1], true);
    return strict(INT(true), (s: string, p: string) => {
      const x = re(p);
      if (x === null) return null;
      let n = 0;
      for (const _m of s.matchAll(x)) n++;
      return n;
    });
  }),
  fn('REGEXP_INSTR', (args, _ctx, name) => {
    expectArgs(name, args, isStr, isStr);
    const re = patternOf(args[1], false);
    return strict(INT(true), (s: string, p: string) => {
      const x = re(p);
      if (x === null) return null;
      const m = x.exec(s);
      return m === null ? 0 : m.index + 1;
    });
  }),
  fn('REGEXP_SUBSTR', (args, _ctx, name) => {
    expectArgs(name, args, isStr, isStr);
    const re = patternOf(args[1], false);
    return strict(STRING(true), (s: string, p: string) => {
      const x = re(p);
      if (x === null) return null;
      const m = x.exec(s);
      return m === null ? null : m[0];
    });
  }),
  fn('REGEXP_EXTRACT_ALL', (args, _ctx, name) => {
    expectArgsOpt(name, args, 2, isStr, isStr, isInt);
    const re = patternOf(args[1], true);
    const t: LogicalType = { root: 'ARRAY', element: STRING(true), nullable: true };
    return strict(t, (s: string, p: string, g?: number | bigint) => {
      const x = re(p);
      if (x === null) return null;
      const gi = g === undefined ? 1 : intValue(g);
      const out: (string | null)[] = [];
      for (const m of s.matchAll(x)) {
        if (gi < 0 || gi >= m.length) return null;
        out.push(m[gi] ?? null);
      }
      return out;
    });
  }),
];

function concatResolve(name: string): ScalarFunction {
  return fn(name, (args) => {
    if (args.length === 0) throw invalidCall(name, args);
    if (args.every((a) => isStr(a.type))) {
      return strict(STRING(anyNullable(args)), (...xs: string[]) => {
        let s = '';
        for (const x of xs) s += x;
        return s;
      });
    }
    if (args.every((a) => isBinaryString(a.type) || a.type.root === 'NULL')) {
      return strict(BYTES(anyNullable(args)), (...xs: Uint8Array[]) => {
        let n = 0;
        for (const x of xs) n += x.length;
        const out = new Uint8Array(n);
        let o = 0;
        for (const x of xs) {
          out.set(x, o);
          o += x.length;
        }
        return out;
      });
    }
    throw invalidCall(name, args);
  });
}

function eltResolve(): ScalarFunction {
  return fn('ELT', (args, _ctx, name) => {
    if (args.length < 2 || !isInt(args[0]!.type)) throw invalidCall(name, args);
    const rest = args.slice(1);
    const allStr = rest.every((a) => isStr(a.type));
    const allBin = rest.every((a) => isBinaryString(a.type) || a.type.root === 'NULL');
    if (!allStr && !allBin) throw invalidCall(name, args);
    const idxLit = literalOf(args[0]);
    if ((typeof idxLit === 'number' || typeof idxLit === 'bigint') && idxLit < 0)
      throw validationError(`Index must be an integer starting from '0', but was '${idxLit}'.`);
    return custom(allStr ? STRING(true) : BYTES(true), (idx: number | bigint | null, ...xs: unknown[]) => {
      if (idx === null) return null;
      const i = intValue(idx);
      if (i < 1 || i > xs.length) return null;
      return xs[i - 1] ?? null;
    });
  });
}

export const functions: ScalarFunction[] = [
  concatResolve('CONCAT'),
  fn('CONCAT_WS', (args, _ctx, name) => {
    if (args.length < 1 || !args.every((a) => isStr(a.type))) throw invalidCall(name, args);
    return custom(STRING(args[0]!.type.nullable || args[0]!.type.root === 'NULL'), (sep: string | null, ...xs: (string | null)[]) => {
      if (sep === null) return null;
      let s = '';
      let first = true;
      for (const x of xs) {
        if (x === null) continue;
        if (!first) s += sep;
        s += x;
        first = false;
      }
      return s;
    });
  }),
  ...aliases(['SUBSTRING', 'SUBSTR'], (args, _ctx, name) => {
    expectArgsOpt(name, args, 2, isStr, isInt, isInt);
    return strict(STRING(true), (s: string, start: number | bigint, len?: number | bigint) =>
      substring(s, intValue(start), len === undefined ? undefined : intValue(len)),
    );
  }),
  str1('UPPER', (s) => s.toUpperCase()),
  str1('LOWER', (s) => s.toLowerCase()),
  str1('INITCAP', initcap),
  ...aliases(['CHAR_LENGTH', 'CHARACTER_LENGTH'], (args, _ctx, name) => {
    expectArgs(name, args, isStr);
    return strict(INT(anyNullable(args)), (s: string) => s.length);
  }),
  ...trimFns,
  fn('LPAD', (args, _ctx, name) => {
    expectArgs(name, args, isStr, isInt, isStr);
    return strict(STRING(anyNullable(args)), (s: string, n: number | bigint, p: string) => lpad(s, intValue(n), p));
  }),
  fn('RPAD', (args, _ctx, name) => {
    expectArgs(name, args, isStr, isInt, isStr);
    return strict(STRING(anyNullable(args)), (s: string, n: number | bigint, p: string) => rpad(s, intValue(n), p));
  }),
  fn('REPLACE', (args, _ctx, name) => {
    expectArgs(name, args, isStr, isStr, isStr);
    return strict(STRING(anyNullable(args)), (s: string, a: string, b: string) => s.replaceAll(a, () => b));
  }),
  fn('REPEAT', (args, _ctx, name) => {
    expectArgs(name, args, isStr, isInt);
    return strict(STRING(anyNullable(args)), (s: string, n: number | bigint) => {
      const k = intValue(n);
      return k <= 0 ? '' : s.repeat(k);
    });
  }),
  str1('REVERSE', (s) => {
    let r = '';
    for (let i = s.length - 1; i >= 0; i--) r += s[i];
    return r;
  }, STRING, true),
  fn('SPLIT_INDEX', (args, _ctx, name) => {
    if (args.length !== 3 || !isStr(args[0]!.type) || !(isStr(args[1]!.type) || isInt(args[1]!.type)) || !isInt(args[2]!.type))
      throw invalidCall(name, args);
    const sepIsChar = !isStr(args[1]!.type);
    return strict(STRING(true), (s: string, sep: string | number, idx: number | bigint) => {
      const i = intValue(idx);
      if (i < 0) return null;
      const parts = splitWhole(s, sepIsChar ? String.fromCharCode(intValue(sep as number)) : (sep as string));
      return i < parts.length ? parts[i]! : null;
    });
  }),
  ...regexFns,
  fn('POSITION', (args, _ctx, name) => {
    if (args.length === 2 && args.every((a) => isStr(a.type)))
      return strict(INT(anyNullable(args)), (a: string, b: string) => b.indexOf(a) + 1);
    if (args.length === 2 && args.every((a) => isBinaryString(a.type) || a.type.root === 'NULL'))
      return strict(INT(anyNullable(args)), (a: Uint8Array, b: Uint8Array) => Buffer.from(b).indexOf(Buffer.from(a)) + 1);
    throw invalidCall(name, args);
  }),
  fn('LOCATE', (args, _ctx, name) => {
    expectArgsOpt(name, args, 2, isStr, isStr, isInt);
    return strict(INT(anyNullable(args)), (a: string, b: string, start?: number | bigint) => {
      const st = start === undefined ? 1 : intValue(start);
      if (st < 1) return 0;
      return b.indexOf(a, st - 1) + 1;
    });
  }),
  fn('INSTR', (args, _ctx, name) => {
    expectArgsOpt(name, args, 2, isStr, isStr, isInt, isInt);
    if (args.length === 2) return strict(INT(anyNullable(args)), (a: string, b: string) => a.indexOf(b) + 1);
    return strict(INT(anyNullable(args)), (a: string, b: string, start: number | bigint, nth?: number | bigint) =>
      instr(a, b, intValue(start), nth === undefined ? 1 : intValue(nth)),
    );
  }),
  fn('LEFT', (args, _ctx, name) => {
    expectArgs(name, args, isStr, isInt);
    return strict(STRING(true), (s: string, n: number | bigint) => {
      const k = intValue(n);
      return k <= 0 ? '' : s.slice(0, k);
    });
  }),
  fn('RIGHT', (args, _ctx, name) => {
    expectArgs(name, args, isStr, isInt);
    return strict(STRING(true), (s: string, n: number | bigint) => {
      const k = intValue(n);
      return k <= 0 ? '' : k >= s.length ? s : s.slice(s.length - k);
    });
  }),
  fn('ASCII', (args, _ctx, name) => {
    expectArgs(name, args, isStr);
    return strict(INT(anyNullable(args)), (s: string) => (s.length === 0 ? 0 : s.charCodeAt(0)));
  }),
  fn('CHR', (args, _ctx, name) => {
    expectArgs(name, args, isInt);
    return strict(STRING(anyNullable(args)), (n: number | bigint) => {
      const k = intValue(n);
      return k < 0 ? '' : String.fromCharCode(k % 256);
    });
  }),
  eltResolve(),
  fn('PRINTF', (args, _ctx, name) => {
    if (args.length < 1 || !isStr(args[0]!.type)) throw invalidCall(name, args);
    const types = args.slice(1).map((a) => a.type);
    return custom(STRING(true), (f: string | null, ...xs: unknown[]) => {
      if (f === null) return null;
      return printf(f, xs.map((value, i) => ({ value, type: types[i]! })));
    });
  }),
  fn('OVERLAY', (args, _ctx, name) => {
    expectArgsOpt(name, args, 3, isStr, isStr, isInt, isInt);
    return strict(STRING(anyNullable(args)), (s: string, r: string, from: number | bigint, len?: number | bigint) => {
      return overlay(s, r, intValue(from), len === undefined ? r.length : intValue(len));
    });
  }),
  fn('TO_BASE64', (args, _ctx, name) => {
    expectArgs(name, args, isStrOrBin);
    const bin = isBinaryString(args[0]!.type);
    return strict(STRING(anyNullable(args)), (v: string | Uint8Array) =>
      Buffer.from(bin ? (v as Uint8Array) : utf8.encode(v as string)).toString('base64'),
    );
  }),
  fn('FROM_BASE64', (args, _ctx, name) => {
    expectArgs(name, args, isStrOrBin);
    const bin = isBinaryString(args[0]!.type);
    return strict(STRING(anyNullable(args)), (v: string | Uint8Array) => {
      const text = bin ? utf8dec.decode(v as Uint8Array) : (v as string);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/[\r\n]/g, '')))
        throw runtimeError(`Illegal base64 character in '${text}'`);
      return utf8dec.decode(Buffer.from(text, 'base64'));
    });
  }),
  fn('ENCODE', (args, _ctx, name) => {
    expectArgs(name, args, isStr, isStr);
    const lit = literalOf(args[1]);
    const fixed = typeof lit === 'string' ? normCharset(lit) : undefined;
    if (fixed === null) throw validationError(`Unsupported charset: ${String(lit)}`);
    return strict(BYTES(anyNullable(args)), (s: string, cs: string) => {
      const c = fixed ?? normCharset(cs);
      if (c === null) throw runtimeError(`Unsupported charset: ${cs}`);
      return encodeCharset(s, c);
    });
  }),
  fn('DECODE', (args, _ctx, name) => {
    expectArgs(name, args, (t) => isBinaryString(t) || t.root === 'NULL', isStr);
    const lit = literalOf(args[1]);
    const fixed = typeof lit === 'string' ? normCharset(lit) : undefined;
    if (fixed === null) throw validationError(`Unsupported charset: ${String(lit)}`);
    return strict(STRING(true), (b: Uint8Array, cs: string) => {
      const c = fixed ?? normCharset(cs);
      if (c === null) throw runtimeError(`Unsupported charset: ${cs}`);
      return decodeCharset(b, c);
    });
  }),
  fn('PARSE_URL', (args, _ctx, name) => {
    expectArgsOpt(name, args, 2, isStr, isStr, isStr);
    return strict(STRING(true), (s: string, part: string, key?: string) => parseUrl(s, part, key));
  }),
  fn('URL_ENCODE', (args, _ctx, name) => {
    expectArgs(name, args, isStr);
    return strict(STRING(true), urlEncode);
  }),
  fn('URL_DECODE', (args, _ctx, name) => {
    expectArgs(name, args, isStr);
    return strict(STRING(true), urlDecode);
  }),
  fn('STR_TO_MAP', (args, _ctx, name) => {
    expectArgsOpt(name, args, 1, isStr, isStr, isStr);
    const pairRe = patternOf(args[1], false);
    const kvRe = patternOf(args[2], false);
    const t: LogicalType = { root: 'MAP', key: STRING(true), value: STRING(true), nullable: anyNullable(args) };
    return strict(t, (s: string, pd?: string, kd?: string) => {
      const m = new Map<string, string | null>();
      const p = args.length > 1 ? pairRe(pd!) : /,/;
      const k = args.length > 2 ? kvRe(kd!) : /=/;
      if (p === null || k === null) return null;
      for (const pair of s.split(p)) {
        const km = k.exec(pair);
        if (km === null) m.set(pair, null);
        else m.set(pair.slice(0, km.index), pair.slice(km.index + km[0].length));
      }
      return m;
    });
  }),
  fn('SPLIT', (args, _ctx, name) => {
    expectArgs(name, args, isStr, isStr);
    const t: LogicalType = { root: 'ARRAY', element: STRING(true), nullable: anyNullable(args) };
    return strict(t, (s: string, d: string) => (d.length === 0 ? s.split('') : s.split(d)));
  }),
  fn('TRANSLATE', (args, _ctx, name) => {
    expectArgs(name, args, isStr, isStr, isStr);
    return custom(STRING(args[0]!.type.nullable), (s: string | null, f: string | null, t: string | null) =>
      s === null ? null : translate(s, f ?? '', t ?? ''),
    );
  }),
  ...(
    [
      ['STARTSWITH', (a: string, b: string) => a.startsWith(b), (a: Uint8Array, b: Uint8Array) => b.length <= a.length && Buffer.from(a.subarray(0, b.length)).equals(b)],
      ['ENDSWITH', (a: string, b: string) => a.endsWith(b), (a: Uint8Array, b: Uint8Array) => b.length <= a.length && Buffer.from(a.subarray(a.length - b.length)).equals(b)],
    ] as const
  ).map(([n, fs, fb]) =>
    fn(n, (args, _ctx, name) => {
      if (args.length === 2 && args.every((a) => isStr(a.type))) return strict(BOOLEAN(anyNullable(args)), fs);
      if (args.length === 2 && args.every((a) => isBinaryString(a.type) || a.type.root === 'NULL'))
        return strict(BOOLEAN(anyNullable(args)), fb);
      throw invalidCall(name, args);
    }),
  ),
  fn('UUID', (args, _ctx, name) => {
    if (args.length !== 0) throw invalidCall(name, args);
    return strict(STRING(false), () => randomUUID(), { deterministic: false });
  }),
  ...(
    [
      ['IS_ALPHA', (s: string) => s.length > 0 && /^\p{L}+$/u.test(s)],
      ['IS_DIGIT', (s: string) => s.length > 0 && /^\p{Nd}+$/u.test(s)],
      ['IS_DECIMAL', (s: string) => /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(s)],
    ] as const
  ).map(([n, f]) =>
    fn(n, (args, _ctx, name) => {
      expectArgs(name, args, (t) => isStr(t) || isNum(t));
      const numeric = !isStr(args[0]!.type);
      return custom(BOOLEAN(false), (v: unknown) => (v === null ? false : numeric ? n === 'IS_DECIMAL' : f(v as string)));
    }),
  ),
  fn('BIN', (args, _ctx, name) => {
    expectArgs(name, args, isInt);
    return strict(STRING(anyNullable(args)), (v: number | bigint) => BigInt.asUintN(64, BigInt(v)).toString(2));
  }),
  fn('HEX', (args, _ctx, name) => {
    if (args.length === 1 && isInt(args[0]!.type))
      return strict(STRING(anyNullable(args)), (v: number | bigint) => BigInt.asUintN(64, BigInt(v)).toString(16).toUpperCase());
    if (args.length === 1 && isStrOrBin(args[0]!.type)) {
      const bin = isBinaryString(args[0]!.type);
      return strict(STRING(anyNullable(args)), (v: string | Uint8Array) =>
        Buffer.from(bin ? (v as Uint8Array) : utf8.encode(v as string)).toString('hex').toUpperCase(),
      );
    }
    throw invalidCall(name, args);
  }),
  fn('UNHEX', (args, _ctx, name) => {
    expectArgs(name, args, isStr);
    return strict(BYTES(true), (s: string) => {
      const t = s.length % 2 === 1 ? '0' + s : s;
      if (!/^[0-9a-fA-F]*$/.test(t)) return null;
      return new Uint8Array(Buffer.from(t, 'hex'));
    });
  }),
];

void isCharacterString;

/**
 * INSTR(s, sub, start, nth): position of the nth occurrence of sub at or after `start` (1-based);
 * a negative start counts from the end and searches backwards (Oracle's INSTR, as Flink); 0 = none.
 */
export function instr(s: string, sub: string, start: number, nth: number): number {
  if (nth <= 0) throw runtimeError(`The nth appearance of INSTR must be positive, but was ${nth}`);
  if (start === 0) return 0;
  if (start > 0) {
    let from = start - 1;
    let at = -1;
    for (let i = 0; i < nth; i++) {
      at = s.indexOf(sub, from);
      if (at < 0) return 0;
      from = at + 1;
    }
    return at + 1;
  }
  // backwards: the last occurrence starting at or before the -start'th character from the end
  let from = s.length + start - sub.length + 1;
  let at = -1;
  for (let i = 0; i < nth; i++) {
    if (from < 0) return 0;
    at = s.lastIndexOf(sub, from);
    if (at < 0) return 0;
    from = at - 1;
  }
  return at + 1;
}

/**
 * OVERLAY(s PLACING r FROM start FOR len): a start outside 1..length(s)+1 leaves s unchanged; a
 * negative len (or one past the end) drops the rest of s (Flink's ScalarFunctionsTest).
 */
export function overlay(s: string, r: string, start: number, len: number): string {
  if (start < 1 || start > s.length + 1) return s;
  const end = start - 1 + len;
  return s.slice(0, start - 1) + r + (len >= 0 && end < s.length ? s.slice(end) : '');
}
