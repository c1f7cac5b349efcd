/**
 * The registry of built-in scalar functions and operators, by canonical
 * upper-case name. Each family lives in its own file and exports `functions`.
 */
import type { ScalarFunction } from '../function.ts';
import { functions as operators } from './operators.ts';
import { functions as strings } from './strings.ts';
import { functions as math } from './math.ts';
import { functions as temporal } from './temporal.ts';
import { functions as conditional } from './conditional.ts';
import { functions as json } from './json.ts';
import { functions as collections } from './collections.ts';
import { functions as hashing } from './hashing.ts';
import { functions as misc } from './misc.ts';

export const BUILTIN_FUNCTIONS: ReadonlyMap<string, ScalarFunction> = (() => {
  const m = new Map<string, ScalarFunction>();
  for (const family of [operators, strings, math, temporal, conditional, json, collections, hashing, misc]) {
    for (const f of family) {
      if (m.has(f.name)) throw new Error(`built-in function ${f.name} defined twice`);
      m.set(f.name, f);
    }
  }
  return m;
})();

export function lookupBuiltin(name: string): ScalarFunction | undefined {
  return BUILTIN_FUNCTIONS.get(name.toUpperCase());
}
