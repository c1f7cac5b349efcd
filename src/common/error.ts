/**
 * Errors as values: every failure Weir reports carries a kind, a stable code,
 * a message (in Flink's words where Flink has them) and, when it comes from SQL
 * text, the span of the offending text so it can be rendered with a caret.
 */

/** A position in SQL text: 1-based line and column, 0-based offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

export type ErrorKind = 'parse' | 'validation' | 'plan' | 'runtime' | 'io' | 'config';

export class WeirError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly span: Span | undefined;
  constructor(kind: ErrorKind, code: string, message: string, span?: Span, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WeirError';
    this.kind = kind;
    this.code = code;
    this.span = span;
  }
}

/** Renders `message` followed by the offending source line and a caret under the span. */
export function renderError(err: WeirError, source?: string): string {
  if (!err.span || source === undefined) return err.message;
  const lines = source.split('\n');
  const lineText = lines[err.span.line - 1] ?? '';
  const width = Math.max(1, Math.min(err.span.end - err.span.start, lineText.length - err.span.column + 1));
  return `${err.message}\n${lineText}\n${' '.repeat(Math.max(0, err.span.column - 1))}${'^'.repeat(width)}`;
}

export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
