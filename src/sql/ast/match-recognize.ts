/**
 * MATCH_RECOGNIZE (row pattern recognition) AST: the clause attached to a
 * table reference, and the row pattern regular expressions.
 */
import type { Span } from '../../common/error.ts';
import type { Expr, Ident, OrderByItem } from './expr.ts';
import type { TableAlias, TableRef } from './query.ts';

/** `input MATCH_RECOGNIZE (…) [AS alias]`. */
export interface MatchRecognize {
  readonly kind: 'MatchRecognize';
  readonly input: TableRef;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderByItem[];
  readonly measures: readonly Measure[];
  readonly rowsPerMatch?: 'ONE ROW PER MATCH' | 'ALL ROWS PER MATCH';
  readonly afterMatchSkip?: AfterMatchSkip;
  readonly pattern: Pattern;
  /** `PATTERN (^ A B)`. */
  readonly strictStart: boolean;
  /** `PATTERN (A B $)`. */
  readonly strictEnd: boolean;
  readonly within?: Expr;
  readonly subsets: readonly Subset[];
  readonly define: readonly Define[];
  readonly alias?: TableAlias;
  readonly span: Span;
}

/** `expr AS alias` in MEASURES. */
export interface Measure {
  readonly kind: 'Measure';
  readonly expr: Expr;
  readonly alias: Ident;
  readonly span: Span;
}

/** `AFTER MATCH SKIP PAST LAST ROW | TO NEXT ROW | TO FIRST v | TO LAST v | TO v`. */
export interface AfterMatchSkip {
  readonly kind: 'AfterMatchSkip';
  readonly to: 'PAST LAST ROW' | 'NEXT ROW' | 'FIRST' | 'LAST' | 'VARIABLE';
  readonly variable?: Ident;
  readonly span: Span;
}

/** `SUBSET S = (A, B)`. */
export interface Subset {
  readonly kind: 'Subset';
  readonly name: Ident;
  readonly variables: readonly Ident[];
  readonly span: Span;
}

/** `A AS condition` in DEFINE. */
export interface Define {
  readonly kind: 'Define';
  readonly variable: Ident;
  readonly condition: Expr;
  readonly span: Span;
}

export type Pattern =
  | PatternVariable
  | PatternConcat
  | PatternAlternation
  | PatternGroup
  | PatternQuantified
  | PatternPermute
  | PatternExclusion;

export interface PatternVariable {
  readonly kind: 'PatternVariable';
  readonly name: Ident;
  readonly span: Span;
}

/** `A B C`. */
export interface PatternConcat {
  readonly kind: 'PatternConcat';
  readonly items: readonly Pattern[];
  readonly span: Span;
}

/** `A | B`. */
export interface PatternAlternation {
  readonly kind: 'PatternAlternation';
  readonly alternatives: readonly Pattern[];
  readonly span: Span;
}

/** `( … )`. */
export interface PatternGroup {
  readonly kind: 'PatternGroup';
  readonly pattern: Pattern;
  readonly span: Span;
}

/**
 * `p*`, `p+`, `p?`, `p{n}`, `p{n,}`, `p{n,m}`, `p{,m}`, with a trailing `?` for
 * reluctant. `max` undefined means unbounded. `syntax` records which form was
 * written so printing gives it back.
 */
export interface PatternQuantified {
  readonly kind: 'PatternQuantified';
  readonly pattern: Pattern;
  readonly syntax: '*' | '+' | '?' | '{}';
  readonly min: number;
  readonly max?: number;
  readonly reluctant: boolean;
  readonly span: Span;
}

/** `PERMUTE(A, B, C)`. */
export interface PatternPermute {
  readonly kind: 'PatternPermute';
  readonly items: readonly Pattern[];
  readonly span: Span;
}

/** `{- A -}`. */
export interface PatternExclusion {
  readonly kind: 'PatternExclusion';
  readonly pattern: Pattern;
  readonly span: Span;
}
