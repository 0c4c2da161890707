import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOptimisedBlock } from '../../../src/optimise/index.js';
import { validateSpec } from '../../../src/spec/index.js';

const example = () => readFile('examples/specs/ema-cross.json', 'utf8');
const tempFile = async (text: string) => {
  const file = join(await mkdtemp(join(tmpdir(), 'fleet-block-')), 'spec.json');
  await writeFile(file, text);
  return file;
};

describe('writeOptimisedBlock', () => {
  it('adds the block and leaves every other byte of the file as it was', async () => {
    const original = await example();
    const file = await tempFile(original);
    await writeOptimisedBlock(file, { 'SBX-TREND': { params: { fast: 12 } } });
    const written = await readFile(file, 'utf8');
    // Everything up to the end of the last member, and the closing brace after it, is unchanged.
    const lastMemberEnd = original.lastIndexOf('}', original.lastIndexOf('}') - 1) + 1;
    expect(written.slice(0, lastMemberEnd)).toBe(original.slice(0, lastMemberEnd));
    expect(written.endsWith(original.slice(lastMemberEnd))).toBe(true);
    const spec = JSON.parse(written);
    expect(spec.optimised).toEqual({ 'SBX-TREND': { params: { fast: 12 } } });
    expect(validateSpec(spec).ok).toBe(true);
  });

  it('replaces an instrument it tuned again and keeps the others', async () => {
    const file = await tempFile(await example());
    await writeOptimisedBlock(file, { A: { params: { fast: 1 } }, B: { params: { fast: 2 } } });
    const between = await readFile(file, 'utf8');
    await writeOptimisedBlock(file, { B: { params: { fast: 3 } } });
    const after = await readFile(file, 'utf8');
    expect(JSON.parse(after).optimised).toEqual({ A: { params: { fast: 1 } }, B: { params: { fast: 3 } } });
    const blockStart = between.indexOf('"optimised"');
    expect(after.slice(0, blockStart)).toBe(between.slice(0, blockStart));
  });

  it('keeps tabs and CRLF line ends', async () => {
    const text = JSON.stringify(JSON.parse(await example()), null, '\t').replaceAll('\n', '\r\n');
    const file = await tempFile(text);
    await writeOptimisedBlock(file, { X: { params: { fast: 7 } } });
    const written = await readFile(file, 'utf8');
    expect(written).toContain('\r\n\t"optimised": {\r\n\t\t"X": {');
    expect(written.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('writes into a spec that starts with a byte order mark, and keeps the mark', async () => {
    const file = await tempFile(`\uFEFF${await example()}`);
    await writeOptimisedBlock(file, { X: { params: { fast: 7 } } });
    const written = await readFile(file, 'utf8');
    expect(written.charCodeAt(0)).toBe(0xfeff);
    expect(JSON.parse(written.slice(1)).optimised).toEqual({ X: { params: { fast: 7 } } });
  });

  it('refuses to write a block that would make the spec invalid, leaving the file untouched', async () => {
    const original = await example();
    const file = await tempFile(original);
    await expect(writeOptimisedBlock(file, { X: 42 })).rejects.toThrow('refusing to write an optimised block');
    expect(await readFile(file, 'utf8')).toBe(original);
  });
});
