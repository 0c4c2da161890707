import type { ColumnType, Generated } from 'kysely';

/**
 * The tables as kysely sees them. Money and quantities are Postgres `numeric` (exact) and come back
 * as strings: parsing them into floats is a decision each caller makes on purpose. int8 columns
 * (bigserial ids, epoch-ms chunk starts) come back as JS numbers, exact below 2^53.
 */
export type Numeric = ColumnType<string, string | number, string | number>;
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T = unknown> = ColumnType<T, string, string>;

export interface BotsTable {
  name: string;
  spec: Json;
  params: ColumnType<unknown, string | undefined, string>;
  symbol: string;
  exchange: string;
  mode: 'paper' | 'live';
  status: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  timeframe: ColumnType<string, string | undefined, string>;
  capital: ColumnType<string, string | number | undefined, string | number>;
  risk: ColumnType<unknown, string | undefined, string>;
  /** The bot's declaration as resolved from fleet.config.json (never secrets). */
  config: ColumnType<unknown, string | undefined, string>;
  /** When the bot last changed mode: the start of its current paper (or live) record. */
  mode_since: Timestamp;
  updated_at: Timestamp;
}

export interface BotFlagsTable {
  id: Generated<number>;
  /** null for the one global row. */
  bot: string | null;
  kill_switch: ColumnType<boolean, boolean | undefined, boolean>;
  paused: ColumnType<boolean, boolean | undefined, boolean>;
  halted: ColumnType<boolean, boolean | undefined, boolean>;
  halted_reason: string | null;
  updated_at: Timestamp;
}

export interface OrdersTable {
  id: Generated<number>;
  client_order_id: string;
  bot: string;
  exchange_order_id: string | null;
  side: 'buy' | 'sell';
  type: string;
  quantity: Numeric;
  price: Numeric | null;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  symbol: ColumnType<string, string | undefined, string>;
  /** entry, exit, stop or take_profit. */
  role: ColumnType<string, string | undefined, string>;
  mode: ColumnType<string, string | undefined, string>;
  /** Open time (epoch ms) of the bar the order was decided on. */
  bar_time: number | null;
  reduce_only: ColumnType<boolean, boolean | undefined, boolean>;
  filled_quantity: ColumnType<string, string | number | undefined, string | number>;
  average_price: Numeric | null;
  fee: ColumnType<string, string | number | undefined, string | number>;
  reason: string | null;
  /** When the runner cleared it to go to the broker, under its lease (migration 0004). */
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When the runner asked the broker to cancel it (migration 0004). */
  cancel_requested_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface FillsTable {
  id: Generated<number>;
  order_id: number;
  quantity: Numeric;
  price: Numeric;
  fee: Numeric;
  ts: Timestamp;
  bot: string | null;
  exchange_fill_id: string | null;
  /** The part of `fee` paid in the base asset, in base units (0003). */
  base_fee: ColumnType<string, string | number | undefined, string | number>;
}

export interface PositionsTable {
  bot: string;
  symbol: string;
  quantity: Numeric;
  avg_price: Numeric;
  updated_at: Timestamp;
}

export interface EquityTable {
  bot: string;
  ts: Timestamp;
  cash: Numeric;
  equity: Numeric;
  position: ColumnType<string, string | number | undefined, string | number>;
  price: Numeric | null;
}

export interface BotRuntimeTable {
  bot: string;
  cash: Numeric;
  last_bar_time: number | null;
  status: ColumnType<string, string | undefined, string>;
  lease_owner: string | null;
  lease_host: string | null;
  lease_pid: number | null;
  lease_expires_at: Timestamp | null;
  heartbeat_at: Timestamp | null;
  started_at: Timestamp | null;
  /** UTC day (YYYY-MM-DD) that day_start_equity belongs to. */
  day: ColumnType<string | null, string | null | undefined, string | null>;
  day_start_equity: Numeric | null;
  /** The lease's fencing token: grows every time a runner takes the lease (migration 0004). */
  fence: ColumnType<number, number | undefined, number>;
  /** A reversal's entry waiting for its exit to fill (migration 0007): { barTime, to, size }. */
  held_entry: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface SandboxAccountsTable {
  account: string;
  state: Json;
  updated_at: Timestamp;
}

export interface SandboxOrdersTable {
  account: string;
  client_order_id: string;
  status: string;
  placed_at: number;
  data: Json;
}

export interface SandboxClocksTable {
  name: string;
  sim_origin: number;
  real_origin: number;
  speed: number;
}

export interface EventsTable {
  id: Generated<number>;
  bot: string | null;
  ts: Timestamp;
  level: string;
  kind: string;
  message: string;
  data: Json | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  channel: string;
  payload: Json;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  key: string;
  event_id: number;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  claimed_until: Date | null;
}

export interface NotifyCursorsTable {
  channel: string;
  event_id: number;
}

export interface CandlesTable {
  source: string;
  symbol: string;
  timeframe: string;
  /** Open time (epoch ms) of the chunk's first bar. */
  chunk_start: number;
  bars: number;
  /** Six little-endian float64 columns (time, open, high, low, close, volume), `bars` each. */
  data: Uint8Array;
}

export interface StudiesTable {
  name: string;
  spec: string | null;
  direction: string | null;
  definition: Json | null;
  created_at: Timestamp;
}

export interface TrialsTable {
  study: string;
  number: number;
  state: 'running' | 'complete' | 'failed';
  params: Json;
  value: number | null;
  attributes: Json | null;
  error: string | null;
  worker: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface ScreensTable {
  id: Generated<number>;
  spec: string;
  created_at: Timestamp;
  result: Json | null;
}

export interface PipelineRunsTable {
  id: Generated<number>;
  kind: string;
  state: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  data: Json | null;
}

export interface Database {
  bots: BotsTable;
  bot_flags: BotFlagsTable;
  orders: OrdersTable;
  fills: FillsTable;
  positions: PositionsTable;
  equity: EquityTable;
  events: EventsTable;
  notifications: NotificationsTable;
  notify_cursors: NotifyCursorsTable;
  candles: CandlesTable;
  studies: StudiesTable;
  trials: TrialsTable;
  screens: ScreensTable;
  pipeline_runs: PipelineRunsTable;
  bot_runtime: BotRuntimeTable;
  sandbox_accounts: SandboxAccountsTable;
  sandbox_orders: SandboxOrdersTable;
  sandbox_clocks: SandboxClocksTable;
}
