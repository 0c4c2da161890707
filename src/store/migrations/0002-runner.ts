import { type Kysely, sql } from 'kysely';

/**
 * What runners need beyond the initial model: each bot's runtime row (lease, heartbeat, last bar,
 * cash), richer orders (symbol, role, fills so far) and idempotent fills, and the sandbox
 * exchange's own books, kept in tables no bot writes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE bots
      ADD COLUMN timeframe text NOT NULL DEFAULT '1h',
      ADD COLUMN capital numeric NOT NULL DEFAULT 10000,
      ADD COLUMN risk jsonb NOT NULL DEFAULT '{}'::jsonb,
      ADD COLUMN config jsonb NOT NULL DEFAULT '{}'::jsonb,
      ADD COLUMN mode_since timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
    ALTER TABLE orders
      ADD COLUMN symbol text NOT NULL DEFAULT '',
      ADD COLUMN role text NOT NULL DEFAULT 'entry',
      ADD COLUMN mode text NOT NULL DEFAULT 'paper',
      ADD COLUMN bar_time bigint,
      ADD COLUMN reduce_only boolean NOT NULL DEFAULT false,
      ADD COLUMN filled_quantity numeric NOT NULL DEFAULT 0,
      ADD COLUMN average_price numeric,
      ADD COLUMN fee numeric NOT NULL DEFAULT 0,
      ADD COLUMN reason text;
    ALTER TABLE fills
      ADD COLUMN bot text,
      ADD COLUMN exchange_fill_id text;
    CREATE UNIQUE INDEX fills_order_exchange_id ON fills (order_id, exchange_fill_id);
    CREATE INDEX fills_bot_ts ON fills (bot, ts);
    ALTER TABLE equity
      ADD COLUMN position numeric NOT NULL DEFAULT 0,
      ADD COLUMN price numeric;
    CREATE TABLE bot_runtime (
      bot text PRIMARY KEY REFERENCES bots(name) ON DELETE CASCADE,
      cash numeric NOT NULL,
      last_bar_time bigint,
      status text NOT NULL DEFAULT 'stopped',
      lease_owner text,
      lease_host text,
      lease_pid integer,
      lease_expires_at timestamptz,
      heartbeat_at timestamptz,
      started_at timestamptz,
      day date,
      day_start_equity numeric
    );
    CREATE TABLE sandbox_accounts (
      account text PRIMARY KEY,
      state jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE sandbox_orders (
      account text NOT NULL,
      client_order_id text NOT NULL,
      status text NOT NULL,
      placed_at bigint NOT NULL,
      data jsonb NOT NULL,
      PRIMARY KEY (account, client_order_id)
    );
    CREATE INDEX sandbox_orders_open ON sandbox_orders (account, placed_at)
      WHERE status IN ('open', 'partially_filled');
    CREATE TABLE sandbox_clocks (
      name text PRIMARY KEY,
      sim_origin bigint NOT NULL,
      real_origin bigint NOT NULL,
      speed double precision NOT NULL
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE sandbox_clocks, sandbox_orders, sandbox_accounts, bot_runtime;
    ALTER TABLE equity DROP COLUMN position, DROP COLUMN price;
    DROP INDEX fills_bot_ts;
    DROP INDEX fills_order_exchange_id;
    ALTER TABLE fills DROP COLUMN bot, DROP COLUMN exchange_fill_id;
    ALTER TABLE orders DROP COLUMN symbol, DROP COLUMN role, DROP COLUMN mode, DROP COLUMN bar_time,
      DROP COLUMN reduce_only, DROP COLUMN filled_quantity, DROP COLUMN average_price, DROP COLUMN fee,
      DROP COLUMN reason;
    ALTER TABLE bots DROP COLUMN timeframe, DROP COLUMN capital, DROP COLUMN risk, DROP COLUMN config,
      DROP COLUMN mode_since, DROP COLUMN updated_at;
  `.execute(db);
}
