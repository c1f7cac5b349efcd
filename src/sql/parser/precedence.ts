/**
 * Operator precedence levels shared by the Pratt expression parser and the
 * printer (which parenthesises by the same table). Levels follow Calcite's
 * (hence Flink's): IS … binds looser than comparisons, LIKE/BETWEEN/IN bind
 * tighter than comparisons, and `||` binds like `*`.
 */
export const Prec = {
  lowest: 0,
  or: 1,
  and: 2,
  not: 3,
  is: 4,
  comparison: 5,
  like: 6,
  additive: 7,
  multiplicative: 8,
  unary: 9,
  postfix: 10,
  primary: 11,
} as const;

export type PrecLevel = (typeof Prec)[keyof typeof Prec];

export const binaryOpPrec = {
  OR: Prec.or,
  AND: Prec.and,
  '=': Prec.comparison,
  '<>': Prec.comparison,
  '!=': Prec.comparison,
  '<': Prec.comparison,
  '<=': Prec.comparison,
  '>': Prec.comparison,
  '>=': Prec.comparison,
  '||': Prec.multiplicative,
  '+': Prec.additive,
  '-': Prec.additive,
  '*': Prec.multiplicative,
  '/': Prec.multiplicative,
  '%': Prec.multiplicative,
  OVERLAPS: Prec.comparison,
} as const;
