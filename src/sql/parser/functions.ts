/**
 * Functions with their own argument syntax: CAST/TRY_CAST, EXTRACT, TRIM,
 * POSITION … IN, SUBSTRING … FROM … FOR, OVERLAY, FLOOR/CEIL … TO,
 * TIMESTAMPADD/TIMESTAMPDIFF, DESCRIPTOR and the SQL/JSON functions.
 */
import type { Expr, JsonObjectEntry, JsonQueryBehavior, JsonValueBehavior } from '../ast/expr.ts';
import type { Token } from '../tokenizer.ts';
import type { Cursor } from './cursor.ts';
import { parseExpr } from './expr.ts';
import { Prec } from './precedence.ts';
import { parseDataType, parseTimeUnit } from './types.ts';
import { parseOrderByItem } from './window.ts';

/** Functions with their own argument syntax. Returns undefined to fall back to a plain call. */
export function parseSpecialFunction(c: Cursor, t: Token): Expr | undefined {
  const w = t.upper;
  switch (w) {
    case 'CAST':
    case 'TRY_CAST': {
      c.pos += 2;
      const expr = parseExpr(c);
      c.expectKeyword('AS');
      const type = parseDataType(c);
      c.expectSymbol(')');
      return { kind: 'Cast', expr, type, try: w === 'TRY_CAST', span: c.spanFrom(t) };
    }
    case 'EXTRACT': {
      c.pos += 2;
      const unit = parseTimeUnit(c);
      c.expectKeyword('FROM');
      const expr = parseExpr(c);
      c.expectSymbol(')');
      return { kind: 'Extract', unit, expr, span: c.spanFrom(t) };
    }
    case 'TRIM': {
      c.pos += 2;
      const where = c.eatAnyKeyword(['BOTH', 'LEADING', 'TRAILING']) as 'BOTH' | 'LEADING' | 'TRAILING' | undefined;
      let chars: Expr | undefined;
      let expr: Expr;
      if (c.eatKeyword('FROM')) {
        expr = parseExpr(c);
      } else {
        const first = parseExpr(c);
        if (c.eatKeyword('FROM')) {
          chars = first;
          expr = parseExpr(c);
        } else {
          expr = first;
        }
      }
      c.expectSymbol(')');
      return { kind: 'Trim', ...(where ? { where } : {}), ...(chars ? { chars } : {}), expr, span: c.spanFrom(t) };
    }
    case 'POSITION': {
      const save = c.pos;
      c.pos += 2;
      const needle = parseExpr(c, Prec.like + 1);
      if (c.eatKeyword('IN')) {
        const haystack = parseExpr(c);
        c.expectSymbol(')');
        return { kind: 'Position', needle, haystack, span: c.spanFrom(t) };
      }
      c.pos = save;
      return undefined;
    }
    case 'SUBSTRING': {
      const save = c.pos;
      c.pos += 2;
      const expr = parseExpr(c);
      if (c.eatKeyword('FROM')) {
        const from = parseExpr(c);
        const forExpr = c.eatKeyword('FOR') ? parseExpr(c) : undefined;
        c.expectSymbol(')');
        return { kind: 'Substring', expr, from, ...(forExpr ? { for: forExpr } : {}), span: c.spanFrom(t) };
      }
      c.pos = save;
      return undefined;
    }
    case 'OVERLAY': {
      c.pos += 2;
      const expr = parseExpr(c);
      c.expectKeyword('PLACING');
      const placing = parseExpr(c);
      c.expectKeyword('FROM');
      const from = parseExpr(c);
      const forExpr = c.eatKeyword('FOR') ? parseExpr(c) : undefined;
      c.expectSymbol(')');
      return { kind: 'Overlay', expr, placing, from, ...(forExpr ? { for: forExpr } : {}), span: c.spanFrom(t) };
    }
    case 'FLOOR':
    case 'CEIL':
    case 'CEILING': {
      const save = c.pos;
      c.pos += 2;
      const expr = parseExpr(c);
      if (c.eatKeyword('TO')) {
        const unit = parseTimeUnit(c);
        c.expectSymbol(')');
        return { kind: 'FloorCeil', fn: w === 'FLOOR' ? 'FLOOR' : 'CEIL', expr, unit, span: c.spanFrom(t) };
      }
      c.pos = save;
      return undefined;
    }
    case 'TIMESTAMPADD':
    case 'TIMESTAMPDIFF': {
      c.pos += 2;
      const unit = parseTimeUnit(c);
      c.expectSymbol(',');
      const left = parseExpr(c);
      c.expectSymbol(',');
      const right = parseExpr(c);
      c.expectSymbol(')');
      return { kind: 'TimestampFunction', fn: w, unit, left, right, span: c.spanFrom(t) };
    }
    case 'DESCRIPTOR': {
      c.pos += 2;
      const columns = c.commaList(() => c.parseAnyIdent('a column name'));
      c.expectSymbol(')');
      return { kind: 'Descriptor', columns, span: c.spanFrom(t) };
    }
    case 'JSON_VALUE': {
      c.pos += 2;
      const expr = parseExpr(c);
      c.expectSymbol(',');
      const path = parseExpr(c);
      const returning = c.eatKeyword('RETURNING') ? parseDataType(c) : undefined;
      let onEmpty: JsonValueBehavior | undefined;
      let onError: JsonValueBehavior | undefined;
      for (;;) {
        const bs = c.peek();
        const b = c.eatAnyKeyword(['NULL', 'ERROR', 'DEFAULT']);
        if (b !== 'NULL' && b !== 'ERROR' && b !== 'DEFAULT') break;
        const dflt = b === 'DEFAULT' ? parseExpr(c) : undefined;
        c.expectKeyword('ON');
        const on = c.eatAnyKeyword(['EMPTY', 'ERROR']);
        if (on === undefined) c.expected('EMPTY or ERROR');
        const behavior: JsonValueBehavior = {
          kind: 'JsonValueBehavior',
          behavior: b,
          ...(dflt ? { default: dflt } : {}),
          span: c.spanFrom(bs),
        };
        if (on === 'EMPTY') onEmpty = behavior;
        else onError = behavior;
      }
      c.expectSymbol(')');
      return {
        kind: 'JsonValue',
        expr,
        path,
        ...(returning ? { returning } : {}),
        ...(onEmpty ? { onEmpty } : {}),
        ...(onError ? { onError } : {}),
        span: c.spanFrom(t),
      };
    }
    case 'JSON_QUERY': {
      c.pos += 2;
      const expr = parseExpr(c);
      c.expectSymbol(',');
      const path = parseExpr(c);
      const returning = c.eatKeyword('RETURNING') ? parseDataType(c) : undefined;
      let wrapper: 'WITHOUT' | 'CONDITIONAL' | 'UNCONDITIONAL' | undefined;
      if (c.eatKeyword('WITHOUT')) {
        c.eatKeyword('ARRAY');
        c.expectKeyword('WRAPPER');
        wrapper = 'WITHOUT';
      } else if (c.eatKeyword('WITH')) {
        wrapper = c.eatKeyword('CONDITIONAL') ? 'CONDITIONAL' : 'UNCONDITIONAL';
        if (wrapper === 'UNCONDITIONAL') c.eatKeyword('UNCONDITIONAL');
        c.eatKeyword('ARRAY');
        c.expectKeyword('WRAPPER');
      }
      let onEmpty: JsonQueryBehavior | undefined;
      let onError: JsonQueryBehavior | undefined;
      for (;;) {
        let b: JsonQueryBehavior;
        if (c.eatKeyword('NULL')) b = 'NULL';
        else if (c.eatKeyword('ERROR')) b = 'ERROR';
        else if (c.eatKeywords('EMPTY', 'ARRAY')) b = 'EMPTY ARRAY';
        else if (c.eatKeywords('EMPTY', 'OBJECT')) b = 'EMPTY OBJECT';
        else break;
        c.expectKeyword('ON');
        const on = c.eatAnyKeyword(['EMPTY', 'ERROR']);
        if (on === undefined) c.expected('EMPTY or ERROR');
        if (on === 'EMPTY') onEmpty = b;
        else onError = b;
      }
      c.expectSymbol(')');
      return {
        kind: 'JsonQuery',
        expr,
        path,
        ...(returning ? { returning } : {}),
        ...(wrapper ? { wrapper } : {}),
        ...(onEmpty ? { onEmpty } : {}),
        ...(onError ? { onError } : {}),
        span: c.spanFrom(t),
      };
    }
    case 'JSON_EXISTS': {
      c.pos += 2;
      const expr = parseExpr(c);
      c.expectSymbol(',');
      const path = parseExpr(c);
      let onError: 'TRUE' | 'FALSE' | 'UNKNOWN' | 'ERROR' | undefined;
      const b = c.eatAnyKeyword(['TRUE', 'FALSE', 'UNKNOWN', 'ERROR']);
      if (b === 'TRUE' || b === 'FALSE' || b === 'UNKNOWN' || b === 'ERROR') {
        c.expectKeywords('ON', 'ERROR');
        onError = b;
      }
      c.expectSymbol(')');
      return { kind: 'JsonExists', expr, path, ...(onError ? { onError } : {}), span: c.spanFrom(t) };
    }
    case 'JSON_OBJECT': {
      c.pos += 2;
      const entries: JsonObjectEntry[] = [];
      let onNull = parseJsonOnNull(c);
      if (!onNull && !c.isSymbol(')')) {
        do {
          const es = c.peek();
          if (c.isKeyword('KEY') && !c.isKeyword('VALUE', 1)) c.next();
          const key = parseExpr(c);
          c.expectKeyword('VALUE');
          const value = parseExpr(c);
          const formatJson = c.eatKeywords('FORMAT', 'JSON');
          entries.push({ kind: 'JsonObjectEntry', key, value, formatJson, span: c.spanFrom(es) });
        } while (c.eatSymbol(','));
        onNull = parseJsonOnNull(c);
      }
      c.expectSymbol(')');
      return { kind: 'JsonObject', entries, ...(onNull ? { onNull } : {}), span: c.spanFrom(t) };
    }
    case 'JSON_ARRAY': {
      c.pos += 2;
      const elements: Expr[] = [];
      let onNull = parseJsonOnNull(c);
      if (!onNull && !c.isSymbol(')')) {
        do {
          elements.push(parseExpr(c));
          c.eatKeywords('FORMAT', 'JSON');
        } while (c.eatSymbol(','));
        onNull = parseJsonOnNull(c);
      }
      c.expectSymbol(')');
      return { kind: 'JsonArray', elements, ...(onNull ? { onNull } : {}), span: c.spanFrom(t) };
    }
    case 'JSON_OBJECTAGG': {
      c.pos += 2;
      if (c.isKeyword('KEY') && !c.isKeyword('VALUE', 1)) c.next();
      const key = parseExpr(c);
      c.expectKeyword('VALUE');
      const value = parseExpr(c);
      const onNull = parseJsonOnNull(c);
      c.expectSymbol(')');
      return { kind: 'JsonObjectAgg', key, value, ...(onNull ? { onNull } : {}), span: c.spanFrom(t) };
    }
    case 'JSON_ARRAYAGG': {
      c.pos += 2;
      const expr = parseExpr(c);
      const orderBy = c.eatKeywords('ORDER', 'BY') ? c.commaList(() => parseOrderByItem(c)) : [];
      const onNull = parseJsonOnNull(c);
      c.expectSymbol(')');
      return { kind: 'JsonArrayAgg', expr, orderBy, ...(onNull ? { onNull } : {}), span: c.spanFrom(t) };
    }
    default:
      return undefined;
  }
}

function parseJsonOnNull(c: Cursor): 'NULL' | 'ABSENT' | undefined {
  if (c.eatKeywords('NULL', 'ON', 'NULL')) return 'NULL';
  if (c.eatKeywords('ABSENT', 'ON', 'NULL')) return 'ABSENT';
  return undefined;
}
