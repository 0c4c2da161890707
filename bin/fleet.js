#!/usr/bin/env node
// Pre-flight only: refuse an old Node with a clear line, then hand over to the compiled CLI.
const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  process.stderr.write(`fleet needs Node.js 20 or newer (this is ${process.versions.node})\n`);
  process.exit(1);
}
// Node ends a process whose event loop has nothing left on it even while this await is pending
// (exit 13, "unsettled top-level await"), and some work does not count: WebAssembly compilation
// and tier-up in the embedded database's start (nodejs/node#36616). A command seen to end with 13
// mid-way under load; this handle keeps the process until main has settled.
const keepAlive = setInterval(() => {}, 1 << 30);
try {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(process.argv);
} finally {
  clearInterval(keepAlive);
}
