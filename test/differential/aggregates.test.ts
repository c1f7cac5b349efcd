/** Differential: group aggregations (COUNT, COUNT DISTINCT, SUM, MIN, MAX, AVG, HAVING) against DuckDB. */
import { defineTemplates } from './define.ts';

defineTemplates('aggregate', [
  { name: 'global COUNTs', sql: 'SELECT COUNT(*), COUNT(i), COUNT(s), COUNT(DISTINCT s), COUNT(DISTINCT i) FROM t', global: true },
  { name: 'global SUM/MIN/MAX/AVG', sql: 'SELECT SUM(b), MIN(b), MAX(b), SUM(m), AVG(d), MIN(s), MAX(d) FROM t', global: true },
  { name: 'global HAVING', sql: 'SELECT SUM(i), COUNT(*) FROM t HAVING COUNT(*) > 2', global: true },
  { name: 'GROUP BY k: COUNT, SUM', sql: 'SELECT k, COUNT(*), SUM(i), SUM(b), SUM(m) FROM t GROUP BY k' },
  { name: 'GROUP BY k: MIN/MAX of every type', sql: 'SELECT k, MIN(i), MAX(i), MIN(s), MAX(s), MIN(m), MAX(m), MIN(b), MAX(b) FROM t GROUP BY k' },
  { name: 'GROUP BY k: DOUBLE SUM/AVG/MIN/MAX', sql: 'SELECT k, SUM(d), AVG(d), MIN(d), MAX(d) FROM t GROUP BY k' },
  { name: 'GROUP BY STRING: AVG of CAST', sql: 'SELECT s, COUNT(*), AVG(CAST(i AS DOUBLE)) FROM t GROUP BY s' },
  { name: 'GROUP BY k: COUNT DISTINCT', sql: 'SELECT k, COUNT(DISTINCT s), COUNT(DISTINCT b), COUNT(DISTINCT m), COUNT(DISTINCT d) FROM t GROUP BY k' },
  { name: 'GROUP BY k, s', sql: 'SELECT k, s, COUNT(*), SUM(m) FROM t GROUP BY k, s' },
  { name: 'HAVING COUNT', sql: 'SELECT k, COUNT(*) FROM t GROUP BY k HAVING COUNT(*) > 1' },
  { name: 'HAVING SUM and MIN', sql: 'SELECT k, SUM(i) FROM t GROUP BY k HAVING SUM(i) > 0 AND MIN(s) IS NOT NULL' },
  { name: 'GROUP BY expression', sql: 'SELECT MOD(i, 3) AS r, COUNT(*), MAX(d) FROM t GROUP BY MOD(i, 3)' },
  { name: 'SUM of CASE', sql: 'SELECT k, SUM(CASE WHEN i > 0 THEN 1 ELSE 0 END), COUNT(i) FROM t GROUP BY k' },
  { name: 'WHERE then GROUP BY', sql: "SELECT k, COUNT(*), MIN(b) FROM t WHERE s LIKE 'a%' OR b > 0 GROUP BY k" },
  {
    name: 'AVG of INT is integer division (Flink)',
    sql: 'SELECT k, AVG(i) FROM t GROUP BY k',
    duck: 'SELECT k, CAST(trunc(SUM(i) / COUNT(i)) AS INTEGER) FROM t GROUP BY k',
  },
  {
    name: 'AVG of BIGINT beyond 2^53 is exact integer division (Flink)',
    sql: 'SELECT k, AVG(b) FROM t GROUP BY k',
    duck: 'SELECT k, (SUM(b) - SUM(b) % COUNT(b)) // COUNT(b) FROM t GROUP BY k',
  },
  {
    // Flink: DECIMAL(38, max(s, 6)), the quotient rounded HALF_UP; DuckDB's AVG of DECIMAL is a DOUBLE, so computed exactly here
    name: 'AVG of DECIMAL is DECIMAL(38,6) (Flink)',
    sql: 'SELECT k, AVG(m) FROM t GROUP BY k',
    duck: `SELECT k, CAST(sign(SUM(m)) * ((abs(CAST(SUM(m) * 100 AS HUGEINT)) * 20000 + COUNT(m)) // (2 * COUNT(m))) AS DECIMAL(38,0)) * 0.000001
      FROM t GROUP BY k`,
  },
  {
    name: 'FILTER (WHERE …) clauses',
    sql: "SELECT k, COUNT(*) FILTER (WHERE i > 0), SUM(m) FILTER (WHERE s LIKE 'a%'), COUNT(DISTINCT s) FILTER (WHERE d > 0), MAX(b) FILTER (WHERE i IS NULL) FROM t GROUP BY k",
  },
  { name: 'SELECT DISTINCT', sql: 'SELECT DISTINCT k, s FROM t' },
  { name: 'COUNT over DISTINCT', sql: 'SELECT COUNT(*), COUNT(s) FROM (SELECT DISTINCT s, b FROM t)', global: true },
  { name: 'aggregate of aggregate', sql: 'SELECT c, COUNT(*) FROM (SELECT k, COUNT(*) AS c FROM t GROUP BY k) GROUP BY c' },
]);
