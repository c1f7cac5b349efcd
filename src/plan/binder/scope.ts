/**
 * Name resolution: the columns visible to an expression, each with the table
 * alias that qualifies it. Flink resolves identifiers case-sensitively; a miss
 * that matches another column ignoring case gets a "did you mean".
 */
import { WeirError, type Span } from '../../common/error.ts';
import type { Ident } from '../../sql/ast/expr.ts';
import type { LogicalType, RowType } from '../../types/logical-type.ts';

export interface ScopeField {
  readonly qualifier: string | undefined;
  readonly name: string;
  readonly index: number;
  readonly type: LogicalType;
}

export interface Resolved {
  readonly field: ScopeField;
  /** Identifier parts left after the column: nested ROW field names. */
  readonly rest: readonly Ident[];
}

export class Scope {
  readonly fields: readonly ScopeField[];
  constructor(fields: readonly ScopeField[]) {
    this.fields = fields;
  }

  static of(rowType: RowType, qualifier: string | undefined): Scope {
    return new Scope(rowType.fields.map((f, index) => ({ qualifier, name: f.name, index, type: f.type })));
  }

  /** Concatenates scopes (a join's left then right); indexes continue. */
  static concat(a: Scope, b: Scope): Scope {
    const off = a.fields.length;
    return new Scope([...a.fields, ...b.fields.map((f) => ({ ...f, index: f.index + off }))]);
  }

  resolve(parts: readonly Ident[], span: Span): Resolved {
    const first = parts[0]!;
    if (parts.length >= 2) {
      const q = first.value;
      const col = parts[1]!.value;
      const qualified = this.fields.filter((f) => f.qualifier === q && f.name === col);
      if (qualified.length === 1) return { field: qualified[0]!, rest: parts.slice(2) };
      if (qualified.length === 0 && this.fields.some((f) => f.qualifier === q)) {
        if (!this.fields.some((f) => f.name === q)) throw this.notFound(parts[1]!, `Column '${col}' not found in table '${q}'`);
      } else if (qualified.length > 1) {
        throw new WeirError('validation', 'AMBIGUOUS_COLUMN', `Column '${col}' is ambiguous`, span);
      }
    }
    const matches = this.fields.filter((f) => f.name === first.value);
    if (matches.length === 1) return { field: matches[0]!, rest: parts.slice(1) };
    if (matches.length > 1) {
      throw new WeirError('validation', 'AMBIGUOUS_COLUMN', `Column '${first.value}' is ambiguous`, first.span);
    }
    if (parts.length >= 2 && !this.fields.some((f) => f.qualifier === first.value))
      throw new WeirError('validation', 'TABLE_NOT_FOUND', `Table '${first.value}' not found`, first.span);
    throw this.notFound(first, `Column '${first.value}' not found in any table`);
  }

  private notFound(id: Ident, message: string): WeirError {
    const lower = id.value.toLowerCase();
    const near =
      this.fields.find((f) => f.name.toLowerCase() === lower) ??
      this.fields.find((f) => editDistance(f.name.toLowerCase(), lower) <= (lower.length <= 3 ? 1 : 2));
    return new WeirError('validation', 'COLUMN_NOT_FOUND', near ? `${message}; did you mean '${near.name}'?` : message, id.span);
  }
}

export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
