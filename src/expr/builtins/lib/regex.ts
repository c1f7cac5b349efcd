/**
 * Java (java.util.regex) patterns → JS RegExp. The two dialects agree on the
 * common core; this translates the Java-only pieces Flink users write
 * (POSIX classes `\p{Alpha}`, `\A`, `\z`, leading inline flags `(?i)`) and
 * rejects the ones JS cannot express (possessive quantifiers, atomic groups),
 * so those fail like an invalid pattern instead of matching differently.
 */

const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
  L: '\\p{L}',
  IsAlphabetic: '\\p{Alphabetic}',
  javaLowerCase: 'a-z',
  javaUpperCase: 'A-Z',
};

export class UnsupportedRegexError extends Error {}

/** Translates a Java regex to a JS RegExp (global flag set when `global`). Throws on invalid patterns. */
export function javaRegex(pattern: string, global = false): RegExp {
  let flags = global ? 'g' : '';
  let src = pattern;
  const inline = /^\(\?([imsx]+)\)/.exec(src);
  if (inline) {
    for (const f of inline[1]!) if (f !== 'x' && !flags.includes(f)) flags += f;
    src = src.slice(inline[0].length);
  }
  let out = '';
  let needU = false;
  let inClass = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) throw new SyntaxError('Unexpected internal error near index ' + i);
      if ((n === 'p' || n === 'P') && src[i + 2] === '{') {
        const end = src.indexOf('}', i + 3);
        if (end < 0) throw new SyntaxError('Unclosed character family');
        let name = src.slice(i + 3, end);
        if (name.startsWith('Is') && POSIX[name.slice(2)] !== undefined) name = name.slice(2);
        const cls = POSIX[name];
        if (cls === undefined) {
          needU = true;
          out += src.slice(i, end + 1);
        } else {
          if (cls.startsWith('\\p')) needU = true;
          const neg = n === 'P';
          out += inClass ? (neg ? '' : cls) : neg ? `[^${cls}]` : `[${cls}]`;
          if (inClass && neg) throw new UnsupportedRegexError('negated POSIX class inside a character class');
        }
        i = end;
        continue;
      }
      if (n === 'A' && !inClass) {
        out += '^';
        i++;
        continue;
      }
      if ((n === 'z' || n === 'Z') && !inClass) {
        out += '$';
        i++;
        continue;
      }
      if (n === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const lit = src.slice(i + 2, end < 0 ? src.length : end);
        out += lit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        i = end < 0 ? src.length : end + 1;
        continue;
      }
      out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[') {
        // Java allows nested classes (union); JS does not.
        throw new UnsupportedRegexError('nested character classes are not supported');
      }
      if (c === ']') inClass--;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass++;
      out += c;
      if (src[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if ((c === '+') && i > 0 && /[*+?}]/.test(src[i - 1]!) && src[i - 2] !== '\\') {
      throw new UnsupportedRegexError('possessive quantifiers are not supported');
    }
    if (c === '(' && src[i + 1] === '?' && src[i + 2] === '>') {
      throw new UnsupportedRegexError('atomic groups are not supported');
    }
    out += c;
  }
  if (needU) flags += 'u';
  return new RegExp(out, flags);
}

/** Compiles or returns null for an invalid pattern (Flink's regexp functions return NULL then). */
export function tryJavaRegex(pattern: string, global = false): RegExp | null {
  try {
    return javaRegex(pattern, global);
  } catch {
    return null;
  }
}

/** A one-entry cache for non-literal patterns: rows usually repeat the same pattern. */
export function regexCache(global: boolean): (pattern: string) => RegExp | null {
  let lastPattern: string | undefined;
  let last: RegExp | null = null;
  return (pattern) => {
    if (pattern !== lastPattern) {
      lastPattern = pattern;
      last = tryJavaRegex(pattern, global);
    }
    if (last !== null) last.lastIndex = 0;
    return last;
  };
}
