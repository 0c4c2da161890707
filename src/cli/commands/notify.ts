import { FleetError } from '../../core/index.js';
import { type NotifyConfig, readProjectConfig } from '../../fleet/index.js';
import { channelNames, createChannels, type Notification, Notifier, type RoutedChannel } from '../../notify/index.js';
import { enqueueEvents, outboxStatus, type Store } from '../../store/index.js';
import { stderr, stdout } from '../terminal.js';
import { withFleetStore } from './fleet-store.js';

interface JsonFlag {
  json?: boolean;
}

/** The configured channels, built; the console channel writes to stdout. */
function channelsOf(config: NotifyConfig): RoutedChannel[] {
  return createChannels(config.channels, { env: process.env, write: (line) => stdout.line(line) });
}

/**
 * The notifier `fleet up` runs beside its runners, on its own store, until `signal` aborts (then
 * one last pass, so the fleet's stopping is told); undefined when no channel is configured.
 */
export async function startNotifier(store: Store, signal: AbortSignal): Promise<{ done: Promise<void> } | undefined> {
  const config = (await readProjectConfig(process.cwd())).notify;
  const channels = channelsOf(config);
  if (channels.length === 0) return undefined;
  const notifier = new Notifier({
    store,
    channels,
    groupWindowMs: config.group_window_seconds * 1000,
    maxPerMinute: config.max_per_minute,
    onDelivery: (report) => {
      for (const error of report.errors) stderr.warn(`notify ${report.channel}: ${error} (will retry)`);
    },
    onError: (error) => stderr.warn(`notify: ${error instanceof Error ? error.message : String(error)} (will retry)`),
  });
  // Each channel's cursor is set before any runner starts, so none of their events is skipped.
  for (const routed of channels) await enqueueEvents(store, routed.channel.name, routed.filter);
  stderr.info(`fleet up: notifying ${channels.map((routed) => routed.channel.name).join(', ')}`);
  const done = notifier.run(signal).then(async () => {
    try {
      await notifier.tick();
    } catch {
      // The database went with the fleet: what is queued goes on the next fleet up.
    }
  });
  return { done };
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
