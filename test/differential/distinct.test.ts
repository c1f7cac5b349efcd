/** Differential: SELECT DISTINCT (an updating aggregate on streams) against DuckDB over the final input. */
import { defineTemplates } from './define.ts';

defineTemplates('distinct', [
  { name: 'DISTINCT one column', sql: 'SELECT DISTINCT s FROM t' },
  { name: 'DISTINCT expressions', sql: 'SELECT DISTINCT k, MOD(i, 2) AS r FROM t WHERE i IS NOT NULL' },
  { name: 'DISTINCT all columns', sql: 'SELECT DISTINCT k, i, b, d, m, s FROM t' },
  { name: 'DISTINCT of a filtered DISTINCT', sql: "SELECT DISTINCT k FROM (SELECT DISTINCT k, s FROM t) WHERE s LIKE 'a%' OR s IS NULL" },
  { name: 'DISTINCT over a GROUP BY (updating input)', sql: 'SELECT DISTINCT c FROM (SELECT k, COUNT(*) AS c FROM t GROUP BY k)' },
  { name: 'UNION (distinct)', sql: 'SELECT k FROM t UNION SELECT i FROM t' },
]);
