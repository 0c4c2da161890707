/** The commands as Telegram's menu lists them (setMyCommands) and /help shows them. */
export const TELEGRAM_COMMANDS: readonly { command: string; usage: string; description: string }[] = [
  { command: 'fleet', usage: '/fleet', description: 'the fleet at a glance' },
  { command: 'status', usage: '/status BOT', description: "one bot's state" },
  { command: 'pnl', usage: '/pnl [BOT] [24h|7d|2026-11-01]', description: 'profit and loss' },
  { command: 'pause', usage: '/pause BOT|all', description: 'no new entries (exits still go out)' },
  { command: 'resume', usage: '/resume BOT|all', description: 'trade again (all asks first)' },
  { command: 'kill', usage: '/kill BOT|all', description: 'kill switch (all asks first)' },
  { command: 'halted', usage: '/halted', description: 'halted and killed bots' },
  { command: 'pipeline', usage: '/pipeline "idea" [5m]', description: 'idea to registered bots' },
  { command: 'help', usage: '/help', description: 'these commands' },
];

export function helpText(): string {
  return ['fleet commands:', ...TELEGRAM_COMMANDS.map((c) => `${c.usage}  ${c.description}`)].join('\n');
}
