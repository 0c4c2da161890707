/**
 * Standard normal draws by the ziggurat method (Marsaglia & Tsang, 2000, 128 layers). About 99% of
 * draws cost one uniform, a table lookup and a compare, several times cheaper than Box-Muller, which
 * matters when generating a million bars. Same uniforms in, same normals out, on every machine.
 */
const LAYERS = 128;
const R = 3.442619855899; // where the tail begins
const kn = new Float64Array(LAYERS);
const wn = new Float64Array(LAYERS);
const fn = new Float64Array(LAYERS);

{
  const m1 = 2147483648;
  const area = 9.91256303526217e-3;
  let dn = R;
  let tn = dn;
  const q = area / Math.exp(-0.5 * dn * dn);
  kn[0] = (dn / q) * m1;
  kn[1] = 0;
  wn[0] = q / m1;
  wn[LAYERS - 1] = dn / m1;
  fn[0] = 1;
  fn[LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(area / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = (dn / tn) * m1;
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / m1;
  }
}

/** A normal generator driven by `next`, a uniform source on [0, 1) with 32 bits of resolution. */
export function createFastNormal(next: () => number): () => number {
  // A signed 32-bit integer from one uniform draw (shifted first so the conversion stays in range).
  const int32 = (): number => (next() * 4294967296 - 2147483648) | 0;
  const slow = (hz: number, iz: number): number => {
    for (;;) {
      const x = hz * wn[iz];
      if (iz === 0) {
        // Beyond R: sample the exponential tail.
        let tail: number;
        let y: number;
        do {
          tail = -Math.log(1 - next()) / R;
          y = -Math.log(1 - next());
        } while (y + y < tail * tail);
        return hz > 0 ? R + tail : -R - tail;
      }
      if (fn[iz] + next() * (fn[iz - 1] - fn[iz]) < Math.exp(-0.5 * x * x)) return x;
      hz = int32();
      iz = hz & (LAYERS - 1);
      if (Math.abs(hz) < kn[iz]) return hz * wn[iz];
    }
  };
  return () => {
    const hz = (next() * 4294967296 - 2147483648) | 0;
    const iz = hz & (LAYERS - 1);
    return Math.abs(hz) < kn[iz] ? hz * wn[iz] : slow(hz, iz);
  };
}
