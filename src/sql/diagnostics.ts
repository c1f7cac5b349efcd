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

/** `expected X but found 'Y'`, with ` (did you mean Z?)` when `found` looks like a misspelling of one of `suggest`. */
export function expectedButFound(expected: string, found: string, span: Span, suggest: readonly string[] = []): WeirError {
  const near = closestWord(found, suggest);
  const hint = near !== undefined ? ` (did you mean ${near}?)` : '';
  return parseError(SqlErrorCode.unexpectedToken, `expected ${expected} but found '${found}'${hint}`, span);
}

/** The candidate within a small edit distance of `word` (case-insensitive), if exactly one is closest. */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toUpperCase();
  if (w.length < 3) return undefined;
  let best: string | undefined;
  let bestDist = Math.min(2, Math.floor(w.length / 3));
  let tie = false;
  for (const cand of candidates) {
    if (cand === w) return undefined;
    const d = editDistance(w, cand);
    if (d < bestDist || (d === bestDist && best === undefined)) {
      tie = best !== undefined && d === bestDist;
      best = cand;
      bestDist = d;
    } else if (d === bestDist) tie = true;
  }
  return tie ? undefined : best;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur: number[] = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      }
      cur.push(v);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n] ?? 0;
}

/** `unexpected end of input, expected X`. */
export function unexpectedEnd(expected: string, span: Span): WeirError {
  return parseError(SqlErrorCode.unexpectedEnd, `unexpected end of input, expected ${expected}`, span);
}

export function unsupported(what: string, span: Span): WeirError {
  return parseError(SqlErrorCode.unsupported, `${what} is not supported`, span);
}
