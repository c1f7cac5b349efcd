/** Differential: filters (comparisons, 3-valued AND/OR/NOT, IS NULL, BETWEEN, IN, LIKE) against DuckDB. */
import { defineTemplates } from './define.ts';

const w = (name: string, cond: string) => ({ name, sql: `SELECT k, i, b, d, m, s FROM t WHERE ${cond}` });

defineTemplates('filter', [
  w('INT comparison', 'i > 3'),
  w('AND with LIKE', "i >= -2 AND s LIKE 'a%'"),
  w('OR across types', 'i < 0 OR d > 100'),
  w('NOT of AND (3VL)', 'NOT (i > 0 AND b < 0)'),
  w('NOT of OR (3VL)', "NOT (i > 0 OR s = 'a')"),
  w('IS NULL / IS NOT NULL', 'i IS NULL OR s IS NOT NULL'),
  w('IS NOT TRUE', '(i > 0) IS NOT TRUE'),
  w('BETWEEN', 'i BETWEEN -5 AND 5'),
  w('NOT BETWEEN', 'i NOT BETWEEN -5 AND 5'),
  w('IN list INT', 'i IN (1, 2, 3, -1)'),
  w('NOT IN list', 'i NOT IN (1, 2, 3)'),
  w('IN list STRING', "s IN ('a', 'b', 'ab', '')"),
  w('IN list BIGINT beyond 2^53', 'b IN (9007199254740993, -1, 0)'),
  w('LIKE with _', "s LIKE '%b_'"),
  w('NOT LIKE', "s NOT LIKE 'a%'"),
  w('LIKE ESCAPE', "s LIKE '%\\_%' ESCAPE '\\'"),
  w('BIGINT beyond 2^53 >', 'b > 9007199254740992'),
  w('BIGINT beyond 2^53 =', 'b = 9007199254740993'),
  w('BIGINT beyond 2^53 <=', 'b <= -9007199254740993'),
  w('DECIMAL comparison', 'm > 100.00 OR m BETWEEN -10.50 AND 10.50'),
  w('DOUBLE comparison', 'd <= 0.5 AND d > -1000'),
  w('DECIMAL vs DOUBLE', 'm > d'),
  w('INT vs BIGINT', 'i = b OR i < b'),
  w('BOOLEAN equality with NULLs', '(i > 0) = (d > 0)'),
  w('COALESCE in predicate', 'COALESCE(i, 0) > 0'),
  w('CASE as predicate', 'CASE WHEN s IS NULL THEN i > 0 ELSE d > 0 END'),
  w('STRING comparison', "s > 'a' OR s < 'B'"),
  w('arithmetic in predicate', 'i * 2 + 1 > b'),
  w('IS DISTINCT FROM', "i IS DISTINCT FROM k OR s IS NOT DISTINCT FROM 'a'"),
  w('CHAR_LENGTH in predicate', "CHAR_LENGTH(s) >= 2 AND NOT (s LIKE '%a')"),
  { name: 'REGEXP', sql: "SELECT k, s FROM t WHERE REGEXP(s, 'a.?b|^[c.]')", duck: "SELECT k, s FROM t WHERE regexp_matches(s, 'a.?b|^[c.]')" },
  w('LIKE with regex specials', "s LIKE '%.%' OR s LIKE '(%' OR s LIKE '%*_' OR s LIKE '%é'"),
]);
