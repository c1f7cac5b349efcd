/** Unit tests for the string functions, from the acceptance cases in functions/strings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T } from '../../types/logical-type.ts';
import { call, lit, resolveCall } from './lib/testing.ts';
import type { TestArg } from './lib/testing.ts';

const s = (v: string): TestArg => lit(T.char(Math.max(1, v.length), false), v);
const NS = lit(T.string(), null);
const i = (v: number): TestArg => lit(T.int(false), v);
const NI = lit(T.int(), null);
const big = (v: number | bigint): TestArg => lit(T.bigint(false), v);
const bytes = (hex: string): TestArg => lit(T.varbinary(hex.length / 2, false), new Uint8Array(Buffer.from(hex, 'hex')));

type Case = [string, TestArg[], unknown];
function run(cases: Case[]): void {
  for (const [name, args, expected] of cases) {
    const got = call(name, args);
    const norm = got instanceof Uint8Array ? Buffer.from(got).toString('hex') : got;
    assert.deepEqual(norm, expected, `${name}(${args.map((a) => String(a.value)).join(', ')})`);
  }
}

test('base64, encode, decode', () => {
  run([
    ['FROM_BASE64', [s('aGVsbG8gd29ybGQ=')], 'hello world'],
    ['FROM_BASE64', [s('5L2g5aW9')], '你好'],
    ['FROM_BASE64', [bytes('6147567362473867643239796247513D')], 'hello world'],
    ['FROM_BASE64', [NS], null],
    ['TO_BASE64', [s('This is a test String.')], 'VGhpcyBpcyBhIHRlc3QgU3RyaW5nLg=='],
    ['TO_BASE64', [s('')], ''],
    ['TO_BASE64', [s('你好')], '5L2g5aW9'],
  ]);
  for (const cs of ['UTF-16LE', 'utf-8', 'US-ASCII']) {
    for (const v of ['aabbef', '', '中国']) {
      if (cs === 'US-ASCII' && v === '中国') continue;
      const enc = call('ENCODE', [s(v), s(cs)]) as Uint8Array;
      assert.equal(call('DECODE', [lit(T.bytes(false), enc), s(cs)]), v);
    }
  }
  assert.equal(call('ENCODE', [NS, s('utf-8')]), null);
  assert.equal(call('DECODE', [bytes('61'), NS]), null);
});

test('char length, case, initcap', () => {
  run([
    ['CHAR_LENGTH', [s('string')], 6],
    ['CHARACTER_LENGTH', [s('This is a test String.')], 22],
    ['UPPER', [s('This is a test String.')], 'THIS IS A TEST STRING.'],
    ['LOWER', [s('STRING')], 'string'],
    ['INITCAP', [s('hello world')], 'Hello World'],
    ['INITCAP', [s('a B')], 'A B'],
    ['INITCAP', [s('fLinK')], 'Flink'],
    ['INITCAP', [s('This is a test String.')], 'This Is A Test String.'],
    ['INITCAP', [NS], null],
  ]);
});

test('chr, ascii', () => {
  run([
    ['CHR', [i(65)], 'A'],
    ['CHR', [i(-9)], ''],
    ['CHR', [big(44)], ','],
    ['CHR', [i(300)], ','],
    ['CHR', [i(353)], 'a'],
    ['CHR', [big(256)], '\u0000'],
    ['CHR', [i(149)], '\u0095'],
    ['ASCII', [s('efg')], 101],
    ['ASCII', [s('')], 0],
  ]);
});

test('concat, concat_ws', () => {
  run([
    ['CONCAT', [s('xx'), NS], null],
    ['CONCAT', [s('AA'), s('BB'), s('CC'), s('---')], 'AABBCC---'],
    ['CONCAT_WS', [NS, s('AA')], null],
    ['CONCAT_WS', [s('~'), NS, s('AA'), s('BB'), s(''), NS, s('CC')], 'AA~BB~~CC'],
    ['CONCAT_WS', [s('~~~~'), s('Flink'), NS, s('xx'), NS, NS], 'Flink~~~~xx'],
  ]);
});

test('elt, printf', () => {
  run([
    ['ELT', [i(1), s('scala'), s('java')], 'scala'],
    ['ELT', [i(0), s('a'), s('b')], null],
    ['ELT', [i(3), s('a'), s('b')], null],
    ['ELT', [big(9223372036854775807n), s('ab'), s('b')], null],
    ['ELT', [i(1), s('a'), NS], 'a'],
    ['ELT', [NI, s('a'), s('b')], null],
    ['PRINTF', [s('%d %s'), NS, NS], 'null null'],
    ['PRINTF', [s('empty')], 'empty'],
    ['PRINTF', [s('%s')], null],
    ['PRINTF', [s('%s %s'), i(1), i(2), i(3)], '1 2'],
    ['PRINTF', [s('%08d'), i(1024)], '00001024'],
    ['PRINTF', [s('%.1f'), lit(T.float(false), Math.fround(10.24))], '10.2'],
    ['PRINTF', [s('%b'), lit(T.boolean(false), true)], 'true'],
    ['PRINTF', [s('%s'), lit(T.decimal(4, 2, false), 1024)], '10.24'],
    ['PRINTF', [s('%s'), lit(T.date(false), 19934)], '19934'],
    ['PRINTF', [s('%s'), lit(T.time(0, false), 37440000)], '37440000'],
    ['PRINTF', [s('%s'), lit(T.timestamp(6, false), Date.UTC(2024, 6, 30, 10, 24))], '2024-07-30T10:24'],
  ]);
  assert.throws(() => resolveCall('ELT', [i(-1), s('a')]), /Index must be an integer starting from '0', but was '-1'\./);
});

test('left, right, repeat, reverse', () => {
  const f = s('This is a test String.');
  run([
    ['LEFT', [s('Hello'), i(3)], 'Hel'],
    ['RIGHT', [s('Hello'), i(3)], 'llo'],
    ['LEFT', [f, i(100)], 'This is a test String.'],
    ['LEFT', [f, i(-2)], ''],
    ['LEFT', [f, NI], null],
    ['RIGHT', [f, i(2)], 'g.'],
    ['RIGHT', [f, i(-2)], ''],
    ['REPEAT', [f, i(0)], ''],
    ['REPEAT', [f, i(-1)], ''],
    ['REPEAT', [s(''), i(2)], ''],
    ['REVERSE', [s('hhhi')], 'ihhh'],
    ['REVERSE', [s('AQIDBA==')], '==ABDIQA'],
  ]);
  assert.equal(resolveCall('LEFT', [s('Hello'), i(3)]).returnType.nullable, true);
});

test('lpad, rpad', () => {
  const q = s('??');
  run([
    ['LPAD', [s('a'), i(1), q], 'a'],
    ['LPAD', [s('a'), i(5), q], '????a'],
    ['LPAD', [s('hi'), i(1), q], 'h'],
    ['LPAD', [s(''), i(30), q], '?'.repeat(30)],
    ['LPAD', [s('111'), i(-2), q], null],
    ['LPAD', [s('ab'), i(5), s('')], null],
    ['LPAD', [s('äää'), i(13), s('12345')], '1234512345äää'],
    ['LPAD', [s('äääääääää'), i(10), q], '?äääääääää'],
    ['RPAD', [s('hi'), i(5), q], 'hi???'],
    ['RPAD', [s('abcd'), i(5), s('')], null],
    ['RPAD', [s('äää'), i(13), s('12345')], 'äää1234512345'],
    ['RPAD', [s('üö'), i(1), q], 'ü'],
  ]);
});

test('ltrim, rtrim, btrim, trim', () => {
  run([
    ['LTRIM', [s(' This is a test String. ')], 'This is a test String. '],
    ['LTRIM', [s('This is a test String.'), s('This ')], 'a test String.'],
    ['LTRIM', [s('abcddcba'), s('abd')], 'cddcba'],
    ['LTRIM', [s('心情开开心心'), s('开心')], '情开开心心'],
    ['LTRIM', [s('abcddcba'), NS], null],
    ['RTRIM', [s('This is a test String.'), s('String. ')], 'This is a tes'],
    ['RTRIM', [s('心情开开心心'), s('开心')], '心情'],
    ['BTRIM', [s('  www.apache.org  ')], 'www.apache.org'],
    ['BTRIM', [s('www.apache.org'), s('a')], 'www.apache.org'],
    ['TRIM', [s('BOTH'), s('x'), s('xxaxx')], 'a'],
    ['TRIM', [s('LEADING'), s('x'), s('xxaxx')], 'axx'],
    ['TRIM', [s('TRAILING'), s(' '), s('  a  ')], '  a'],
  ]);
});

test('parse_url', () => {
  const u = s('http://userinfo@flink.apache.org/path?query=1#Ref');
  const e = s('https://use%20r:pas%20s@example.com/dir%20/pa%20th.HTML?query=x%20y&q2=2#Ref%20two');
  const h = s('http://user:pass@host');
  const h2 = s('http://user:pass@host/?#');
  run([
    ['PARSE_URL', [u, s('HOST')], 'flink.apache.org'],
    ['PARSE_URL', [u, s('PATH')], '/path'],
    ['PARSE_URL', [u, s('QUERY')], 'query=1'],
    ['PARSE_URL', [u, s('REF')], 'Ref'],
    ['PARSE_URL', [u, s('PROTOCOL')], 'http'],
    ['PARSE_URL', [u, s('FILE')], '/path?query=1'],
    ['PARSE_URL', [u, s('AUTHORITY')], 'userinfo@flink.apache.org'],
    ['PARSE_URL', [u, s('USERINFO')], 'userinfo'],
    ['PARSE_URL', [u, s('QUERY'), s('query')], '1'],
    ['PARSE_URL', [e, s('PATH')], '/dir%20/pa%20th.HTML'],
    ['PARSE_URL', [e, s('QUERY'), s('query')], 'x%20y'],
    ['PARSE_URL', [h, s('PATH')], ''],
    ['PARSE_URL', [h, s('QUERY')], null],
    ['PARSE_URL', [h, s('REF')], null],
    ['PARSE_URL', [h, s('FILE')], ''],
    ['PARSE_URL', [h2, s('QUERY')], ''],
    ['PARSE_URL', [h2, s('REF')], ''],
    ['PARSE_URL', [h2, s('FILE')], '/?'],
    ['PARSE_URL', [s('http://user:pass@host/file;param?query;p2'), s('PATH')], '/file;param'],
    ['PARSE_URL', [s('invalid://user:pass@host/file;param?query;p2'), s('HOST')], null],
    ['PARSE_URL', [s('http://facebook.com/path1/p.php?k1=v1&k2=v2#Ref1'), s('QUERY'), s('k1')], 'v1'],
  ]);
});

test('regexp count, instr, extract, regexp', () => {
  run([
    ['REGEXP_COUNT', [s('hello world! Hello everyone!'), s('Hello')], 1],
    ['REGEXP_COUNT', [s('abcabcabc'), s('abcab')], 1],
    ['REGEXP_COUNT', [s('abcd'), s('z')], 0],
    ['REGEXP_COUNT', [s('^abc'), s('\\^abc')], 1],
    ['REGEXP_COUNT', [s('a.b.c.d'), s('\\.')], 3],
    ['REGEXP_COUNT', [s('abc123xyz456'), s('\\d')], 6],
    ['REGEXP_COUNT', [s('Helloworld! Hello everyone!'), s('\\bHello\\b')], 1],
    ['REGEXP_COUNT', [s('abcdeabde'), s('(')], null],
    ['REGEXP_INSTR', [s('Helloworld! Hello everyone!'), s('\\bHello\\b')], 13],
    ['REGEXP_INSTR', [s('Helloworld!  Hello everyone!'), s('\\bHello\\b')], 14],
    ['REGEXP_INSTR', [s('a.b.c.d'), s('\\.')], 2],
    ['REGEXP_INSTR', [s('100-200, 300-400'), s('[a-z]')], 0],
    ['REGEXP_INSTR', [s('100-200, 300-400'), s('(\\d+)-(\\d+)')], 1],
    ['REGEXP_INSTR', [s('abcdeabde'), s('(')], null],
    ['REGEXP_EXTRACT', [s('foothebar'), s('foo(.*?)(bar)'), i(2)], 'bar'],
    ['REGEXP_EXTRACT', [s('foothebar'), s('foo(.*?)(bar)'), i(0)], 'foothebar'],
    ['REGEXP_EXTRACT', [s('foothebar'), s('foo(.*?)(bar)'), i(1)], 'the'],
    ['REGEXP_EXTRACT', [s('foothebar'), s('foo([\\w]+)'), i(1)], 'thebar'],
    ['REGEXP_EXTRACT', [s('foothebar'), s('foo([\\d]+)'), i(1)], null],
    ['REGEXP_EXTRACT', [s('foothebar'), s('foo(.*?)(bar)')], 'foothebar'],
    ['REGEXP_EXTRACT', [s('foothebar'), NS, i(2)], null],
    ['REGEXP_EXTRACT', [s('22'), s('[A-Z]+')], null],
    ['REGEXP_EXTRACT', [s('ABC'), s('[A-Z]+')], 'ABC'],
    ['REGEXP', [s('100-200'), s('(\\d+)')], true],
    ['REGEXP', [s('abc-def'), s('(\\d+)')], false],
    ['REGEXP', [s('a'), s('a')], true],
  ]);
});

test('replace, regexp_replace', () => {
  const f = s('This is a test String.');
  run([
    ['REPLACE', [f, s(' '), s('_')], 'This_is_a_test_String.'],
    ['REPLACE', [f, s('i'), s('')], 'Ths s a test Strng.'],
    ['REPLACE', [s('ababab'), s('abab'), s('z')], 'zab'],
    ['REPLACE', [f, NS, s('')], null],
    ['REGEXP_REPLACE', [s('foobar'), s('oo|ar'), s('abc')], 'fabcbabc'],
    ['REGEXP_REPLACE', [s('foofar'), s('^f'), s('')], 'oofar'],
    ['REGEXP_REPLACE', [s('foobar'), s('^f*.*r$'), s('')], ''],
    ['REGEXP_REPLACE', [s('foobar'), s('\\d'), s('')], 'foobar'],
    ['REGEXP_REPLACE', [s('foobar'), s('\\w'), s('')], ''],
    ['REGEXP_REPLACE', [s('fooobar'), s('oo'), s('$')], 'f$obar'],
    ['REGEXP_REPLACE', [s('foobar'), s('oo'), s('\\')], 'f\\bar'],
  ]);
});

test('startswith, endswith', () => {
  run([
    ['STARTSWITH', [s('www.apache.org'), s('ww')], true],
    ['STARTSWITH', [s('in中文'), s('中')], false],
    ['STARTSWITH', [s(''), s('')], true],
    ['STARTSWITH', [s(''), s('abc')], false],
    ['ENDSWITH', [s('in中文'), s('n中文')], true],
    ['ENDSWITH', [s('www.apache.org'), s('.')], false],
    ['STARTSWITH', [bytes('0102'), bytes('01')], true],
  ]);
});

test('substring', () => {
  const f = s('This is a test String.');
  run([
    ['SUBSTRING', [s('hello world'), i(2)], 'ello world'],
    ['SUBSTRING', [s('hello world'), i(2), i(3)], 'ell'],
    ['SUBSTRING', [s('hello world'), i(2), i(300)], 'ello world'],
    ['SUBSTR', [s('hello world'), i(0), i(3)], 'hel'],
    ['SUBSTR', [f, i(100), i(10)], ''],
    ['SUBSTR', [f, i(2), i(-1)], null],
    ['SUBSTRING', [f, i(-2)], 'g.'],
    ['SUBSTRING', [f, i(-2), i(1)], 'g'],
    ['SUBSTRING', [f, i(-2), i(0)], ''],
    ['SUBSTR', [s('1世3'), i(1), i(2)], '1世'],
    ['SUBSTRING', [s(''), i(1), i(-1)], null],
  ]);
});

test('translate', () => {
  const w = s('www.apache.org');
  run([
    ['TRANSLATE', [w, s('abc'), s('123')], 'www.1p13he.org'],
    ['TRANSLATE', [w, s('abcde.'), s('123')], 'www1p13horg'],
    ['TRANSLATE', [w, s('abcae'), s('12345')], 'www.1p13h5.org'],
    ['TRANSLATE', [w, s('...'), s('123')], 'www1apache1org'],
    ['TRANSLATE', [w, s('abcworg'), s('123 ')], '   .1p13he.'],
    ['TRANSLATE', [w, NS, s('123')], 'www.apache.org'],
    ['TRANSLATE', [w, s('abc'), NS], 'www.phe.org'],
    ['TRANSLATE', [NS, s('abc'), s('123')], null],
    ['TRANSLATE', [s('翻译test，测试'), s('翻译测试test，'), s('测试翻译tset。')], '测试tset。翻译'],
    ['TRANSLATE', [s('翻译test，测试'), s('翻译测试test，'), s('test翻译  ')], 'te翻译 翻st'],
  ]);
});

test('url encode, decode', () => {
  run([
    ['URL_DECODE', [s('https%3A%2F%2Fflink.apache.org%2F')], 'https://flink.apache.org/'],
    ['URL_DECODE', [s('inva+lid%3A%2F%2Fuser%3Apass%40host%2Ffile%3Bparam%3Fquery%3Bp2')], 'inva lid://user:pass@host/file;param?query;p2'],
    ['URL_DECODE', [s('illegal escape pattern test%')], null],
    ['URL_ENCODE', [s('https://flink.apache.org/')], 'https%3A%2F%2Fflink.apache.org%2F'],
    ['URL_ENCODE', [s('https%3A%2F%2Fflink.apache.org%2F')], 'https%253A%252F%252Fflink.apache.org%252F'],
    ['URL_ENCODE', [s('inva lid://user:pass@host/file;param?query;p2')], 'inva+lid%3A%2F%2Fuser%3Apass%40host%2Ffile%3Bparam%3Fquery%3Bp2'],
  ]);
});

test('misc string functions', () => {
  run([
    ['SPLIT_INDEX', [s('hello world'), s(' '), i(1)], 'world'],
    ['SPLIT_INDEX', [s('hello world'), s(' '), i(5)], null],
    ['OVERLAY', [s('Hello'), s('hello world'), i(2), i(3)], 'Hhello worldo'],
    ['OVERLAY', [s('xxxxxtest'), s('xxxx'), i(6)], 'xxxxxxxxx'],
    ['POSITION', [s('b'), s('abc')], 2],
    ['LOCATE', [s('b'), s('abcb'), i(3)], 4],
    ['INSTR', [s('abcb'), s('c')], 3],
    // start and nth occurrence; a negative start searches backwards from the end (Oracle's INSTR)
    ['INSTR', [s('Corporate Floor'), s('or'), i(3), i(2)], 14],
    ['INSTR', [s('Corporate Floor'), s('or'), i(-3), i(2)], 2],
    ['INSTR', [s('Tech on the net'), s('e'), i(1), i(3)], 14],
    ['INSTR', [s('Tech on the net'), s('e'), i(3)], 11],
    ['INSTR', [s('Tech on the net'), s('e'), i(0), i(1)], 0],
    ['INSTR', [s('abc'), s('c'), i(1), i(2)], 0],
    // an invalid start leaves the input unchanged; a negative length drops the rest
    ['OVERLAY', [s('This is a test String.'), s('It'), i(-1), i(4)], 'This is a test String.'],
    ['OVERLAY', [s('This is a test String.'), s('It'), i(100), i(2)], 'This is a test String.'],
    ['OVERLAY', [s('123456789'), s('abc'), i(2), i(-1)], '1abc'],
    ['OVERLAY', [s('123456789'), s('abc'), i(100), i(-1)], '123456789'],
    ['OVERLAY', [s('123456789'), s('abc'), i(2), i(100)], '1abc'],
    ['BIN', [i(10)], '1010'],
    ['HEX', [i(100)], '64'],
    ['HEX', [s('hello,world')], '68656C6C6F2C776F726C64'],
    ['SPLIT', [s(',123,,,123,'), s(',')], ['', '123', '', '', '123', '']],
    ['SPLIT', [s('123,123,23'), s('')], ['1', '2', '3', ',', '1', '2', '3', ',', '2', '3']],
    ['SPLIT', [s('123,123,23'), NS], null],
    ['IS_DIGIT', [s('123')], true],
    ['IS_ALPHA', [s('abc1')], false],
    ['IS_DECIMAL', [s('1.5')], true],
    ['IS_DECIMAL', [NS], false],
  ]);
  const m = call('STR_TO_MAP', [s('a=1,b=2,c')]) as Map<string, string | null>;
  assert.deepEqual([...m], [['a', '1'], ['b', '2'], ['c', null]]);
  const u = call('UUID', []) as string;
  assert.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});

test('argument validation', () => {
  assert.throws(() => resolveCall('SUBSTRING', [i(1)]), /Invalid function call:\nSUBSTRING\(INT NOT NULL\)/);
});
