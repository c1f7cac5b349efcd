// The whole test suite: type-check, lint, then every *.test.ts under src/ and test/
// with node:test (its summary is what CI reads).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function findTests(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findTests(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out;
}

const only = process.argv.slice(2);
if (only.length === 0) {
  console.log('== type-check (tsc)');
  run(bin('tsc'), ['-p', 'tsconfig.json']);
  console.log('== lint (eslint)');
  run(bin('eslint'), ['src', 'test', 'bench', 'scripts']);
}
const files = only.length ? only : [...findTests(path.join(root, 'src')), ...findTests(path.join(root, 'test'))].sort();
console.log(`== tests (${files.length} files)`);
run(process.execPath, ['--test', '--test-concurrency=2', ...files]);
