/** Differential: projections (arithmetic, CASE, COALESCE, CAST, string functions) against DuckDB. */
import { defineTemplates } from './define.ts';

const p = (name: string, exprs: string) => ({ name, sql: `SELECT ${exprs} FROM t` });

defineTemplates('projection', [
  p('INT arithmetic', 'i + 1, i * i - 3, -i, ABS(i), MOD(i, 7)'),
  p('BIGINT arithmetic', 'b + 1, b * 2, b - i, -b'),
  p('DOUBLE arithmetic', 'd * 2 + 1, d / 4, d - i, ABS(d)'),
  p('DECIMAL arithmetic', 'm + 1, m * 2, m - m, m + i, m * 1.5'),
  {
    // DECIMAL(10,2) * DECIMAL(10,2) is DECIMAL(21,4) in Flink, DECIMAL(18,4) (overflowing) in DuckDB
    name: 'DECIMAL product',
    sql: 'SELECT m * m, m * CAST(i AS DECIMAL(5,1)) FROM t',
    duck: 'SELECT CAST(m AS DECIMAL(21,2)) * m, m * CAST(i AS DECIMAL(5,1)) FROM t',
  },
  p('CASE searched', "CASE WHEN i > 0 THEN 'pos' WHEN i < 0 THEN 'neg' ELSE 'nil' END, CASE WHEN s IS NULL THEN -1 ELSE i END"),
  p('CASE simple, mixed numeric', 'CASE i WHEN 1 THEN d WHEN 2 THEN 0.5 ELSE m END'),
  p('COALESCE / NULLIF', "COALESCE(i, -1), COALESCE(s, 'none'), COALESCE(m, 0), COALESCE(d, i), NULLIF(i, 0)"),
  p('CAST numeric', 'CAST(i AS BIGINT), CAST(i AS DOUBLE), CAST(m AS DOUBLE), CAST(i AS DECIMAL(10,2)), CAST(b AS DOUBLE), CAST(d AS DECIMAL(12,2))'),
  p('CAST to STRING', 'CAST(i AS STRING), CAST(b AS STRING), CAST(m AS STRING), CAST(i AS STRING) || s'),
  p('UPPER / LOWER / CHAR_LENGTH', 'UPPER(s), LOWER(s), CHAR_LENGTH(s)'),
  p('concat / TRIM', "s || 'x', s || s, TRIM(s), '<' || TRIM(BOTH ' ' FROM s) || '>'"),
  p('SUBSTRING / POSITION / REPLACE', "SUBSTRING(s, 2, 2), SUBSTRING(s FROM 2), POSITION('a' IN s), REPLACE(s, 'a', 'xy')"),
  p('LPAD / RPAD / REPEAT', "LPAD(s, 3, '*'), RPAD(s, 3, '*'), REPEAT(s, 2)"),
  {
    // Flink's integer `/` truncates toward zero (Java); DuckDB's `%` truncates as well
    name: 'integer division (INT, BIGINT beyond 2^53)',
    sql: 'SELECT i / 3, b / 3, b / 7 FROM t',
    duck: 'SELECT (i - i % 3) // 3, (b - b % 3) // 3, (b - b % 7) // 7 FROM t',
  },
  p('ROUND / FLOOR / CEIL', 'ROUND(d, 1), ROUND(m, 1), FLOOR(d), CEIL(d), FLOOR(m), CEIL(m)'),
  p('POWER / SQRT / SIGN', 'POWER(d, 2), SQRT(ABS(d)), SIGN(i), SIGN(d)'),
  p('LTRIM / RTRIM / TRIM LEADING, TRAILING', "LTRIM(s), RTRIM(s), TRIM(LEADING 'a' FROM s), TRIM(TRAILING 'b' FROM s), INSTR(s, 'b')"),
  {
    // DuckDB replaces only the first match without the 'g' flag; Flink (Java) replaces all
    name: 'REGEXP_REPLACE',
    sql: "SELECT REGEXP_REPLACE(s, '[ab]+', 'x'), REGEXP_REPLACE(s, '^.', '') FROM t",
    duck: "SELECT regexp_replace(s, '[ab]+', 'x', 'g'), regexp_replace(s, '^.', '', 'g') FROM t",
  },
  p('IF / CASE with NULL branches', 'IF(i > 0, d, NULL), CASE WHEN i > 0 THEN b ELSE i END, CASE WHEN i > 0 THEN m END'),
  {
    // Flink's GREATEST/LEAST are NULL when an argument is; DuckDB's skip NULLs
    name: 'GREATEST / LEAST',
    sql: 'SELECT GREATEST(i, k, -1), LEAST(d, 0.5), GREATEST(s, \'b\') FROM t',
    duck: `SELECT CASE WHEN i IS NULL OR k IS NULL THEN NULL ELSE greatest(i, k, -1) END, CASE WHEN d IS NULL THEN NULL ELSE least(d, 0.5) END,
      CASE WHEN s IS NULL THEN NULL ELSE greatest(s, 'b') END FROM t`,
  },
  p('boolean results (3VL)', "i > 0 AND s IS NULL, i > 0 OR d < 0, NOT (b > 0), s LIKE '%a%'"),
]);
