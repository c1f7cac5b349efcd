/**
 * A small JSON tree with exact numbers (their source text), the compact,
 * key-sorted serialisation Flink's JSON functions produce ({"a":1}), and Flink's
 * (Calcite over Jayway JsonPath) path language with lax/strict modes.
 */

/** A JSON number kept as its source text (exact for BIGINT/DECIMAL, re-printed verbatim). */
export class JNum {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}
export type JValue = null | boolean | string | JNum | JValue[] | Map<string, JValue>;

export class JsonParseError extends Error {}

export function parseJson(text: string): JValue {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const fail = (what: string): never => {
    const before = text.slice(0, i);
    const line = before.split('\n').length;
    const col = i - before.lastIndexOf('\n');
    throw new JsonParseError(`${what} at line: ${line}, column: ${col}`);
  };
  const value = (): JValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const m = new Map<string, JValue>();
      ws();
      if (text[i] === '}') {
        i++;
        return m;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('Unexpected character, expected a field name');
        const k = str();
        ws();
        if (text[i] !== ':') fail("Unexpected character, expected ':'");
        i++;
        m.set(k, value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return m;
        }
        fail("Unexpected character, expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const a: JValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return a;
        }
        fail("Unexpected character, expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m && m[0].length > 0) {
      i += m[0].length;
      return new JNum(m[0]);
    }
    return fail(i >= n ? 'Unexpected end-of-input' : `Unrecognized token '${text.slice(i, i + 10)}'`);
  };
  const str = (): string => {
    const start = i;
    i++;
    let out = '';
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1];
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e;
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const h = text.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('Invalid unicode escape');
            out += String.fromCharCode(parseInt(h, 16));
            i += 4;
            break;
          }
          default:
            fail('Unrecognized character escape');
        }
        i += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) fail('Illegal unquoted character');
      out += c;
      i++;
    }
    i = start;
    return fail('Unexpected end-of-input in a string');
  };
  const v = value();
  ws();
  if (i < n) fail(`Unexpected character ('${text[i]}')`);
  return v;
}

export function quoteJsonString(s: string): string {
  return JSON.stringify(s);
}

/** Compact serialisation with object keys in sorted order (Jackson ORDER_MAP_ENTRIES_BY_KEYS). */
export function serializeJson(v: JValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return quoteJsonString(v);
  if (v instanceof JNum) return v.text;
  if (Array.isArray(v)) return '[' + v.map(serializeJson).join(',') + ']';
  const keys = [...v.keys()].sort();
  return '{' + keys.map((k) => quoteJsonString(k) + ':' + serializeJson(v.get(k)!)).join(',') + '}';
}

export const isScalar = (v: JValue): boolean => v === null || typeof v !== 'object' || v instanceof JNum;

// ---------------------------------------------------------------- paths

type Step = { readonly kind: 'prop'; readonly name: string } | { readonly kind: 'index'; readonly index: number } | { readonly kind: 'wild' };

export interface JsonPath {
  readonly mode: 'lax' | 'strict';
  readonly steps: readonly Step[];
  readonly definite: boolean;
}

export class JsonPathError extends Error {}

export function compilePath(spec: string): JsonPath {
  const m = /^\s*(strict|lax)\s+(.+)$/is.exec(spec);
  const mode = m ? (m[1]!.toLowerCase() as 'lax' | 'strict') : 'strict';
  const p = (m ? m[2]! : spec).trim();
  if (!p.startsWith('$')) throw new JsonPathError(`Illegal jsonpath spec: ${spec}`);
  const steps: Step[] = [];
  let i = 1;
  while (i < p.length) {
    const c = p[i]!;
    if (c === '.') {
      i++;
      if (p[i] === '[') continue;
      if (p[i] === '*') {
        steps.push({ kind: 'wild' });
        i++;
        continue;
      }
      const mm = /^[^.[\s]+/.exec(p.slice(i));
      if (!mm) throw new JsonPathError(`Illegal jsonpath spec: ${spec}`);
      steps.push({ kind: 'prop', name: mm[0] });
      i += mm[0].length;
      continue;
    }
    if (c === '[') {
      const close = p.indexOf(']', i);
      if (close < 0) throw new JsonPathError(`Illegal jsonpath spec: ${spec}`);
      const inner = p.slice(i + 1, close).trim();
      if (inner === '*') steps.push({ kind: 'wild' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^(['"]).*\1$/s.test(inner)) steps.push({ kind: 'prop', name: inner.slice(1, -1) });
      else throw new JsonPathError(`Illegal jsonpath spec: ${spec}`);
      i = close + 1;
      continue;
    }
    throw new JsonPathError(`Illegal jsonpath spec: ${spec}`);
  }
  return { mode, steps, definite: steps.every((s) => s.kind !== 'wild') };
}

function pathText(steps: readonly Step[], upto: number): string {
  let s = '$';
  for (let k = 0; k < upto; k++) {
    const st = steps[k]!;
    s += st.kind === 'prop' ? `['${st.name}']` : st.kind === 'index' ? `[${st.index}]` : '[*]';
  }
  return s;
}

/** Result of evaluating a path: a value (undefined = no result) or an error message. */
export type PathResult = { readonly ok: true; readonly value: JValue | undefined } | { readonly ok: false; readonly error: string };

export function evalPath(root: JValue, path: JsonPath): PathResult {
  const strict = path.mode === 'strict';
  const steps = path.steps;
  if (path.definite) {
    let cur: JValue = root;
    for (let k = 0; k < steps.length; k++) {
      const st = steps[k]!;
      const leaf = k === steps.length - 1;
      if (st.kind === 'prop') {
        if (!(cur instanceof Map)) {
          if (!strict) return { ok: true, value: undefined };
          return { ok: false, error: `Expected to find an object with property ['${st.name}'] in path ${pathText(steps, k)} but found '${describe(cur)}'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonProvider'.` };
        }
        const next = cur.get(st.name);
        if (next === undefined) {
          if (!strict) return { ok: true, value: undefined };
          return { ok: false, error: leaf ? `No results for path: ${pathText(steps, k + 1)}` : `Missing property in path ${pathText(steps, k + 1)}` };
        }
        cur = next;
      } else if (st.kind === 'index') {
        if (!Array.isArray(cur)) {
          if (!strict) return { ok: true, value: undefined };
          return { ok: false, error: `Filter: ${pathText(steps, k + 1)} can only be applied to arrays. Current context is: ${serializeJson(cur)}` };
        }
        const idx = st.index < 0 ? cur.length + st.index : st.index;
        if (idx < 0 || idx >= cur.length) {
          if (!strict) return { ok: true, value: undefined };
          return { ok: false, error: `No results for path: ${pathText(steps, k + 1)}` };
        }
        cur = cur[idx]!;
      }
    }
    return { ok: true, value: cur };
  }
  const out: JValue[] = [];
  const walk = (cur: JValue, k: number): string | undefined => {
    if (k === steps.length) {
      out.push(cur);
      return undefined;
    }
    const st = steps[k]!;
    if (st.kind === 'wild') {
      const kids = Array.isArray(cur) ? cur : cur instanceof Map ? [...cur.values()] : [];
      for (const x of kids) {
        const e = walk(x, k + 1);
        if (e !== undefined) return e;
      }
      return undefined;
    }
    if (st.kind === 'prop') {
      if (!(cur instanceof Map)) return undefined;
      const next = cur.get(st.name);
      if (next === undefined) return undefined;
      return walk(next, k + 1);
    }
    if (!Array.isArray(cur)) return undefined;
    const idx = st.index < 0 ? cur.length + st.index : st.index;
    if (idx < 0 || idx >= cur.length) return undefined;
    return walk(cur[idx]!, k + 1);
  };
  // Jayway: a missing definite prefix of an indefinite path fails in strict mode.
  const firstWild = steps.findIndex((s) => s.kind === 'wild');
  if (strict && firstWild > 0) {
    const prefix = evalPath(root, { mode: 'strict', steps: steps.slice(0, firstWild), definite: true });
    if (!prefix.ok) return { ok: false, error: prefix.error.replace('No results for path', 'Missing property in path') };
  }
  const e = walk(root, 0);
  if (e !== undefined) return { ok: false, error: e };
  return { ok: true, value: out };
}

function describe(v: JValue): string {
  if (Array.isArray(v)) return 'java.util.ArrayList';
  if (v === null) return 'null';
  if (typeof v === 'string') return 'java.lang.String';
  if (typeof v === 'boolean') return 'java.lang.Boolean';
  if (v instanceof JNum) return 'java.lang.Number';
  return 'java.util.LinkedHashMap';
}
