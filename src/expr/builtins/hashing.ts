/**
 * Built-in scalar functions: hashing (MD5, SHA1, SHA224, SHA256, SHA384,
 * SHA512, SHA2(s, bits)) over the UTF-8 bytes of a string or over binary
 * input, as lower-case hex strings (node:crypto); HASH_CODE is Java's
 * String.hashCode.
 */
import { createHash } from 'node:crypto';
import type { ScalarFunction } from '../function.ts';
import { isBinaryString } from '../../types/logical-type.ts';
import type { LogicalType } from '../../types/logical-type.ts';
import { anyNullable, expectArgs, fn, INT, intValue, isInt, isStr, literalOf, strict, STRING, validationError } from './lib/common.ts';

const isStrOrBin = (t: LogicalType): boolean => isStr(t) || isBinaryString(t);

function digest(alg: string, v: string | Uint8Array): string {
  return createHash(alg).update(v).digest('hex');
}

function hashFn(name: string, alg: string): ScalarFunction {
  return fn(name, (args) => {
    expectArgs(name, args, isStrOrBin);
    return strict(STRING(anyNullable(args)), (v: string | Uint8Array) => digest(alg, v));
  });
}

const SHA2_ALGS: Record<number, string> = { 0: 'sha256', 224: 'sha224', 256: 'sha256', 384: 'sha384', 512: 'sha512' };

export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

export const functions: ScalarFunction[] = [
  hashFn('MD5', 'md5'),
  hashFn('SHA1', 'sha1'),
  hashFn('SHA224', 'sha224'),
  hashFn('SHA256', 'sha256'),
  hashFn('SHA384', 'sha384'),
  hashFn('SHA512', 'sha512'),
  fn('SHA2', (args, _ctx, name) => {
    expectArgs(name, args, isStrOrBin, isInt);
    const bits = literalOf(args[1]);
    if ((typeof bits === 'number' || typeof bits === 'bigint') && SHA2_ALGS[intValue(bits)] === undefined)
      throw validationError(`Unsupported SHA2 hash length ${bits}; expected 224, 256, 384 or 512.`);
    return strict(STRING(true), (v: string | Uint8Array, b: number | bigint) => {
      const alg = SHA2_ALGS[intValue(b)];
      return alg === undefined ? null : digest(alg, v);
    });
  }),
  fn('HASH_CODE', (args, _ctx, name) => {
    expectArgs(name, args, isStrOrBin);
    return strict(INT(anyNullable(args)), (v: string | Uint8Array) =>
      typeof v === 'string' ? javaStringHash(v) : v.reduce((h, b) => (Math.imul(31, h) + ((b << 24) >> 24)) | 0, 1),
    );
  }),
];
