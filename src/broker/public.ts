/**
 * `fleet/broker`: the Broker interface a broker of your own implements, the order vocabulary it
 * speaks, and fleet's brokers (sandbox, replay, paper, ccxt, Alpaca) with their clocks and feeds.
 * Curated for package users; the module's own index.ts is what other modules import.
 */

/** The fees and slippage the simulated markets charge (the backtest's), for their options. */
export { type Costs, DEFAULT_COSTS } from '../backtest/index.js';
/** The contract: one interface, the order and fill reports, and the errors a broker throws. */
export {
  type BarFeed,
  type Broker,
  type BrokerFill,
  type BrokerPosition,
  BrokerUnavailableError,
  type Clock,
  clientOrderId,
  FencedOutError,
  FINAL_ORDER_STATUSES,
  FleetError,
  isFinalOrderStatus,
  type LeaseFence,
  type OrderReport,
  type OrderRequest,
  type OrderSide,
  type OrderStatus,
  type OrderType,
  type SandboxLedger,
} from '../core/index.js';
export { AlpacaBroker, type AlpacaBrokerOptions, createAlpacaBroker, createAlpacaFeed } from './alpaca/index.js';
/** Real accounts: any ccxt exchange, Alpaca for US stocks, or whichever a bot's exchange names. */
export {
  CcxtBroker,
  type CcxtBrokerOptions,
  createCcxtBroker,
  createCcxtFeed,
  readExchangeKeys,
} from './ccxt/index.js';
export { createPaperBroker, type PaperBrokerOptions } from './paper/index.js';
export { rejectedReport } from './rejected-report.js';
/** Simulated markets: invented (sandbox), replayed history, and live bars with simulated fills (paper). */
export {
  anchorSandboxClock,
  createReplayExchange,
  createSandboxExchange,
  ManualClock,
  MemorySandboxLedger,
  type ReplayExchangeOptions,
  type SandboxExchangeOptions,
  SimExchange,
  SpeedClock,
  WallClock,
} from './sandbox/index.js';
export { createLiveBroker, type LiveBrokerOptions } from './venue.js';
