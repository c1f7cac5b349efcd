/**
 * Differential: Top-N (ROW_NUMBER/RANK/DENSE_RANK with a rank filter) against
 * DuckDB over the final input. ROW_NUMBER orders by every column so that the
 * top rows are determined (fully tied rows are identical); NULLS FIRST/LAST
 * are explicit because DuckDB's default differs from Flink's.
 */
import { defineTemplates } from './define.ts';

const ALL = 'i DESC NULLS LAST, s ASC NULLS FIRST, b ASC NULLS FIRST, d ASC NULLS FIRST, m ASC NULLS FIRST';

defineTemplates('topn', [
  { name: 'Top-2 per key with row number', sql: `SELECT * FROM (SELECT k, i, s, b, d, m, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ${ALL}) AS rn FROM t) WHERE rn <= 2` },
  { name: 'Top-2 per key without row number', sql: `SELECT k, i, s, b FROM (SELECT k, i, s, b, d, m, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ${ALL}) AS rn FROM t) WHERE rn < 3` },
  { name: 'rank range 2..3, no partition', sql: `SELECT i, s, rn FROM (SELECT *, ROW_NUMBER() OVER (ORDER BY ${ALL}) AS rn FROM t) WHERE rn BETWEEN 2 AND 3` },
  { name: 'RANK per key with ties', sql: `SELECT * FROM (SELECT k, i, s, RANK() OVER (PARTITION BY k ORDER BY i ASC NULLS FIRST) AS r FROM t) WHERE r <= 2` },
  { name: 'DENSE_RANK on strings', sql: `SELECT s, b, r FROM (SELECT s, b, DENSE_RANK() OVER (ORDER BY s DESC NULLS LAST) AS r FROM t) WHERE r <= 2` },
  { name: 'Top-1 (= 1) per key, another predicate', sql: `SELECT k, m, s FROM (SELECT k, m, s, ROW_NUMBER() OVER (PARTITION BY k ORDER BY m DESC NULLS LAST, s ASC NULLS FIRST) AS rn FROM t) WHERE rn = 1 AND k IS NOT NULL` },
  {
    name: 'Top-2 over a GROUP BY (updating input)',
    sql: 'SELECT * FROM (SELECT k, c, ROW_NUMBER() OVER (ORDER BY c DESC, k ASC NULLS FIRST) AS rn FROM (SELECT k, COUNT(*) AS c FROM t GROUP BY k)) WHERE rn <= 2',
  },
]);
