/** Paths for tests that run the `weir` command in a child process (with the repository's Node 24). */
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const NODE = join(ROOT, 'node_modules/.bin/node');
export const WEIR = join(ROOT, 'bin/weir.mjs');
