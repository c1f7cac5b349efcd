#!/usr/bin/env node
// The `weir` command. Weir runs on Node.js 24, which executes TypeScript by
// stripping types; the project brings that Node as a devDependency.
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  process.stderr.write(`weir needs Node.js 22.18 or newer (this is ${process.version}); run it through npm (npx weir) or node_modules/.bin/node\n`);
  process.exit(2);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
