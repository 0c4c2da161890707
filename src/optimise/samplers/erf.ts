/**
 * erf and erfc, ported from FreeBSD's msun s_erf.c (Sun Microsystems, 1993: "Permission to use,
 * copy, modify, and distribute this software is freely granted, provided that this notice is
 * preserved"), as Optuna's _erf.py ports erf. JavaScript has neither; erfc matters because
 * 1 - erf(x) loses every digit in the tails the truncated normals reach.
 */

const ERX = 0.8450629115104675;
const EFX = 0.1283791670955126;

// erf on [0, 0.84375]
const PP = [
  0.12837916709551256, -0.3250421072470015, -0.02848174957559851, -0.005770270296489442, -0.000023763016656650163,
];
const QQ = [
  1, 0.39791722395915535, 0.0650222499887673, 0.005081306281875766, 0.00013249473800432164, -0.000003960228278775368,
];
// erf on [0.84375, 1.25]
const PA = [
  -0.0023621185607526594, 0.41485611868374833, -0.3722078760357013, 0.31834661990116175, -0.11089469428239668,
  0.035478304325618236, -0.002166375594868791,
];
const QA = [
  1, 0.10642088040084423, 0.540397917702171, 0.07182865441419627, 0.12617121980876164, 0.01363708391202905,
  0.011984499846799107,
];
// erfc on [1.25, 1/0.35]
const RA = [
  -0.009864944034847148, -0.6938585727071818, -10.558626225323291, -62.375332450326006, -162.39666946257347,
  -184.60509290671104, -81.2874355063066, -9.814329344169145,
];
const SA = [
  1, 19.651271667439257, 137.65775414351904, 434.56587747522923, 645.3872717332679, 429.00814002756783,
  108.63500554177944, 6.570249770319282, -0.0604244152148581,
];
// erfc on [1/0.35, 28]
const RB = [
  -0.0098649429247001, -0.799283237680523, -17.757954917754752, -160.63638485582192, -637.5664433683896,
  -1025.0951316110772, -483.5191916086514,
];
const SB = [
  1, 30.33806074348246, 325.7925129965739, 1536.729586084437, 3199.8582195085955, 2553.0504064331644,
  474.52854120695537, -22.44095244658582,
];

const INV_035 = 1 / 0.35;

function poly(c: readonly number[], x: number): number {
  let y = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) y = y * x + c[i];
  return y;
}

/** exp(-x^2 - 0.5625 + R/S) / x for x >= 1.25, the tail term both functions share. */
function tail(x: number): number {
  const s = 1 / (x * x);
  const ratio = x < INV_035 ? poly(RA, s) / poly(SA, s) : poly(RB, s) / poly(SB, s);
  // s_erf.c clears the low word of x so z*z is exact; rounding to float32 does the same job.
  const z = Math.fround(x);
  return (Math.exp(-z * z - 0.5625) * Math.exp((z - x) * (z + x) + ratio)) / x;
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const a = Math.abs(x);
  if (a < 0.84375) {
    if (a < 2 ** -28) return x + EFX * x;
    const z = x * x;
    return x + x * (poly(PP, z) / poly(QQ, z));
  }
  if (a < 1.25) {
    const s = a - 1;
    const v = ERX + poly(PA, s) / poly(QA, s);
    return x >= 0 ? v : -v;
  }
  if (a >= 6) return x >= 0 ? 1 : -1;
  const r = tail(a);
  return x >= 0 ? 1 - r : r - 1;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  const a = Math.abs(x);
  if (a < 0.84375) {
    if (a < 2 ** -56) return 1 - x;
    const z = x * x;
    const y = poly(PP, z) / poly(QQ, z);
    if (x < 0.25) return 1 - (x + x * y);
    return 0.5 - (x * y + (x - 0.5));
  }
  if (a < 1.25) {
    const s = a - 1;
    const ratio = poly(PA, s) / poly(QA, s);
    return x >= 0 ? 1 - ERX - ratio : 1 + (ERX + ratio);
  }
  if (a < 28) {
    if (x < -6) return 2;
    const r = tail(a);
    return x > 0 ? r : 2 - r;
  }
  return x > 0 ? 0 : 2;
}
