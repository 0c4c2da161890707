import { describe, expect, it } from 'vitest';
import { fleetCommand } from '../../../src/cli/invocation.js';

describe('fleetCommand: the invocation that works where the user is', () => {
  const at = (bin: string | undefined, cwd: string) => fleetCommand({ bin, cwd });

  it('says npx fleet for a project-local install, from the project or a folder inside it', () => {
    expect(at('/home/ann/desk/node_modules/.bin/fleet', '/home/ann/desk')).toBe('npx fleet');
    expect(at('/home/ann/desk/node_modules/fleet/bin/fleet.js', '/home/ann/desk/my-fleet')).toBe('npx fleet');
    expect(at('node_modules/fleet/bin/fleet.js', '/home/ann/desk')).toBe('npx fleet');
  });

  it('says fleet for a global install, a linked checkout, or a local install of another project', () => {
    expect(at('/home/ann/src/fleet/bin/fleet.js', '/home/ann/desk')).toBe('fleet');
    expect(at('/usr/local/lib/node_modules/fleet/bin/fleet.js', '/home/ann/desk')).toBe('fleet');
    expect(at('/usr/local/bin/fleet', '/home/ann/desk')).toBe('fleet');
    expect(at('/home/bob/other/node_modules/.bin/fleet', '/home/ann/desk')).toBe('fleet');
    expect(at(undefined, '/home/ann/desk')).toBe('fleet');
  });

  it('says node bin/fleet.js when the bin of a checkout was run by node (npm run demo in a clone)', () => {
    expect(at('/home/ann/src/fleet/bin/fleet.js', '/home/ann/src/fleet')).toBe('node bin/fleet.js');
    expect(at('bin/fleet.js', '/home/ann/src/fleet')).toBe('node bin/fleet.js');
  });

  it('says npx fleet when npx fetched it into its cache', () => {
    expect(at('/home/ann/.npm/_npx/1a2b/node_modules/.bin/fleet', '/tmp')).toBe('npx fleet');
  });
});
