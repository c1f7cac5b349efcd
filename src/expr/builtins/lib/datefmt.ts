/**
 * Java date-time patterns (DateTimeFormatter / SimpleDateFormat letters:
 * y M d H h m s S E a D X Z, quoted literals) compiled once into a formatter
 * and a parser over Weir's wall-clock milliseconds (fractional for sub-ms).
 * Fractions print like DateTimeFormatter ('SSSSSS' = microseconds); numeric
 * fields that touch each other parse with their pattern width ('yyyyMMdd').
 */
import { daysInMonth, daysToYmd, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, splitMillis, ymdToDays } from '../../../types/temporal.ts';

type Token = { readonly kind: 'lit'; readonly text: string } | { readonly kind: 'field'; readonly ch: string; readonly n: number };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const NUMERIC = new Set(['y', 'M', 'd', 'H', 'h', 'm', 's', 'S', 'D', 'k', 'K', 'u']);

export function tokenize(pattern: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        out.push({ kind: 'lit', text: "'" });
        i += 2;
        continue;
      }
      const stop = end < 0 ? pattern.length : end;
      out.push({ kind: 'lit', text: pattern.slice(i + 1, stop) });
      i = stop + 1;
      continue;
    }
    if (/[a-zA-Z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      out.push({ kind: 'field', ch: c, n: j - i });
      i = j;
      continue;
    }
    out.push({ kind: 'lit', text: c });
    i++;
  }
  return out;
}

const pad = (v: number, n: number): string => String(v).padStart(n, '0');

/** Compiles a formatter of wall-clock ms; `offsetMs` feeds the X/Z/x letters. */
export function compileFormatter(pattern: string): (wallMs: number, offsetMs?: number) => string {
  const toks = tokenize(pattern);
  return (wallMs, offsetMs = 0) => {
    const { ms, nanos } = splitMillis(wallMs);
    const days = Math.floor(ms / MS_PER_DAY);
    const tod = ms - days * MS_PER_DAY;
    const { y, m, d } = daysToYmd(days);
    const H = Math.floor(tod / MS_PER_HOUR);
    const mi = Math.floor((tod % MS_PER_HOUR) / MS_PER_MINUTE);
    const s = Math.floor((tod % MS_PER_MINUTE) / 1000);
    const fracNanos = (tod % 1000) * 1e6 + nanos;
    let out = '';
    for (const t of toks) {
      if (t.kind === 'lit') {
        out += t.text;
        continue;
      }
      const n = t.n;
      switch (t.ch) {
        case 'y':
        case 'u':
          out += n === 2 ? pad(((y % 100) + 100) % 100, 2) : pad(y, n);
          break;
        case 'M':
          out += n >= 4 ? MONTHS[m - 1] : n === 3 ? MONTHS[m - 1]!.slice(0, 3) : pad(m, n);
          break;
        case 'd':
          out += pad(d, n);
          break;
        case 'D':
          out += pad(days - ymdToDays(y, 1, 1) + 1, n);
          break;
        case 'H':
          out += pad(H, n);
          break;
        case 'k':
          out += pad(H === 0 ? 24 : H, n);
          break;
        case 'h':
          out += pad(H % 12 === 0 ? 12 : H % 12, n);
          break;
        case 'K':
          out += pad(H % 12, n);
          break;
        case 'm':
          out += pad(mi, n);
          break;
        case 's':
          out += pad(s, n);
          break;
        case 'S':
          out += pad(fracNanos, 9).slice(0, Math.min(n, 9)).padEnd(n, '0');
          break;
        case 'a':
          out += H < 12 ? 'AM' : 'PM';
          break;
        case 'E': {
          const dow = (((days + 4) % 7) + 7) % 7;
          out += n >= 4 ? DAYS[dow] : DAYS[dow]!.slice(0, 3);
          break;
        }
        case 'X':
        case 'Z':
        case 'x': {
          if (offsetMs === 0 && t.ch === 'X') {
            out += 'Z';
            break;
          }
          const sign = offsetMs < 0 ? '-' : '+';
          const a = Math.abs(offsetMs);
          const hh = pad(Math.floor(a / MS_PER_HOUR), 2);
          const mm = pad(Math.floor((a % MS_PER_HOUR) / MS_PER_MINUTE), 2);
          out += sign + hh + (n === 1 && t.ch === 'X' ? (mm === '00' ? '' : mm) : n >= 3 && t.ch !== 'Z' ? ':' + mm : mm);
          break;
        }
        default:
          out += t.ch.repeat(n);
      }
    }
    return out;
  };
}

export interface Parsed {
  /** Wall-clock ms (fractional for sub-ms digits). */
  readonly wallMs: number;
  /** Zone offset given in the text (X/Z letters), if any. */
  readonly offsetMs: number | undefined;
}

/** Compiles a parser; returns null for text that does not match. `lenientTail` ignores trailing text (SimpleDateFormat). */
export function compileParser(pattern: string, lenientTail = false): (text: string) => Parsed | null {
  const toks = tokenize(pattern);
  return (text) => {
    let i = 0;
    let y = 1970, M = 1, d = 1, H = 0, mi = 0, s = 0, nanos = 0, doy = -1;
    let pm: boolean | undefined;
    let off: number | undefined;
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k]!;
      if (t.kind === 'lit') {
        if (!text.startsWith(t.text, i)) return null;
        i += t.text.length;
        continue;
      }
      if (NUMERIC.has(t.ch) && !(t.ch === 'M' && t.n >= 3)) {
        const next = toks[k + 1];
        const adjacent = next !== undefined && next.kind === 'field' && NUMERIC.has(next.ch) && !(next.ch === 'M' && next.n >= 3);
        let j = i;
        if (t.ch === 'y' && (text[j] === '-' || text[j] === '+') && !adjacent) j++;
        const max = adjacent ? t.n : 1e9;
        while (j < text.length && j - i < max && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        const digits = text.slice(i, j);
        if (digits === '' || digits === '-' || digits === '+') return null;
        if (adjacent && digits.length !== t.n) return null;
        const v = Number(digits);
        switch (t.ch) {
          case 'y':
          case 'u':
            y = t.n === 2 && digits.length === 2 ? 2000 + v : v;
            break;
          case 'M':
            M = v;
            break;
          case 'd':
            d = v;
            break;
          case 'D':
            doy = v;
            break;
          case 'H':
          case 'k':
            H = v === 24 && t.ch === 'k' ? 0 : v;
            break;
          case 'h':
          case 'K':
            H = v % 12;
            break;
          case 'm':
            mi = v;
            break;
          case 's':
            s = v;
            break;
          case 'S':
            nanos = Number(digits.slice(0, 9).padEnd(9, '0'));
            break;
        }
        i = j;
        continue;
      }
      switch (t.ch) {
        case 'M': {
          const idx = MONTHS.findIndex((n) => text.startsWith(t.n >= 4 ? n : n.slice(0, 3), i));
          if (idx < 0) return null;
          M = idx + 1;
          i += t.n >= 4 ? MONTHS[idx]!.length : 3;
          break;
        }
        case 'E': {
          const idx = DAYS.findIndex((n) => text.startsWith(t.n >= 4 ? n : n.slice(0, 3), i));
          if (idx < 0) return null;
          i += t.n >= 4 ? DAYS[idx]!.length : 3;
          break;
        }
        case 'a': {
          const a = text.slice(i, i + 2).toUpperCase();
          if (a !== 'AM' && a !== 'PM') return null;
          pm = a === 'PM';
          i += 2;
          break;
        }
        case 'X':
        case 'Z':
        case 'x': {
          if (text[i] === 'Z') {
            off = 0;
            i++;
            break;
          }
          const m = /^([+-])(\d{2}):?(\d{2})?/.exec(text.slice(i));
          if (!m) return null;
          off = (Number(m[2]) * MS_PER_HOUR + Number(m[3] ?? 0) * MS_PER_MINUTE) * (m[1] === '-' ? -1 : 1);
          i += m[0].length;
          break;
        }
        default:
          if (!text.startsWith(t.ch.repeat(t.n), i)) return null;
          i += t.n;
      }
    }
    if (i < text.length && !lenientTail) return null;
    if (pm !== undefined) H = (H % 12) + (pm ? 12 : 0);
    if (M < 1 || M > 12 || H > 23 || mi > 59 || s > 59) return null;
    let days: number;
    if (doy > 0) days = ymdToDays(y, 1, 1) + doy - 1;
    else {
      if (d < 1 || d > daysInMonth(y, M)) return null;
      days = ymdToDays(y, M, d);
    }
    const ms = days * MS_PER_DAY + H * MS_PER_HOUR + mi * MS_PER_MINUTE + s * 1000 + Math.floor(nanos / 1e6);
    const sub = nanos % 1e6;
    return { wallMs: sub === 0 ? ms : ms + sub / 1e6, offsetMs: off };
  };
}

/** Per-call-site cache for non-literal patterns. */
export function patternCache<F>(compile: (p: string) => F): (p: string) => F {
  let lastP: string | undefined;
  let last: F | undefined;
  return (p) => {
    if (p !== lastP || last === undefined) {
      lastP = p;
      last = compile(p);
    }
    return last;
  };
}
