/**
 * The expression compiler: typed Rex trees become JavaScript source, and
 * `new Function` turns it into a function V8 optimises (as Flink generates
 * Java). One generated function evaluates a whole projection + filter over a
 * batch; nothing interprets a tree per row. SQL NULL is JS null; strict
 * functions are guarded by null checks; AND, OR and CASE evaluate lazily with
 * three-valued logic.
 */
import type { Rex } from './rex.ts';
import type { Row, RowKind } from '../runtime/row.ts';
import { castFunction } from '../types/cast.ts';

/** Processes a batch: appends the projected rows that pass the filter (and their kinds) to the outputs. */
export type BatchFunction = (inRows: Row[], inKinds: RowKind[], outRows: Row[], outKinds: RowKind[]) => void;
export type RowFunction = (row: Row) => unknown;

class Gen {
  readonly consts: unknown[] = [];
  readonly fns: unknown[] = [];
  private tmp = 0;
  private readonly zone: string;
  constructor(zone: string) {
    this.zone = zone;
  }

  fresh(): string {
    return `t${this.tmp++}`;
  }

  constant(v: unknown): string {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'bigint') return `${v}n`;
    this.consts.push(v);
    return `k[${this.consts.length - 1}]`;
  }

  fn(f: unknown): string {
    let i = this.fns.indexOf(f);
    if (i < 0) {
      this.fns.push(f);
      i = this.fns.length - 1;
    }
    return `f[${i}]`;
  }

  /** Emits statements computing `rex` into `out` and returns the JS expression holding the value. */
  expr(rex: Rex, out: string[]): string {
    switch (rex.kind) {
      case 'InputRef': {
        const t = this.fresh();
        out.push(`const ${t} = r[${rex.index}];`);
        return t;
      }
      case 'Literal':
        return this.constant(rex.value);
      case 'FieldAccess': {
        const o = this.expr(rex.operand, out);
        const t = this.fresh();
        out.push(`const ${t} = ${o} === null ? null : ${o}[${rex.index}];`);
        return t;
      }
      case 'Cast': {
        const o = this.expr(rex.operand, out);
        if (rex.operand.type.root === 'NULL') return 'null';
        const c = this.fn(castFunction(rex.operand.type, rex.type, rex.safe, this.zone));
        const t = this.fresh();
        out.push(`const ${t} = ${o} === null ? null : ${c}(${o});`);
        return t;
      }
      case 'Case': {
        const t = this.fresh();
        out.push(`let ${t};`);
        let depth = 0;
        for (const w of rex.whens) {
          const c = this.expr(w.when, out);
          out.push(`if (${c} === true) {`);
          const v = this.expr(w.then, out);
          out.push(`${t} = ${v};`, `} else {`);
          depth++;
        }
        const e = this.expr(rex.otherwise, out);
        out.push(`${t} = ${e};`);
        for (let i = 0; i < depth; i++) out.push('}');
        return t;
      }
      case 'Call':
        return this.call(rex, out);
    }
  }

  private call(rex: Extract<Rex, { kind: 'Call' }>, out: string[]): string {
    const t = this.fresh();
    if (rex.name === 'AND' || rex.name === 'OR') {
      const stop = rex.name === 'AND' ? 'false' : 'true';
      const a = this.expr(rex.operands[0]!, out);
      out.push(`let ${t};`, `if (${a} === ${stop}) ${t} = ${stop}; else {`);
      const b = this.expr(rex.operands[1]!, out);
      out.push(`${t} = ${b} === ${stop} ? ${stop} : (${a} === null || ${b} === null) ? null : ${rex.name === 'AND' ? 'true' : 'false'};`, '}');
      return t;
    }
    const args = rex.operands.map((o) => this.expr(o, out));
    const r = rex.resolved;
    const body = r.inline ? `(${r.inline(args)})` : `${this.fn(r.impl)}(${args.join(', ')})`;
    if (r.nulls === 'strict' && args.length > 0) {
      const guards = args.filter((a) => a !== 'null' && !isPlainConstant(a));
      if (args.includes('null')) {
        out.push(`const ${t} = null;`);
        return t;
      }
      if (guards.length === 0) out.push(`const ${t} = ${body};`);
      else out.push(`const ${t} = ${guards.map((g) => `${g} === null`).join(' || ')} ? null : ${body};`);
    } else out.push(`const ${t} = ${body};`);
    return t;
  }
}

function isPlainConstant(s: string): boolean {
  return /^(-?[0-9.e+]+n?|true|false|"(?:[^"\\]|\\.)*"|NaN|-?Infinity|k\[\d+\])$/.test(s);
}

function instantiate<F>(gen: Gen, body: string): F {
  const factory = new Function('k', 'f', body) as (k: unknown[], f: unknown[]) => F;
  return factory(gen.consts, gen.fns);
}

export interface CompileOptions {
  /** Session time zone for casts between TIMESTAMP and TIMESTAMP_LTZ. */
  readonly timeZone: string;
}

/**
 * Compiles a projection (null: pass the row through) and an optional filter into one batch function.
 * Rows for which the filter is not TRUE are dropped; row kinds are carried over.
 */
export function compileCalc(projection: readonly Rex[] | null, filter: Rex | null, opts: CompileOptions): BatchFunction {
  const gen = new Gen(opts.timeZone);
  const lines: string[] = [];
  if (filter) {
    const c = gen.expr(filter, lines);
    lines.push(`if (${c} !== true) continue;`);
  }
  if (projection) {
    const vals = projection.map((p) => gen.expr(p, lines));
    lines.push(`outRows.push([${vals.join(', ')}]);`);
  } else lines.push('outRows.push(r);');
  lines.push('outKinds.push(inKinds[i]);');
  const body = `return function calc(inRows, inKinds, outRows, outKinds) {
  for (let i = 0, n = inRows.length; i < n; i++) {
    const r = inRows[i];
    ${lines.join('\n    ')}
  }
};`;
  return instantiate<BatchFunction>(gen, body);
}

/** Compiles one expression over a row (watermark expressions, keys, partition values). */
export function compileRowFunction(rex: Rex, opts: CompileOptions): RowFunction {
  const gen = new Gen(opts.timeZone);
  const lines: string[] = [];
  const v = gen.expr(rex, lines);
  const body = `return function rowFn(r) {
  ${lines.join('\n  ')}
  return ${v};
};`;
  return instantiate<RowFunction>(gen, body);
}

/** Evaluates a constant expression (no input references). */
export function evaluateConstant(rex: Rex, opts: CompileOptions): unknown {
  return compileRowFunction(rex, opts)([]);
}
