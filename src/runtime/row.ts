/**
 * Rows and row kinds. A row is a positional array; every row in flight carries
 * a kind (Flink's RowKind). Kinds are small integers so batches can hold them
 * in a Uint8Array-like array without allocation per row.
 */

export type Row = unknown[];

export const RowKind = {
  INSERT: 0,
  UPDATE_BEFORE: 1,
  UPDATE_AFTER: 2,
  DELETE: 3,
} as const;
export type RowKind = (typeof RowKind)[keyof typeof RowKind];

export const ROW_KIND_SHORT = ['+I', '-U', '+U', '-D'] as const;
export type RowKindShort = (typeof ROW_KIND_SHORT)[number];

export function rowKindFromShort(s: string): RowKind {
  const i = ROW_KIND_SHORT.indexOf(s as RowKindShort);
  if (i < 0) throw new Error(`unknown row kind ${s}`);
  return i as RowKind;
}

/** +I and +U add a row to the result; -U and -D retract one. */
export const isAccumulate = (k: RowKind): boolean => k === RowKind.INSERT || k === RowKind.UPDATE_AFTER;
