/** A bot by name, or every bot. */
export type DeskTarget =
  | { readonly bot: string; readonly all?: false }
  | { readonly all: true; readonly bot?: undefined };

export type ControlVerb = 'pause' | 'resume' | 'kill';

/**
 * What the Telegram command bot can do to the fleet, each answer as the text to send. The bot
 * parses commands, checks the allow-list, asks for confirmation and audits; the desk (built above
 * this layer, over src/fleet and src/pipeline) does the work. Errors thrown are shown as one line.
 */
export interface TelegramDesk {
  /** /fleet: every bot at a glance. */
  fleet(): Promise<string>;
  /** /status BOT. */
  status(bot: string): Promise<string>;
  /** /pnl [BOT] [period]: period as `fleet pnl --since` takes it (24h, 7d, 2026-11-01). */
  pnl(bot: string | undefined, period: string | undefined): Promise<string>;
  /** /pause, /resume, /kill; `actor` goes into the audit events (telegram:<chat id>). */
  control(verb: ControlVerb, target: DeskTarget, actor: string): Promise<string>;
  /** /halted: bots halted or killed, and the global kill switch. */
  halted(): Promise<string>;
  /**
   * /pipeline: checks the input and starts the run; `say` is called with each stage notice. Resolves
   * with `started` (the first answer) and `finished` (the run's last line, when it ends).
   */
  pipeline(
    idea: string,
    timeframe: string | undefined,
    say: (text: string) => void,
  ): Promise<{ started: string; finished: Promise<string> }>;
}
