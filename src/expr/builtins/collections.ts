/** Built-in scalar functions: collections (filled in by its owner). */
import type { ScalarFunction } from '../function.ts';

export const functions: ScalarFunction[] = [];
