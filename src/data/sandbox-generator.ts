import { venueCalendar } from '../calendar/index.js';
import {
  allocateCandles,
  barsPerYear,
  type Candles,
  createRandom,
  hashSeed,
  type Timeframe,
  timeframeMs,
  UsageError,
} from '../core/index.js';
import type { CandleMemory } from './candle-memory.js';
import { createFastNormal } from './fast-normal.js';
import { sandboxProfile } from './sandbox-profile.js';
import { alignBarTime } from './time-align.js';

/** 2020-01-01T00:00:00Z: where sandbox history begins unless told otherwise. */
export const SANDBOX_START = Date.UTC(2020, 0, 1);

export interface SandboxOptions {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly bars: number;
  readonly seed?: number;
  /** Epoch ms; rounded up to the next bar boundary of the timeframe. */
  readonly start?: number;
  /**
   * The equity mode: bars only inside this venue's sessions (XNYS, XLON, …), with an overnight
   * gap at each open. Absent (or CRYPTO): round the clock.
   */
  readonly venue?: string;
}

const DAY_MS = 86_400_000;
// The log price is reflected off these bounds (a factor of 1e9 from the start price either way) so
// that absurdly long histories of a trending instrument cannot overflow or underflow a double.
const LOG_BOUND = Math.log(1e9);
// Wick length relative to the bar's volatility; the gap between bars is far smaller.
const WICK_SCALE = 1.5;
const GAP_SCALE = 0.1;
// A closed market still reprices: the gap at an open carries this share of the volatility the
// closed hours would have had.
const CLOSED_VOLATILITY = 0.3;

/**
 * Invented but plausible OHLCV bars: geometric Brownian motion with Markov volatility regimes,
 * Poisson jumps, and per-profile mean reversion or a cycle. Deterministic in (symbol, timeframe,
 * seed): the same call gives byte-identical arrays, and fewer bars give a prefix of more bars.
 * With a venue the bars fall in its sessions only (a venue never changes the round-the-clock series).
 */
export function generateSandboxCandles(options: SandboxOptions, memory?: CandleMemory): Candles {
  const { symbol, timeframe, bars, seed = 0 } = options;
  if (!Number.isInteger(bars) || bars < 0) throw new UsageError(`bars must be a whole number >= 0, got ${bars}`);
  if (!Number.isFinite(seed)) throw new UsageError(`seed must be a number, got ${seed}`);
  const start = options.start ?? SANDBOX_START;
  if (!Number.isFinite(start)) throw new UsageError(`start must be a time in epoch milliseconds, got ${start}`);
  const profile = sandboxProfile(symbol);
  const random = createRandom(hashSeed(`${symbol}/${timeframe}/${seed}`));
  // Locals rather than method calls keep the hot loop free of property lookups.
  const next = random.next;
  const normal = createFastNormal(next);

  const stepMs = timeframeMs(timeframe);
  const dt = 1 / barsPerYear(timeframe);
  const dtDays = stepMs / DAY_MS;
  const sqrtDt = Math.sqrt(dt);
  const baseSigma = profile.volatility * sqrtDt;
  const driftStep = profile.drift * dt;

  const regimeCount = profile.regimes.length;
  const sigmaOf = new Float64Array(regimeCount);
  const meanBarsOf = new Float64Array(regimeCount);
  for (let r = 0; r < regimeCount; r++) {
    const regime = profile.regimes[r];
    sigmaOf[r] = baseSigma * regime.volatilityMultiplier;
    meanBarsOf[r] = regime.meanDays / dtDays;
  }
  // Regime stays and the waits between jumps are drawn as whole durations (geometric, the discrete
  // exponential) instead of tossing a coin every bar: the same process, fewer random draws.
  const barsUntil = (meanBars: number): number =>
    Number.isFinite(meanBars) ? Math.floor(-Math.log(1 - next()) * meanBars) + 1 : Number.POSITIVE_INFINITY;
  const jumpEveryBars = profile.jumpsPerYear > 0 ? 1 / (profile.jumpsPerYear * dt) : Number.POSITIVE_INFINITY;
  const jumpSize = profile.jumpSize;

  const reversion = profile.meanReversion;
  // Exact discretisation of the OU pull, stable even when a bar is longer than the half-life.
  const pull = reversion ? 1 - Math.exp(-(Math.LN2 / reversion.halfLifeDays) * dtDays) : 0;
  const anchorSigma = reversion ? reversion.anchorVolatility * sqrtDt : 0;
  const cycle = profile.cycle;
  const cycleAmplitude = cycle ? cycle.amplitude : 0;
  const cycleStep = cycle ? (2 * Math.PI * dtDays) / cycle.periodDays : 0;
  const cyclePhase = cycle ? 2 * Math.PI * next() : 0;
  const barVolume = profile.dailyVolume * dtDays;
  const startPrice = profile.startPrice;

  const candles = memory ? memory.candles(bars) : allocateCandles(bars);
  const { time, open, high, low, close, volume } = candles;
  const firstTime = alignBarTime(start, timeframe);
  const calendar = options.venue === undefined ? undefined : venueCalendar(options.venue);
  const sessionTimes = calendar?.alwaysOpen === false ? calendar.tradingBarTimes(firstTime, stepMs, bars) : undefined;

  let regime = 0;
  let regimeBarsLeft = barsUntil(meanBarsOf[0]);
  let barsToJump = barsUntil(jumpEveryBars);
  let level = 0; // log price relative to the start price, before the cycle
  let anchor = 0;
  let previousClose = startPrice;
  for (let i = 0; i < bars; i++) {
    if (regimeBarsLeft === 0) {
      // Move to one of the other states, uniformly.
      regime = (regime + 1 + Math.floor(next() * (regimeCount - 1))) % regimeCount;
      regimeBarsLeft = barsUntil(meanBarsOf[regime]);
    }
    regimeBarsLeft--;
    const sigma = sigmaOf[regime];
    let shock = sigma * normal();
    // The equity mode: the hours the market was shut move the price too, seen as the open's gap.
    let closedShock = 0;
    if (sessionTimes !== undefined && i > 0) {
      const closedBars = (sessionTimes[i] - sessionTimes[i - 1]) / stepMs - 1;
      if (closedBars > 0) closedShock = CLOSED_VOLATILITY * sigma * Math.sqrt(closedBars) * normal();
    }
    if (--barsToJump === 0) {
      shock += (next() < 0.5 ? -jumpSize : jumpSize) * (0.5 + next());
      barsToJump = barsUntil(jumpEveryBars);
    }

    if (reversion) {
      anchor = reflect(anchor + driftStep + anchorSigma * normal());
      level = reflect(level + pull * (anchor - level) + shock + closedShock);
    } else {
      level = reflect(level + driftStep + shock + closedShock);
    }
    const logPrice = cycle ? level + cycleAmplitude * Math.sin(cyclePhase + i * cycleStep) : level;

    const o = i === 0 ? startPrice : previousClose * Math.exp(closedShock) * (1 + GAP_SCALE * sigma * (next() - 0.5));
    const c = startPrice * Math.exp(logPrice);
    // Wicks: a squared uniform gives mostly short wicks and a few long ones; one draw split into
    // two 16-bit halves serves both. Multiplying by >= 1 (or dividing by it) keeps
    // high >= body >= low > 0 exactly, even after rounding.
    const wickScale = WICK_SCALE * sigma;
    const wicks = next() * 65536;
    const upper = Math.floor(wicks) / 65536;
    const lower = wicks - Math.floor(wicks);
    high[i] = Math.max(o, c) * (1 + wickScale * upper * upper);
    low[i] = Math.min(o, c) / (1 + wickScale * lower * lower);
    open[i] = o;
    close[i] = c;
    time[i] = sessionTimes === undefined ? firstTime + i * stepMs : sessionTimes[i];
    // Busier in turbulent regimes (sigma) and on bars that moved a lot for their regime.
    const move = Math.abs(c - o) / (o * sigma);
    volume[i] = barVolume * (sigma / baseSigma) * (0.5 + move) * (0.6 + 0.8 * next());
    previousClose = c;
  }
  return candles;
}

function reflect(x: number): number {
  if (x > LOG_BOUND) return 2 * LOG_BOUND - x;
  if (x < -LOG_BOUND) return -2 * LOG_BOUND - x;
  return x;
}
