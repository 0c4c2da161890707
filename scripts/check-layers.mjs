#!/usr/bin/env node
// Checks src/ against the layer picture in layers.json:
//   - a module imports only modules on rows below its own (with "strict", never a peer on its row);
//   - no two modules import each other, directly or round a loop;
//   - another module is reached through its index.ts, not its internals;
//   - library code (outside the "mayPrint" modules) does not print or exit the process.
// The rows come from the project's docs/layers.json when it has one, else from layers.json here.
// Usage: node scripts/check-layers.mjs [projectRoot]   (exit 1 when something is found)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.argv[2] ?? '.');
// The project's own picture (docs/layers.json) wins over the starting one beside this file.
const layersFile = existsSync(join(root, 'docs', 'layers.json'))
  ? join(root, 'docs', 'layers.json')
  : join(here, 'layers.json');
const { rows, mayPrint, strict } = JSON.parse(readFileSync(layersFile, 'utf8'));
const src = join(root, 'src');
if (!existsSync(src)) {
  console.log('check-layers: no src/ here');
  process.exit(0);
}

const rowOf = new Map(rows.flatMap((mods, i) => mods.map((m) => [m, rows.length - 1 - i])));
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name) && !/\.d\.ts$/.test(name)) files.push(p);
  }
})(src);

const moduleOf = (file) => {
  const parts = relative(src, file).split(sep);
  return parts.length === 1 ? '(root)' : parts[0];
};
const problems = [];
const edges = new Map(); // module -> Set(module)
// from-imports and re-exports, dynamic imports, and bare side-effect imports (`import './x.js';`).
const importRe =
  /(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
const printRe =
  /\b(console\.(log|info|warn|error|debug|table)|process\.exit|process\.stdout\.write|process\.stderr\.write)\b/;

for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const from = moduleOf(file);
  const rel = relative(root, file);
  if (from !== '(root)' && !rowOf.has(from)) problems.push(`${rel}: module '${from}' is not in layers.json`);
  if (!mayPrint.includes(from)) {
    text.split('\n').forEach((line, i) => {
      if (printRe.test(line) && !/^\s*(\/\/|\*)/.test(line))
        problems.push(`${rel}:${i + 1}: library code prints or exits (${line.trim().slice(0, 80)})`);
    });
  }
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec);
    if (!target.startsWith(src + sep)) continue;
    const to = moduleOf(target.replace(/\.js$/, '.ts'));
    if (to === from || to === '(root)') continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from).add(to);
    const inner = relative(join(src, to), target).replace(/\.(js|ts)$/, '');
    if (inner !== 'index' && inner !== '')
      problems.push(`${rel}: reaches into ${to}/${inner} (import from '${to}/index' instead)`);
    if (from !== '(root)' && rowOf.has(from) && rowOf.has(to)) {
      if (rowOf.get(to) > rowOf.get(from)) problems.push(`${rel}: ${from} imports ${to}, which sits above it`);
      else if (strict && rowOf.get(to) === rowOf.get(from))
        problems.push(`${rel}: ${from} imports ${to}, a peer on its own row`);
    }
  }
}
// loops between modules
const seen = new Set(),
  stack = [];
function dfs(m) {
  if (stack.includes(m)) {
    problems.push(`modules import each other in a loop: ${[...stack.slice(stack.indexOf(m)), m].join(' -> ')}`);
    return;
  }
  if (seen.has(m)) return;
  seen.add(m);
  stack.push(m);
  for (const n of edges.get(m) ?? []) dfs(n);
  stack.pop();
}
for (const m of edges.keys()) dfs(m);

if (problems.length) {
  console.log(problems.join('\n'));
  console.log(`check-layers: ${problems.length} problem(s) in ${files.length} files`);
  process.exit(1);
}
console.log(
  `check-layers: ok (${files.length} files, ${edges.size} modules with imports; rows from ${relative(root, layersFile) || layersFile})`,
);
