/**
 * The Flink SQL tokenizer: one pass over the text's char codes, producing
 * tokens with their spans. Comments are skipped except hint comments
 * (`/*+ … *\/`), which become HintStart … HintEnd around ordinary tokens.
 */
import type { Span } from '../common/error.ts';
import { isKeyword } from './keywords.ts';
import { parseError, SqlErrorCode } from './diagnostics.ts';

export type TokenKind =
  /** A keyword from keywords.ts (reserved or not), unquoted. */
  | 'Keyword'
  /** Any other unquoted word. */
  | 'Ident'
  /** A backticked identifier; `value` holds the unescaped name. */
  | 'QuotedIdent'
  /** `'…'`, `N'…'` or `U&'…'`; `value` holds the decoded content. */
  | 'String'
  /** `X'…'`; `value` holds the hex digits. */
  | 'BinaryString'
  | 'Number'
  /** Punctuation and operators; `text` is the symbol. */
  | 'Symbol'
  /** `/*+` opening a hint comment. */
  | 'HintStart'
  /** `*\/` closing a hint comment. */
  | 'HintEnd'
  | 'EOF';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** Decoded value: the word itself, the unescaped identifier or string content. */
  readonly value: string;
  /** Upper-cased word for Keyword/Ident tokens, else ''. */
  readonly upper: string;
  readonly span: Span;
}

const enumChars = {
  tab: 9,
  lf: 10,
  cr: 13,
  space: 32,
  bang: 33,
  dquote: 34,
  dollar: 36,
  percent: 37,
  amp: 38,
  quote: 39,
  lparen: 40,
  rparen: 41,
  star: 42,
  plus: 43,
  comma: 44,
  minus: 45,
  dot: 46,
  slash: 47,
  d0: 48,
  d9: 57,
  colon: 58,
  semi: 59,
  lt: 60,
  eq: 61,
  gt: 62,
  question: 63,
  A: 65,
  E: 69,
  N: 78,
  U: 85,
  X: 88,
  Z: 90,
  lbracket: 91,
  backslash: 92,
  rbracket: 93,
  caret: 94,
  underscore: 95,
  backtick: 96,
  a: 97,
  e: 101,
  n: 110,
  u: 117,
  x: 120,
  z: 122,
  lbrace: 123,
  pipe: 124,
  rbrace: 125,
} as const;
const C = enumChars;

function isIdentStart(c: number): boolean {
  return (c >= C.a && c <= C.z) || (c >= C.A && c <= C.Z) || c === C.underscore || (c > 127 && c !== 0xa0 && c !== 0xfeff);
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === C.dollar;
}
function isDigit(c: number): boolean {
  return c >= C.d0 && c <= C.d9;
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Tokenizes a whole script. The last token is always EOF. Throws a parse WeirError on bad input. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const n = sql.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let inHint = false;

  const spanAt = (start: number, end: number, l: number, ls: number): Span => ({
    start,
    end,
    line: l,
    column: start - ls + 1,
  });
  const push = (kind: TokenKind, start: number, end: number, value: string, l = line, ls = lineStart): void => {
    const text = sql.slice(start, end);
    const upper = kind === 'Keyword' || kind === 'Ident' ? text.toUpperCase() : '';
    tokens.push({ kind, text, value, upper, span: spanAt(start, end, l, ls) });
  };

  /** Reads a quoted run starting at `i` (the opening quote), doubling as escape. Returns the content. */
  const readQuoted = (quote: number, what: 'string' | 'identifier'): string => {
    const start = i;
    const startLine = line;
    const startLineStart = lineStart;
    i++;
    let out = '';
    let chunk = i;
    for (;;) {
      if (i >= n) {
        const code = what === 'string' ? SqlErrorCode.unterminatedString : SqlErrorCode.unterminatedIdentifier;
        throw parseError(code, `unterminated ${what === 'string' ? 'string literal' : 'quoted identifier'}`, spanAt(start, n, startLine, startLineStart));
      }
      const c = sql.charCodeAt(i);
      if (c === quote) {
        if (i + 1 < n && sql.charCodeAt(i + 1) === quote) {
          out += sql.slice(chunk, i + 1);
          i += 2;
          chunk = i;
          continue;
        }
        out += sql.slice(chunk, i);
        i++;
        return out;
      }
      if (c === C.lf) {
        line++;
        lineStart = i + 1;
      }
      i++;
    }
  };

  /** Skips whitespace with a line break between string parts; true when another `'` follows (a continued literal). */
  const skipToAdjacentString = (): boolean => {
    let j = i;
    let l = line;
    let ls = lineStart;
    let sawNewline = false;
    while (j < n) {
      const c = sql.charCodeAt(j);
      if (c === C.lf) {
        l++;
        ls = j + 1;
        sawNewline = true;
        j++;
      } else if (c === C.space || c === C.tab || c === C.cr) j++;
      else break;
    }
    // As in standard SQL (and Calcite), adjacent string parts must be separated by a line break.
    if (sawNewline && j < n && sql.charCodeAt(j) === C.quote) {
      i = j;
      line = l;
      lineStart = ls;
      return true;
    }
    return false;
  };

  while (i < n) {
    const c = sql.charCodeAt(i);
    // whitespace (also form feed, vertical tab, no-break space and a byte-order mark)
    if (c === C.space || c === C.tab || c === C.cr || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === C.lf) {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    const start = i;
    const next = i + 1 < n ? sql.charCodeAt(i + 1) : -1;
    // comments
    if (c === C.minus && next === C.minus) {
      while (i < n && sql.charCodeAt(i) !== C.lf) i++;
      continue;
    }
    if (c === C.slash && next === C.star) {
      if (i + 2 < n && sql.charCodeAt(i + 2) === C.plus && !inHint) {
        i += 3;
        push('HintStart', start, i, '/*+');
        inHint = true;
        continue;
      }
      const l0 = line;
      const ls0 = lineStart;
      i += 2;
      for (;;) {
        if (i >= n) throw parseError(SqlErrorCode.unterminatedComment, 'unterminated comment', spanAt(start, n, l0, ls0));
        const d = sql.charCodeAt(i);
        if (d === C.star && i + 1 < n && sql.charCodeAt(i + 1) === C.slash) {
          i += 2;
          break;
        }
        if (d === C.lf) {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      continue;
    }
    if (inHint && c === C.star && next === C.slash) {
      i += 2;
      push('HintEnd', start, i, '*/');
      inHint = false;
      continue;
    }
    // prefixed strings: X'..', U&'..', N'..'
    if ((c === C.x || c === C.X) && next === C.quote) {
      i++;
      const l0 = line;
      const ls0 = lineStart;
      let hex = readQuoted(C.quote, 'string');
      while (skipToAdjacentString()) hex += readQuoted(C.quote, 'string');
      for (let k = 0; k < hex.length; k++) {
        if (!isHex(hex.charCodeAt(k))) {
          throw parseError(SqlErrorCode.invalidLiteral, `invalid binary literal X'${hex}'`, spanAt(start, i, l0, ls0));
        }
      }
      push('BinaryString', start, i, hex.toUpperCase(), l0, ls0);
      continue;
    }
    if ((c === C.u || c === C.U) && next === C.amp && i + 2 < n && sql.charCodeAt(i + 2) === C.quote) {
      i += 2;
      const l0 = line;
      const ls0 = lineStart;
      let raw = readQuoted(C.quote, 'string');
      while (skipToAdjacentString()) raw += readQuoted(C.quote, 'string');
      let escape = '\\';
      // optional UESCAPE 'c'
      const save = i;
      let j = i;
      while (j < n && (sql.charCodeAt(j) === C.space || sql.charCodeAt(j) === C.tab)) j++;
      if (sql.slice(j, j + 7).toUpperCase() === 'UESCAPE') {
        j += 7;
        while (j < n && (sql.charCodeAt(j) === C.space || sql.charCodeAt(j) === C.tab)) j++;
        if (sql.charCodeAt(j) === C.quote && sql.charCodeAt(j + 2) === C.quote) {
          escape = sql.charAt(j + 1);
          i = j + 3;
        } else i = save;
      }
      const value = decodeUnicode(raw, escape, () => spanAt(start, i, l0, ls0));
      push('String', start, i, value, l0, ls0);
      continue;
    }
    if ((c === C.n || c === C.N) && next === C.quote) {
      i++;
      const l0 = line;
      const ls0 = lineStart;
      let value = readQuoted(C.quote, 'string');
      while (skipToAdjacentString()) value += readQuoted(C.quote, 'string');
      push('String', start, i, value, l0, ls0);
      continue;
    }
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(sql.charCodeAt(i))) i++;
      const text = sql.slice(start, i);
      push(isKeyword(text.toUpperCase()) ? 'Keyword' : 'Ident', start, i, text);
      continue;
    }
    if (c === C.backtick) {
      const l0 = line;
      const ls0 = lineStart;
      const value = readQuoted(C.backtick, 'identifier');
      push('QuotedIdent', start, i, value, l0, ls0);
      continue;
    }
    if (c === C.quote) {
      const l0 = line;
      const ls0 = lineStart;
      let value = readQuoted(C.quote, 'string');
      while (skipToAdjacentString()) value += readQuoted(C.quote, 'string');
      push('String', start, i, value, l0, ls0);
      continue;
    }
    if (isDigit(c) || (c === C.dot && isDigit(next))) {
      while (i < n && isDigit(sql.charCodeAt(i))) i++;
      if (i < n && sql.charCodeAt(i) === C.dot && !(i + 1 < n && sql.charCodeAt(i + 1) === C.dot)) {
        i++;
        while (i < n && isDigit(sql.charCodeAt(i))) i++;
      }
      if (i < n && (sql.charCodeAt(i) === C.e || sql.charCodeAt(i) === C.E)) {
        let j = i + 1;
        const s = sql.charCodeAt(j);
        if (s === C.plus || s === C.minus) j++;
        if (j < n && isDigit(sql.charCodeAt(j))) {
          i = j;
          while (i < n && isDigit(sql.charCodeAt(i))) i++;
        }
      }
      if (i < n && isIdentStart(sql.charCodeAt(i))) {
        // `1abc` is not a number; report the whole word
        let j = i;
        while (j < n && isIdentPart(sql.charCodeAt(j))) j++;
        throw parseError(SqlErrorCode.invalidLiteral, `invalid numeric literal '${sql.slice(start, j)}'`, spanAt(start, j, line, lineStart));
      }
      const text = sql.slice(start, i);
      push('Number', start, i, text);
      continue;
    }
    // symbols
    let len = 1;
    switch (c) {
      case C.lt:
        len = next === C.eq || next === C.gt ? 2 : 1;
        break;
      case C.gt:
        len = next === C.eq ? 2 : 1;
        break;
      case C.bang:
        if (next !== C.eq) len = 0;
        else len = 2;
        break;
      case C.pipe:
        len = next === C.pipe ? 2 : 1;
        break;
      case C.eq:
        len = next === C.gt ? 2 : 1;
        break;
      case C.lparen:
      case C.rparen:
      case C.comma:
      case C.dot:
      case C.semi:
      case C.plus:
      case C.minus:
      case C.star:
      case C.slash:
      case C.percent:
      case C.lbracket:
      case C.rbracket:
      case C.lbrace:
      case C.rbrace:
      case C.caret:
      case C.dollar:
      case C.question:
      case C.colon:
        break;
      default:
        len = 0;
    }
    if (len === 0) {
      const ch = String.fromCodePoint(sql.codePointAt(i) ?? c);
      const hint = c === C.dquote ? ' (Flink SQL quotes identifiers with backticks and strings with single quotes)' : '';
      throw parseError(SqlErrorCode.unexpectedCharacter, `unexpected character '${ch}'${hint}`, spanAt(start, start + ch.length, line, lineStart));
    }
    i += len;
    const text = sql.slice(start, i);
    push('Symbol', start, i, text);
  }
  if (inHint) {
    const last = tokens.length > 0 ? tokens[tokens.length - 1] : undefined;
    const span = last ? last.span : spanAt(n, n, line, lineStart);
    throw parseError(SqlErrorCode.unterminatedComment, 'unterminated hint comment', span);
  }
  tokens.push({ kind: 'EOF', text: '', value: '', upper: '', span: spanAt(n, n, line, lineStart) });
  return tokens;
}

function decodeUnicode(raw: string, escape: string, span: () => Span): string {
  let out = '';
  let k = 0;
  while (k < raw.length) {
    const ch = raw.charAt(k);
    if (ch !== escape) {
      out += ch;
      k++;
      continue;
    }
    if (raw.charAt(k + 1) === escape) {
      out += escape;
      k += 2;
      continue;
    }
    let digits: string;
    if (raw.charAt(k + 1) === '+') {
      digits = raw.slice(k + 2, k + 8);
      k += 8;
    } else {
      digits = raw.slice(k + 1, k + 5);
      k += 5;
    }
    if (!/^[0-9a-fA-F]+$/.test(digits) || (digits.length !== 4 && digits.length !== 6)) {
      throw parseError(SqlErrorCode.invalidLiteral, `invalid unicode escape in U&'${raw}'`, span());
    }
    out += String.fromCodePoint(Number.parseInt(digits, 16));
  }
  return out;
}
