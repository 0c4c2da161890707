import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { FleetError, UsageError } from '../../core/index.js';
import { CONFIG_FILE, readProjectConfig } from '../../fleet/index.js';
import { channelNames, createChannels, type Notification } from '../../notify/index.js';
import { outboxStatus } from '../../store/index.js';
import { stopOnSignals } from '../stop-signal.js';
import { stderr, stdout } from '../terminal.js';
import { dbWaitSeconds, withFleetStore } from './fleet-store.js';
import { startNotifyService } from './notify-service.js';

interface JsonFlag {
  json?: boolean;
}

/**
 * `fleet notify run`: the notifier, the daily P&L summary and the Telegram command bot (when
 * configured) without runners, until SIGINT or SIGTERM: the service a deployment runs beside
 * `fleet up --no-notify` replicas. Several may run: one works each channel, the others stand by.
 */
export async function notifyRunCommand(flags: { dbWait?: string }): Promise<void> {
  if (!existsSync(resolve(CONFIG_FILE))) {
    throw new UsageError(`no ${CONFIG_FILE} here: fleet notify run reads its channels from the project's config`);
  }
  const projectDir = process.cwd();
  await withFleetStore(
    async (store) => {
      const stop = stopOnSignals('stopping the notifier: one last pass…');
      try {
        const service = await startNotifyService(store, stop.signal, projectDir);
        stderr.info('fleet notify run: delivering until SIGINT or SIGTERM');
        await service.done;
      } finally {
        stop.dispose();
      }
    },
    { dbWait: dbWaitSeconds(flags.dbWait) },
  );
}

/** `fleet notify test`: one test message straight to each configured channel; exit 1 if any failed. */
export async function notifyTestCommand(flags: JsonFlag): Promise<void> {
  const config = (await readProjectConfig(process.cwd())).notify;
  if (config.channels.length === 0) throw new FleetError('no notify channels are configured in fleet.config.json');
  const time = new Date();
  const results: { channel: string; ok: boolean; error: string | null }[] = [];
  const names = channelNames(config.channels);
  for (const [index, spec] of config.channels.entries()) {
    const name = names[index] as string;
    const notification: Notification = {
      key: `test:${name}:${time.getTime()}`,
      level: 'info',
      kind: 'test',
      bot: null,
      message: 'test notification from fleet notify test',
      time,
    };
    try {
      const [routed] = createChannels([{ ...spec, name }], { env: process.env, write: (line) => stdout.line(line) });
      await routed?.channel.send([notification]);
      results.push({ channel: name, ok: true, error: null });
    } catch (error) {
      results.push({ channel: name, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (flags.json) stdout.json({ channels: results });
  else
    for (const result of results) stdout.line(`${result.channel}: ${result.ok ? 'sent' : `failed: ${result.error}`}`);
  const failed = results.filter((result) => !result.ok).length;
  if (failed > 0) throw new FleetError(`${failed} of ${results.length} channel(s) failed`);
}

/** `fleet notify status`: per channel, messages waiting and sent, and the last failures. */
export async function notifyStatusCommand(flags: JsonFlag): Promise<void> {
  const backlogs = await withFleetStore(outboxStatus);
  if (flags.json) {
    stdout.json({ channels: backlogs });
    return;
  }
  if (backlogs.length === 0) {
    stdout.line('the outbox is empty: nothing was queued for any channel yet');
    return;
  }
  for (const backlog of backlogs) {
    stdout.line(`${backlog.channel}: ${backlog.pending} pending, ${backlog.sent} sent`);
    for (const failure of backlog.failures) {
      stdout.line(`  ${failure.key}: ${failure.attempts} attempt(s), last error: ${failure.error}`);
    }
  }
}
