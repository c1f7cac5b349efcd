/**
 * The message catalogue of the SQL front end: stable error codes and the
 * wording of parse errors (`SQL parse error at line L, column C: …`). Every
 * parse failure is a WeirError of kind 'parse' built here.
 */
import { WeirError, type Span } from '../common/error.ts';

export const SqlErrorCode = {
  unexpectedToken: 'SQL_UNEXPECTED_TOKEN',
  unexpectedEnd: 'SQL_UNEXPECTED_END',
  unexpectedCharacter: 'SQL_UNEXPECTED_CHARACTER',
  unterminatedString: 'SQL_UNTERMINATED_STRING',
  unterminatedIdentifier: 'SQL_UNTERMINATED_IDENTIFIER',
  unterminatedComment: 'SQL_UNTERMINATED_COMMENT',
  invalidLiteral: 'SQL_INVALID_LITERAL',
  tooDeep: 'SQL_TOO_DEEP',
  unsupported: 'SQL_UNSUPPORTED',
} as const;

export type SqlErrorCode = (typeof SqlErrorCode)[keyof typeof SqlErrorCode];

export function parseError(code: SqlErrorCode, detail: string, span: Span): WeirError {
  return new WeirError('parse', code, `SQL parse error at line ${span.line}, column ${span.column}: ${detail}`, span);
}

/** `expected X but found 'Y'`. */
export function expectedButFound(expected: string, found: string, span: Span): WeirError {
  return parseError(SqlErrorCode.unexpectedToken, `expected ${expected} but found '${found}'`, span);
}

/** `unexpected end of input, expected X`. */
export function unexpectedEnd(expected: string, span: Span): WeirError {
  return parseError(SqlErrorCode.unexpectedEnd, `unexpected end of input, expected ${expected}`, span);
}

export function unsupported(what: string, span: Span): WeirError {
  return parseError(SqlErrorCode.unsupported, `${what} is not supported`, span);
}
