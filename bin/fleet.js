#!/usr/bin/env node
// Pre-flight only: refuse an old Node with a clear line, then hand over to the compiled CLI.
const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  process.stderr.write(`fleet needs Node.js 20 or newer (this is ${process.versions.node})\n`);
  process.exit(1);
}
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv);
