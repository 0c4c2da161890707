/**
 * Trading costs, shared by the backtest, the sandbox exchange and the paper broker so that every
 * simulated fill in fleet is priced the same way.
 */
export interface Costs {
  /** Commission on traded notional, in basis points. */
  readonly feeBps: number;
  /** Adverse price move on market orders, in basis points. */
  readonly slippageBps: number;
}

export const DEFAULT_COSTS: Costs = { feeBps: 10, slippageBps: 5 };

/** The price a market order gets: worse than the reference by the slippage. */
export function marketFillPrice(reference: number, buying: boolean, slippageRate: number): number {
  return buying ? reference * (1 + slippageRate) : reference * (1 - slippageRate);
}

export function feeFor(notional: number, feeRate: number): number {
  return Math.abs(notional) * feeRate;
}

export const bpsToRate = (bps: number): number => bps / 10_000;
