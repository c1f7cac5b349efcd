/** Built-in scalar functions: json (filled in by its owner). */
import type { ScalarFunction } from '../function.ts';

export const functions: ScalarFunction[] = [];
