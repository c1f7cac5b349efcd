/** Differential: INTERSECT / EXCEPT [ALL] (with NULLs equal) against DuckDB over the final input. */
import { defineTemplates } from './define.ts';

defineTemplates('setop', [
  { name: 'INTERSECT', sql: 'SELECT k, s FROM t WHERE i > 0 INTERSECT SELECT k, s FROM t WHERE b > 0' },
  { name: 'INTERSECT ALL', sql: 'SELECT k FROM t WHERE i >= 0 INTERSECT ALL SELECT k FROM t WHERE d >= 0' },
  { name: 'EXCEPT', sql: 'SELECT k, s FROM t EXCEPT SELECT k, s FROM t WHERE i > 0' },
  { name: 'EXCEPT ALL', sql: 'SELECT s FROM t EXCEPT ALL SELECT s FROM t WHERE k = 1' },
  { name: 'EXCEPT with coercion', sql: 'SELECT i FROM t EXCEPT SELECT k FROM t' },
]);
