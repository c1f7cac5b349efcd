/**
 * A compact binary encoding of keyed-state entries for checkpoint files:
 * [key group: u16][key][value] repeated, each key and value a tagged value.
 *
 * State values are rows and accumulators: arrays of numbers, strings,
 * bigints, booleans and nulls, nested arrays, Maps, byte arrays and plain
 * objects. Encoding these by hand into one growing buffer is about three
 * times cheaper than V8's structured serialisation of the same entries (one
 * serialiser object per value graph, one heap object per entry), and
 * serialising is what a checkpoint spends its CPU on. Any other object (a
 * Set, a Date, a typed array other than Uint8Array, a class instance) is
 * embedded as V8 structured-serialisation bytes, so every value that
 * structured-clones round-trips.
 */
import { deserialize, serialize } from 'node:v8';

const T_NULL = 0;
const T_UNDEFINED = 1;
const T_FALSE = 2;
const T_TRUE = 3;
const T_INT = 4; // int32
const T_DOUBLE = 5; // float64
const T_STRING = 6; // u32 byte length + UTF-8
const T_BIGINT = 7; // u32 length + decimal digits (with sign)
const T_ARRAY = 8; // u32 length + values
const T_MAP = 9; // u32 size + key/value pairs
const T_BYTES = 10; // u32 length + bytes
const T_OBJECT = 11; // u32 property count + (string key, value) pairs
const T_V8 = 12; // u32 length + structured-serialisation bytes
const T_SHORT_STRING = 13; // u8 length + Latin-1 (ASCII) characters
const T_INT64 = 14; // a bigint in the signed 64-bit range (BIGINT), 8 bytes

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

/** Writes entries into one growing buffer; `take()` returns the bytes so far. */
export class EntryEncoder {
  private buf = Buffer.allocUnsafe(1 << 16);
  private view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  private off = 0;

  get length(): number {
    return this.off;
  }

  entry(keyGroup: number, key: unknown, value: unknown): void {
    this.ensure(2);
    this.view.setUint16(this.off, keyGroup, true);
    this.off += 2;
    this.value(key);
    this.value(value);
  }

  /** A copy of the bytes written so far; the encoder starts over. */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.off);
    this.buf.copy(out, 0, 0, this.off);
    this.off = 0;
    return out;
  }

  private ensure(n: number): void {
    if (this.off + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.off + n));
    this.buf.copy(next, 0, 0, this.off);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  private tagLen(tag: number, len: number): void {
    this.ensure(5);
    this.buf[this.off] = tag;
    this.view.setUint32(this.off + 1, len, true);
    this.off += 5;
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        if ((v | 0) === v && (v !== 0 || 1 / v > 0)) {
          this.ensure(5);
          this.buf[this.off] = T_INT;
          this.view.setInt32(this.off + 1, v, true);
          this.off += 5;
        } else {
          this.ensure(9);
          this.buf[this.off] = T_DOUBLE;
          this.view.setFloat64(this.off + 1, v, true);
          this.off += 9;
        }
        return;
      case 'string':
        this.string(v);
        return;
      case 'boolean':
        this.ensure(1);
        this.buf[this.off++] = v ? T_TRUE : T_FALSE;
        return;
      case 'bigint': {
        if (v >= MIN_INT64 && v <= MAX_INT64) {
          this.ensure(9);
          this.buf[this.off] = T_INT64;
          this.view.setBigInt64(this.off + 1, v, true);
          this.off += 9;
          return;
        }
        const s = v.toString();
        this.tagLen(T_BIGINT, s.length);
        this.ensure(s.length);
        this.buf.write(s, this.off, 'latin1');
        this.off += s.length;
        return;
      }
      case 'undefined':
        this.ensure(1);
        this.buf[this.off++] = T_UNDEFINED;
        return;
      case 'object':
        if (v === null) {
          this.ensure(1);
          this.buf[this.off++] = T_NULL;
          return;
        }
        if (Array.isArray(v)) {
          const n = v.length;
          this.tagLen(T_ARRAY, n);
          for (let i = 0; i < n; i++) this.value(v[i]);
          return;
        }
        if (v instanceof Map) {
          this.tagLen(T_MAP, v.size);
          for (const [k, x] of v) {
            this.value(k);
            this.value(x);
          }
          return;
        }
        if (v instanceof Uint8Array && v.constructor === Uint8Array) {
          this.tagLen(T_BYTES, v.length);
          this.ensure(v.length);
          this.buf.set(v, this.off);
          this.off += v.length;
          return;
        }
        if (isPlainObject(v)) {
          const keys = Object.keys(v);
          this.tagLen(T_OBJECT, keys.length);
          for (const k of keys) {
            this.string(k);
            this.value((v as Record<string, unknown>)[k]);
          }
          return;
        }
        break;
      case 'function':
      case 'symbol':
        break;
    }
    const bytes = serialize(v);
    this.tagLen(T_V8, bytes.length);
    this.ensure(bytes.length);
    this.buf.set(bytes, this.off);
    this.off += bytes.length;
  }

  private string(s: string): void {
    const n = s.length;
    if (n < 256) {
      // short ASCII strings (the usual keys and names) without the UTF-8 encoder
      let ascii = true;
      for (let i = 0; i < n; i++) {
        if (s.charCodeAt(i) > 0x7f) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        this.ensure(2 + n);
        const b = this.buf;
        let o = this.off;
        b[o++] = T_SHORT_STRING;
        b[o++] = n;
        for (let i = 0; i < n; i++) b[o++] = s.charCodeAt(i);
        this.off = o;
        return;
      }
    }
    const bytes = Buffer.byteLength(s, 'utf8');
    this.tagLen(T_STRING, bytes);
    this.ensure(bytes);
    this.buf.write(s, this.off, bytes, 'utf8');
    this.off += bytes;
  }
}

function isPlainObject(v: object): boolean {
  const p: unknown = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** Reads what EntryEncoder wrote, calling `entry` for each entry in order. */
export function decodeEntries(data: Uint8Array, entry: (keyGroup: number, key: unknown, value: unknown) => void): void {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let off = 0;
  const need = (n: number): void => {
    if (off + n > buf.length) throw new Error('state entries truncated');
  };
  const u32 = (): number => {
    need(4);
    const n = view.getUint32(off, true);
    off += 4;
    return n;
  };
  const value = (): unknown => {
    need(1);
    const tag = buf[off++]!;
    switch (tag) {
      case T_NULL:
        return null;
      case T_UNDEFINED:
        return undefined;
      case T_FALSE:
        return false;
      case T_TRUE:
        return true;
      case T_INT: {
        need(4);
        const v = view.getInt32(off, true);
        off += 4;
        return v;
      }
      case T_DOUBLE: {
        need(8);
        const v = view.getFloat64(off, true);
        off += 8;
        return v;
      }
      case T_SHORT_STRING: {
        need(1);
        const n = buf[off++]!;
        need(n);
        const s = buf.toString('latin1', off, off + n);
        off += n;
        return s;
      }
      case T_STRING: {
        const n = u32();
        need(n);
        const s = buf.toString('utf8', off, off + n);
        off += n;
        return s;
      }
      case T_INT64: {
        need(8);
        const v = view.getBigInt64(off, true);
        off += 8;
        return v;
      }
      case T_BIGINT: {
        const n = u32();
        need(n);
        const v = BigInt(buf.toString('latin1', off, off + n));
        off += n;
        return v;
      }
      case T_ARRAY: {
        const n = u32();
        const a = new Array<unknown>(n);
        for (let i = 0; i < n; i++) a[i] = value();
        return a;
      }
      case T_MAP: {
        const n = u32();
        const m = new Map<unknown, unknown>();
        for (let i = 0; i < n; i++) {
          const k = value();
          m.set(k, value());
        }
        return m;
      }
      case T_BYTES: {
        const n = u32();
        need(n);
        const b = new Uint8Array(n);
        b.set(buf.subarray(off, off + n));
        off += n;
        return b;
      }
      case T_OBJECT: {
        const n = u32();
        const o: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const k = value() as string;
          o[k] = value();
        }
        return o;
      }
      case T_V8: {
        const n = u32();
        need(n);
        const v: unknown = deserialize(buf.subarray(off, off + n));
        off += n;
        return v;
      }
      default:
        throw new Error(`unknown state value tag ${tag} at byte ${off - 1}`);
    }
  };
  while (off < buf.length) {
    need(2);
    const kg = view.getUint16(off, true);
    off += 2;
    const key = value();
    entry(kg, key, value());
  }
}
