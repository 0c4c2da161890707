/**
 * Seeded randomness. Everything fleet invents (sandbox prices, optimiser proposals) comes from
 * here so that the same seed gives the same result on every machine.
 */

/** A generator of uniform numbers in [0, 1). */
export interface Random {
  next(): number;
  /** A standard normal draw. */
  normal(): number;
}

/** FNV-1a over a string: turns names like 'SBX-TREND/1h/42' into 32-bit seeds. */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** sfc32 (Small Fast Counting): fast, passes PractRand, 128 bits of state. */
export function createRandom(seed: number | string): Random {
  const s = typeof seed === 'string' ? hashSeed(seed) : seed >>> 0;
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = s;
  const next = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  let spare = Number.NaN;
  const normal = (): number => {
    if (spare === spare) {
      const value = spare;
      spare = Number.NaN;
      return value;
    }
    // Box-Muller; 1 - u keeps the log finite.
    const u = 1 - next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { next, normal };
}
