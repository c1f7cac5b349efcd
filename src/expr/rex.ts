/**
 * Bound, typed expressions (Calcite's RexNode): what the binder produces and
 * the code generator compiles. Field references are positional. Operators and
 * functions are all `Call`s naming a function in the registry (functions.ts):
 * `+`, `=`, `AND`, `IS NULL`, `CONCAT`, … Literals hold runtime values (see
 * types/logical-type.ts for the representation of each type).
 */
import type { LogicalType } from '../types/logical-type.ts';
import type { ResolvedCall } from './function.ts';

export interface InputRef {
  readonly kind: 'InputRef';
  readonly index: number;
  readonly type: LogicalType;
}

export interface Literal {
  readonly kind: 'Literal';
  readonly value: unknown;
  readonly type: LogicalType;
}

export interface Call {
  readonly kind: 'Call';
  /** Canonical upper-case function or operator name, e.g. 'PLUS' is written '+'. */
  readonly name: string;
  readonly operands: readonly Rex[];
  readonly type: LogicalType;
  /** The implementation chosen for these operand types. */
  readonly resolved: ResolvedCall;
}

export interface Cast {
  readonly kind: 'Cast';
  readonly operand: Rex;
  readonly type: LogicalType;
  /** TRY_CAST: NULL instead of an error. */
  readonly safe: boolean;
}

export interface CaseWhen {
  readonly kind: 'Case';
  readonly whens: readonly { readonly when: Rex; readonly then: Rex }[];
  readonly otherwise: Rex;
  readonly type: LogicalType;
}

export interface FieldAccess {
  readonly kind: 'FieldAccess';
  readonly operand: Rex;
  readonly index: number;
  readonly type: LogicalType;
}

export type Rex = InputRef | Literal | Call | Cast | CaseWhen | FieldAccess;

export const inputRef = (index: number, type: LogicalType): InputRef => ({ kind: 'InputRef', index, type });
export const literal = (value: unknown, type: LogicalType): Literal => ({ kind: 'Literal', value, type });

/** Replaces input references by the expressions they point to (composing an expression with a projection below it). */
export function inlineRex(rex: Rex, exprs: readonly Rex[]): Rex {
  switch (rex.kind) {
    case 'InputRef':
      return exprs[rex.index]!;
    case 'Literal':
      return rex;
    case 'Call':
      return { ...rex, operands: rex.operands.map((o) => inlineRex(o, exprs)) };
    case 'Cast':
    case 'FieldAccess':
      return { ...rex, operand: inlineRex(rex.operand, exprs) };
    case 'Case':
      return {
        ...rex,
        whens: rex.whens.map((w) => ({ when: inlineRex(w.when, exprs), then: inlineRex(w.then, exprs) })),
        otherwise: inlineRex(rex.otherwise, exprs),
      };
  }
}
