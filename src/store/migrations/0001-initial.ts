import { type Kysely, sql } from 'kysely';

/** The data model of DESIGN.md. Plain SQL so the schema reads as what Postgres will hold. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE bots (
      name text PRIMARY KEY,
      spec jsonb NOT NULL,
      params jsonb NOT NULL DEFAULT '{}'::jsonb,
      symbol text NOT NULL,
      exchange text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('paper', 'live')),
      status text NOT NULL DEFAULT 'stopped',
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE bot_flags (
      id bigserial PRIMARY KEY,
      bot text REFERENCES bots(name) ON DELETE CASCADE,
      kill_switch boolean NOT NULL DEFAULT false,
      paused boolean NOT NULL DEFAULT false,
      halted boolean NOT NULL DEFAULT false,
      halted_reason text,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    -- One row per bot and exactly one global row (bot IS NULL).
    CREATE UNIQUE INDEX bot_flags_bot ON bot_flags (bot) WHERE bot IS NOT NULL;
    CREATE UNIQUE INDEX bot_flags_global ON bot_flags ((true)) WHERE bot IS NULL;
    INSERT INTO bot_flags (bot) VALUES (NULL);
    CREATE TABLE orders (
      id bigserial PRIMARY KEY,
      client_order_id text NOT NULL UNIQUE,
      bot text NOT NULL,
      exchange_order_id text,
      side text NOT NULL CHECK (side IN ('buy', 'sell')),
      type text NOT NULL,
      quantity numeric NOT NULL,
      price numeric,
      status text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX orders_bot_status ON orders (bot, status);
    CREATE TABLE fills (
      id bigserial PRIMARY KEY,
      order_id bigint NOT NULL REFERENCES orders(id),
      quantity numeric NOT NULL,
      price numeric NOT NULL,
      fee numeric NOT NULL DEFAULT 0,
      ts timestamptz NOT NULL
    );
    CREATE INDEX fills_order ON fills (order_id);
    CREATE TABLE positions (
      bot text NOT NULL,
      symbol text NOT NULL,
      quantity numeric NOT NULL,
      avg_price numeric NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (bot, symbol)
    );
    CREATE TABLE equity (
      bot text NOT NULL,
      ts timestamptz NOT NULL,
      cash numeric NOT NULL,
      equity numeric NOT NULL,
      PRIMARY KEY (bot, ts)
    );
    CREATE TABLE events (
      id bigserial PRIMARY KEY,
      bot text,
      ts timestamptz NOT NULL DEFAULT now(),
      level text NOT NULL,
      kind text NOT NULL,
      message text NOT NULL,
      data jsonb
    );
    CREATE INDEX events_bot_ts ON events (bot, ts);
    CREATE TABLE notifications (
      id bigserial PRIMARY KEY,
      channel text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      last_error text
    );
    CREATE INDEX notifications_unsent ON notifications (id) WHERE sent_at IS NULL;
    CREATE TABLE candles (
      source text NOT NULL,
      symbol text NOT NULL,
      timeframe text NOT NULL,
      chunk_start bigint NOT NULL,
      bars integer NOT NULL CHECK (bars > 0),
      data bytea NOT NULL,
      PRIMARY KEY (source, symbol, timeframe, chunk_start)
    );
    CREATE TABLE studies (
      name text PRIMARY KEY,
      spec text,
      direction text,
      definition jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE trials (
      study text NOT NULL REFERENCES studies(name) ON DELETE CASCADE,
      number integer NOT NULL,
      state text NOT NULL CHECK (state IN ('running', 'complete', 'failed')),
      params jsonb NOT NULL,
      value double precision,
      attributes jsonb,
      error text,
      worker text,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      PRIMARY KEY (study, number)
    );
    CREATE TABLE screens (
      id bigserial PRIMARY KEY,
      spec text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      result jsonb
    );
    CREATE TABLE pipeline_runs (
      id bigserial PRIMARY KEY,
      kind text NOT NULL,
      state text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      data jsonb
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE pipeline_runs, screens, trials, studies, candles, notifications, events, equity,
      positions, fills, orders, bot_flags, bots;
  `.execute(db);
}
