// The sandbox family: invented and replayed markets, their clocks and books. The sim engine and
// the paper broker are re-exported here because src/broker/index.ts gathers only this index.

export * from '../paper/index.js';
export * from '../sim/index.js';
export { anchorSandboxClock, ManualClock, SpeedClock, WallClock } from './clocks.js';
export { MemorySandboxLedger } from './memory-ledger.js';
export { createReplayExchange, type ReplayExchangeOptions } from './replay-exchange.js';
export { createSandboxExchange, DEFAULT_HISTORY_BARS, type SandboxExchangeOptions } from './sandbox-exchange.js';
