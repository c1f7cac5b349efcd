/**
 * Differential: correlated scalar subqueries (decorrelated into an aggregate
 * per correlated key and a LEFT join) against DuckDB, over random tables and
 * random changelogs of `t` correlated with itself: COUNT (0 without inner
 * rows), MAX/SUM/AVG (NULL), equality correlation with extra inner and
 * non-equality predicates, an outer column inside the aggregate's argument,
 * GROUP BY and HAVING inside the subquery, and subqueries in WHERE, inside
 * expressions and OR branches.
 */
import { defineTemplates } from './define.ts';

defineTemplates('correlated scalar subquery', [
  { name: 'COUNT per key, 0 without rows (NULL keys match nothing)', sql: 'SELECT k, i, (SELECT COUNT(*) FROM t AS u WHERE u.k = t.k) AS c FROM t' },
  { name: 'MAX per key with an inner predicate', sql: 'SELECT k, s, (SELECT MAX(u.i) FROM t AS u WHERE u.k = t.k AND u.i > 0) AS mx FROM t' },
  { name: 'SUM per key with a non-equality correlation beside it', sql: 'SELECT k, i, (SELECT SUM(u.b) FROM t AS u WHERE u.k = t.k AND u.s <> t.s) AS sb FROM t' },
  { name: 'non-equality correlation only (value generator)', sql: 'SELECT i, (SELECT COUNT(u.s) FROM t AS u WHERE u.i < t.i) AS c FROM t' },
  { name: 'value expression over COUNT and an outer column', sql: 'SELECT k, i, (SELECT COUNT(*) * 10 + t.i FROM t AS u WHERE u.s = t.s) AS v FROM t' },
  { name: 'outer column inside the aggregate argument', sql: 'SELECT k, i, (SELECT SUM(u.i * t.i) FROM t AS u WHERE u.k = t.k) AS v FROM t' },
  { name: 'WHERE: comparison with a correlated AVG plus a constant', sql: 'SELECT k, i, d FROM t WHERE d > (SELECT AVG(u.d) FROM t AS u WHERE u.k = t.k) - 1' },
  { name: 'GROUP BY the correlated column (one group per outer row)', sql: 'SELECT k, i, (SELECT MIN(u.s) FROM t AS u WHERE u.k = t.k GROUP BY u.k) AS ms FROM t' },
  {
    name: 'HAVING without GROUP BY (COUNT over no rows passes it)',
    sql: 'SELECT k, i, (SELECT COUNT(*) FROM t AS u WHERE u.k = t.k HAVING COUNT(*) < 3) AS c, (SELECT MAX(u.i) FROM t AS u WHERE u.k = t.k HAVING SUM(u.i) > 0) AS m FROM t',
  },
  {
    name: 'WHERE: COUNT in an OR branch',
    sql: 'SELECT k, i FROM t WHERE i IS NULL OR (SELECT COUNT(*) FROM t AS u WHERE u.k = t.k AND u.i < t.i) < 2',
  },
]);
