/** Unit tests for the hash functions (functions/hashing) and TYPEOF (functions/misc). */
import { test } from 'node:test';
import { T } from '../../types/logical-type.ts';
import { checkAll, lit } from './lib/testing.ts';

const e = lit(T.char(1, false), '');

test('digests, hash_code', () => {
  checkAll([
    ['SHA1', [e], 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['SHA224', [e], 'd14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f'],
    ['SHA2', [e, lit(T.int(false), 224)], 'd14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f'],
    ['SHA256', [e], 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['SHA384', [e], '38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b'],
    ['SHA512', [e], 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e'],
    ['MD5', [lit(T.string(), null)], null],
    ['SHA2', [lit(T.string(), null), lit(T.int(false), 256)], null],
    ['SHA2', [lit(T.char(4, false), 'test'), lit(T.int(), null)], null],
    ['MD5', [lit(T.bytes(), null)], null],
    ['HASH_CODE', [lit(T.char(3, false), 'abc')], 96354],
    ['HASH_CODE', [lit(T.char(1, false), 'a')], 97],
    ['TYPEOF', [lit(T.int(false), 12)], 'INT NOT NULL'],
    ['TYPEOF', [lit(T.char(11, false), 'Hello world'), lit(T.boolean(false), true)], 'CHAR(11) NOT NULL'],
    ['TYPEOF', [lit(T.null(), null)], 'NULL'],
  ]);
});
