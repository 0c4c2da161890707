/**
 * The sandbox universe: eight invented instruments, each with its own character, so strategies can
 * be tried against trends, mean reversion, jumps and calm markets without any external data.
 * All rates are annualised over a 365-day year and scaled to the bar length by the generator.
 */

/** One state of the volatility Markov chain. */
export interface VolatilityRegime {
  readonly name: string;
  /** Multiplies the profile's base volatility (and, with it, volume) while in this regime. */
  readonly volatilityMultiplier: number;
  /** Expected time spent in the regime before switching, in days. */
  readonly meanDays: number;
}

export interface SandboxProfile {
  readonly symbol: string;
  readonly description: string;
  readonly startPrice: number;
  /** Annualised drift of the log price. */
  readonly drift: number;
  /** Annualised volatility of log returns before the regime multiplier. */
  readonly volatility: number;
  /** One to three states; the chain starts in the first. */
  readonly regimes: readonly VolatilityRegime[];
  readonly jumpsPerYear: number;
  /** Typical absolute log size of a jump (actual size is 0.5x to 1.5x this, random sign). */
  readonly jumpSize: number;
  /** Ornstein-Uhlenbeck pull of the log price toward an anchor that itself drifts and wanders. */
  readonly meanReversion?: { readonly halfLifeDays: number; readonly anchorVolatility: number };
  /** A sine wave added to the log price. */
  readonly cycle?: { readonly periodDays: number; readonly amplitude: number };
  /** Typical units traded per day, spread over the day's bars. */
  readonly dailyVolume: number;
}

const calm = (meanDays: number): VolatilityRegime => ({ name: 'calm', volatilityMultiplier: 1, meanDays });
const turbulent = (volatilityMultiplier: number, meanDays: number): VolatilityRegime => ({
  name: 'turbulent',
  volatilityMultiplier,
  meanDays,
});

export const SANDBOX_UNIVERSE: readonly SandboxProfile[] = [
  {
    symbol: 'SBX-TREND',
    description: 'steady uptrend (+50%/yr log drift, 25% vol)',
    startPrice: 100,
    drift: 0.5,
    volatility: 0.25,
    regimes: [calm(30), turbulent(1.8, 6)],
    jumpsPerYear: 2,
    jumpSize: 0.03,
    dailyVolume: 2_000_000,
  },
  {
    symbol: 'SBX-BEAR',
    description: 'persistent downtrend (-50%/yr log drift, 30% vol)',
    startPrice: 2500,
    drift: -0.5,
    volatility: 0.3,
    regimes: [calm(20), turbulent(2, 5)],
    jumpsPerYear: 3,
    jumpSize: 0.04,
    dailyVolume: 80_000,
  },
  {
    symbol: 'SBX-MEANREV',
    description: 'strong mean reversion (1-day half-life) around a slowly wandering anchor',
    startPrice: 50,
    drift: 0,
    volatility: 0.3,
    regimes: [calm(20), turbulent(1.6, 5)],
    jumpsPerYear: 1,
    jumpSize: 0.02,
    meanReversion: { halfLifeDays: 1, anchorVolatility: 0.1 },
    dailyVolume: 5_000_000,
  },
  {
    symbol: 'SBX-VOLATILE',
    description: 'high volatility (80%) with frequent switches between three regimes',
    startPrice: 30_000,
    drift: 0.1,
    volatility: 0.8,
    regimes: [
      { name: 'calm', volatilityMultiplier: 0.6, meanDays: 2 },
      { name: 'normal', volatilityMultiplier: 1, meanDays: 2 },
      { name: 'turbulent', volatilityMultiplier: 2.2, meanDays: 1 },
    ],
    jumpsPerYear: 12,
    jumpSize: 0.06,
    dailyVolume: 20_000,
  },
  {
    symbol: 'SBX-QUIET',
    description: 'low volatility (6%), currency-like',
    startPrice: 1.25,
    drift: 0.01,
    volatility: 0.06,
    regimes: [calm(40), turbulent(1.5, 10)],
    jumpsPerYear: 0,
    jumpSize: 0,
    dailyVolume: 100_000_000,
  },
  {
    symbol: 'SBX-JUMPY',
    description: 'moderate volatility with frequent price jumps (~30/yr, ~7%)',
    startPrice: 250,
    drift: 0.05,
    volatility: 0.2,
    regimes: [calm(20), turbulent(1.5, 5)],
    jumpsPerYear: 30,
    jumpSize: 0.07,
    dailyVolume: 1_000_000,
  },
  {
    symbol: 'SBX-CYCLE',
    description: 'a 30-day cycle (+/-6%) over a slight drift',
    startPrice: 800,
    drift: 0.03,
    volatility: 0.2,
    regimes: [calm(30), turbulent(1.5, 7)],
    jumpsPerYear: 0,
    jumpSize: 0,
    cycle: { periodDays: 30, amplitude: 0.06 },
    dailyVolume: 300_000,
  },
  {
    symbol: 'SBX-WALK',
    description: 'pure random walk: no drift, constant 40% vol, no jumps',
    startPrice: 1000,
    drift: 0,
    volatility: 0.4,
    regimes: [{ name: 'normal', volatilityMultiplier: 1, meanDays: Number.POSITIVE_INFINITY }],
    jumpsPerYear: 0,
    jumpSize: 0,
    dailyVolume: 500_000,
  },
];

export const SANDBOX_SYMBOLS: readonly string[] = SANDBOX_UNIVERSE.map((profile) => profile.symbol);
