import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const checker = join(root, 'scripts', 'check-layers.mjs');

function check(projectRoot: string): { code: number; output: string } {
  try {
    return { code: 0, output: execFileSync('node', [checker, projectRoot], { encoding: 'utf8' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, output: e.stdout };
  }
}

/** A project folder holding docs/layers.json and `files` (paths under src/ to their text). */
function fakeProject(files: Record<string, string>): string {
  const fake = mkdtempSync(join(tmpdir(), 'fleet-layers-'));
  cpSync(join(root, 'docs', 'layers.json'), join(fake, 'docs', 'layers.json'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(fake, 'src', path)), { recursive: true });
    writeFileSync(join(fake, 'src', path), text);
  }
  return fake;
}

describe('module layers (docs/layers.json)', () => {
  it('holds for the source tree', () => {
    const { code, output } = check(root);
    expect(output).toContain('check-layers: ok');
    expect(code).toBe(0);
  });

  it('catches an upward import, a reach into internals and library code that prints', () => {
    const fake = fakeProject({
      'screen/index.ts': 'export const a = 1;\n',
      'screen/rank.ts': 'export const b = 1;\n',
      'core/index.ts': "import { b } from '../screen/rank.js';\nexport const c = b;\nconsole.log(c);\n",
    });
    const { code, output } = check(fake);
    expect(code).toBe(1);
    expect(output).toContain('core imports screen, which sits above it');
    expect(output).toContain('reaches into screen/rank');
    expect(output).toContain('library code prints or exits');
  });

  it('catches an upward import made for its side effects alone', () => {
    const fake = fakeProject({
      'cli/index.ts': 'export const a = 1;\n',
      'core/index.ts': "import '../cli/index.js';\nexport const c = 1;\n",
    });
    const { code, output } = check(fake);
    expect(code).toBe(1);
    expect(output).toContain('core imports cli, which sits above it');
  });
});
