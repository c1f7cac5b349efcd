/**
 * The parser's cursor over the token array: lookahead, keyword and symbol
 * matching, error construction ("expected X but found 'Y'"), backtracking
 * with tryParse, spans of parsed nodes, and a recursion guard.
 */
import { WeirError, type Span } from '../../common/error.ts';
import type { Ident } from '../ast/expr.ts';
import { closestWord, expectedButFound, parseError, SqlErrorCode, unexpectedEnd } from '../diagnostics.ts';
import { isReserved } from '../keywords.ts';
import type { Token } from '../tokenizer.ts';

const MAX_DEPTH = 400;

export class Cursor {
  readonly tokens: readonly Token[];
  pos = 0;
  private depth = 0;

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  peek(offset = 0): Token {
    const t = this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
    if (t === undefined) throw new Error('token array must end with EOF');
    return t;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'EOF') this.pos++;
    return t;
  }

  /** The last consumed token. */
  prev(): Token {
    return this.tokens[Math.max(0, this.pos - 1)] ?? this.peek();
  }

  atEnd(): boolean {
    return this.peek().kind === 'EOF';
  }

  /** An unquoted word (keyword or identifier) equal to `kw` (upper case) at `offset`. */
  isKeyword(kw: string, offset = 0): boolean {
    const t = this.peek(offset);
    return (t.kind === 'Keyword' || t.kind === 'Ident') && t.upper === kw;
  }

  /** True when the upcoming words are exactly `kws`. */
  isKeywords(...kws: string[]): boolean {
    for (let k = 0; k < kws.length; k++) {
      const kw = kws[k];
      if (kw === undefined || !this.isKeyword(kw, k)) return false;
    }
    return true;
  }

  isAnyKeyword(kws: readonly string[], offset = 0): string | undefined {
    const t = this.peek(offset);
    if (t.kind !== 'Keyword' && t.kind !== 'Ident') return undefined;
    return kws.includes(t.upper) ? t.upper : undefined;
  }

  eatKeyword(kw: string): boolean {
    if (!this.isKeyword(kw)) return false;
    this.pos++;
    return true;
  }

  /** Consumes the whole sequence of words, or nothing. */
  eatKeywords(...kws: string[]): boolean {
    if (!this.isKeywords(...kws)) return false;
    this.pos += kws.length;
    return true;
  }

  eatAnyKeyword(kws: readonly string[]): string | undefined {
    const k = this.isAnyKeyword(kws);
    if (k !== undefined) this.pos++;
    return k;
  }

  expectKeyword(kw: string): Token {
    if (!this.isKeyword(kw)) this.expected(kw, this.peek(), [kw]);
    return this.next();
  }

  expectKeywords(...kws: string[]): void {
    for (const kw of kws) this.expectKeyword(kw);
  }

  isSymbol(s: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'Symbol' && t.text === s;
  }

  eatSymbol(s: string): boolean {
    if (!this.isSymbol(s)) return false;
    this.pos++;
    return true;
  }

  expectSymbol(s: string): Token {
    if (!this.isSymbol(s)) this.expected(`'${s}'`);
    return this.next();
  }

  /**
   * Throws "expected `what` but found '…'" at the current token; when the token is a word
   * close to one of `suggest` (keywords), the message adds "(did you mean …?)".
   */
  expected(what: string, token: Token = this.peek(), suggest: readonly string[] = []): never {
    if (token.kind === 'EOF') throw unexpectedEnd(what, token.span);
    const words = token.kind === 'Keyword' || token.kind === 'Ident' ? suggest : [];
    throw expectedButFound(what, token.text, token.span, words);
  }

  error(detail: string, span: Span = this.peek().span): never {
    throw parseError(SqlErrorCode.unexpectedToken, detail, span);
  }

  /** Runs `fn`; on a parse error restores the position and returns undefined. */
  tryParse<T>(fn: () => T): T | undefined {
    const save = this.pos;
    const depth = this.depth;
    try {
      return fn();
    } catch (e) {
      if (e instanceof WeirError && e.kind === 'parse' && e.code !== SqlErrorCode.tooDeep) {
        this.pos = save;
        this.depth = depth;
        return undefined;
      }
      throw e;
    }
  }

  /** Runs `fn` one nesting level deeper; fails cleanly instead of overflowing the stack. */
  nested<T>(fn: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      throw parseError(SqlErrorCode.tooDeep, 'statement is nested too deeply', this.peek().span);
    }
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  /** The span from `start` (a token or span) to the last consumed token. */
  spanFrom(start: Token | Span): Span {
    const s = 'span' in start ? start.span : start;
    const end = Math.max(this.prev().span.end, s.end);
    return { start: s.start, end, line: s.line, column: s.column };
  }

  /** True when the current token can be an identifier (quoted, unquoted non-reserved). */
  isIdent(offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'Ident' || t.kind === 'QuotedIdent' || (t.kind === 'Keyword' && !isReserved(t.upper));
  }

  /** Any word or quoted identifier, reserved or not (after AS, after `.`). */
  isAnyWord(offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'Ident' || t.kind === 'QuotedIdent' || t.kind === 'Keyword';
  }

  parseIdent(what = 'an identifier'): Ident {
    if (!this.isIdent()) this.expected(what);
    return this.identFrom(this.next());
  }

  /** Accepts reserved words too (used where no ambiguity arises). */
  parseAnyIdent(what = 'an identifier'): Ident {
    if (!this.isAnyWord()) this.expected(what);
    return this.identFrom(this.next());
  }

  identFrom(t: Token): Ident {
    return { kind: 'Ident', value: t.value, quoted: t.kind === 'QuotedIdent', span: t.span };
  }

  /** `a.b.c`: the first part must be a non-reserved identifier, later parts may be any word. */
  parseObjectName(what = 'an identifier'): Ident[] {
    const parts = [this.parseIdent(what)];
    while (this.isSymbol('.') && this.isAnyWord(1)) {
      this.pos++;
      parts.push(this.identFrom(this.next()));
    }
    return parts;
  }

  /**
   * After an implicit alias: a further name can never parse there, so the alias or the name
   * is most likely a misspelled clause keyword (`SELECT a FORM t`, `FROM a x JION b`).
   * Throws "unexpected 'X' (did you mean Y?)" when one of them is close to `keywords`.
   */
  checkMisspelledKeywordAfterAlias(alias: Token, keywords: readonly string[]): void {
    const next = this.peek();
    if (next.kind === 'QuotedIdent' || !this.isIdent()) return;
    for (const t of [alias, next]) {
      if (t.kind === 'QuotedIdent') continue;
      const near = closestWord(t.text, keywords);
      if (near !== undefined) this.error(`unexpected '${t.text}' (did you mean ${near}?)`, t.span);
    }
  }

  /** `( a, b, c )`. */
  parseParenIdentList(): Ident[] {
    this.expectSymbol('(');
    const out = [this.parseIdent()];
    while (this.eatSymbol(',')) out.push(this.parseIdent());
    this.expectSymbol(')');
    return out;
  }

  parseStringValue(what = 'a string literal'): string {
    const t = this.peek();
    if (t.kind !== 'String') this.expected(what);
    this.pos++;
    return t.value;
  }

  /** A comma-separated list of one or more items. */
  commaList<T>(item: () => T): T[] {
    const out = [item()];
    while (this.eatSymbol(',')) out.push(item());
    return out;
  }

  parseInteger(what = 'an integer'): number {
    const t = this.peek();
    if (t.kind !== 'Number' || !/^\d+$/.test(t.text)) this.expected(what);
    this.pos++;
    return Number(t.text);
  }
}
