/**
 * Encodings of the on-disk (LMDB) state backend.
 *
 * Keys: [key group: u16 big-endian][tag: u8][payload]. The key group leads so
 * that the entries of a state are ordered by key group (a snapshot or a
 * restore goes by key-group range with one cursor walk). Tags: 0 null,
 * 1 false, 2 true, 3 number (float64 big-endian; -0 is stored as 0, as a JS
 * Map treats them as one key), 4 bigint (decimal digits), 5 string (UTF-8).
 * The encoding is canonical: equal StateKeys (SameValueZero) give equal bytes.
 *
 * Values: MessagePack through msgpackr, with records for plain objects
 * (structures kept in memory for the life of the store: the database is a
 * working copy, never read by another process), Maps decoded as Maps,
 * bigints of any size kept exact, undefined kept. -0 reads back as 0.
 */
import { createRequire } from 'node:module';
import type * as Msgpackr from 'msgpackr';
import type { StateKey } from '../../api.ts';

const TAG_NULL = 0;
const TAG_FALSE = 1;
const TAG_TRUE = 2;
const TAG_NUMBER = 3;
const TAG_BIGINT = 4;
const TAG_STRING = 5;

/** LMDB's largest key (lmdb-js is built with a 1978-byte limit). */
export const MAX_KEY_BYTES = 1978;

export function encodeKey(keyGroup: number, key: StateKey): Buffer {
  let b: Buffer;
  switch (typeof key) {
    case 'string': {
      const n = Buffer.byteLength(key, 'utf8');
      if (n + 3 > MAX_KEY_BYTES) throw new Error(`state key of ${n} bytes is longer than the on-disk state backend allows (${MAX_KEY_BYTES - 3} bytes)`);
      b = Buffer.allocUnsafe(3 + n);
      b[2] = TAG_STRING;
      b.write(key, 3, 'utf8');
      break;
    }
    case 'number':
      b = Buffer.allocUnsafe(11);
      b[2] = TAG_NUMBER;
      b.writeDoubleBE(key === 0 ? 0 : key, 3);
      break;
    case 'bigint': {
      const s = key.toString();
      b = Buffer.allocUnsafe(3 + s.length);
      b[2] = TAG_BIGINT;
      b.write(s, 3, 'latin1');
      break;
    }
    case 'boolean':
      b = Buffer.allocUnsafe(3);
      b[2] = key ? TAG_TRUE : TAG_FALSE;
      break;
    default:
      b = Buffer.allocUnsafe(3);
      b[2] = TAG_NULL;
  }
  b.writeUInt16BE(keyGroup, 0);
  return b;
}

export function keyGroupOf(encoded: Uint8Array): number {
  return (encoded[0]! << 8) | encoded[1]!;
}

export function decodeKey(encoded: Buffer): StateKey {
  switch (encoded[2]) {
    case TAG_NULL:
      return null;
    case TAG_FALSE:
      return false;
    case TAG_TRUE:
      return true;
    case TAG_NUMBER:
      return encoded.readDoubleBE(3);
    case TAG_BIGINT:
      return BigInt(encoded.toString('latin1', 3));
    case TAG_STRING:
      return encoded.toString('utf8', 3);
    default:
      throw new Error(`corrupt state key (tag ${String(encoded[2])})`);
  }
}

/** A value codec; one per store, since record structures are learned as values are written. */
export interface ValueCodec {
  encode(v: unknown): Buffer;
  /** Decodes from `buf`, which the result may keep views into (pass a buffer the caller owns). */
  decode(buf: Uint8Array): unknown;
}

export function createValueCodec(): ValueCodec {
  // loaded on first use: msgpackr loads a native accelerator, which jobs on the heap backend need not pay for
  const { Packr } = createRequire(import.meta.url)('msgpackr') as typeof Msgpackr;
  const packr = new Packr({
    structures: [],
    useRecords: true,
    mapsAsObjects: false,
    moreTypes: true,
    int64AsType: 'bigint',
    useBigIntExtension: true,
  });
  return {
    encode: (v) => packr.pack(v),
    decode: (buf) => packr.unpack(buf) as unknown,
  };
}
