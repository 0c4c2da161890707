import { InputError } from '../core/index.js';
import type { EventLevel, OutboxFilter } from '../store/index.js';
import type { Channel } from './channel.js';
import { consoleChannel } from './console-channel.js';
import type { RoutedChannel } from './notifier.js';
import { telegramChannel } from './telegram/index.js';
import { type WebhookFormat, webhookChannel } from './webhook-channel.js';

/** One channel as fleet.config.json's notify.channels declares it. */
export interface ChannelSpec {
  readonly type: string;
  readonly name?: string;
  readonly levels?: readonly EventLevel[];
  readonly kinds?: readonly string[];
  readonly url?: string;
  readonly url_env?: string;
  readonly format?: WebhookFormat;
  readonly chat_ids?: readonly (string | number)[];
}

/** What a channel factory may use besides its spec. */
export interface ChannelContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where the console channel writes one line. */
  readonly write: (line: string) => void;
}

export type ChannelFactory = (spec: ChannelSpec & { readonly name: string }, context: ChannelContext) => Channel;

/** Levels a channel takes when its spec names neither levels nor kinds. */
export const DEFAULT_LEVELS: readonly EventLevel[] = ['warn', 'error', 'alert'];

/**
 * Info-level kinds a channel also takes when its spec names neither levels nor kinds: what an
 * owner wants told without asking (bots started, stopped, restarted; the daily P&L summary;
 * pipeline stages; promotions; a human's pause and resume). Orders and fills are not among them:
 * a busy fleet would drown the rest (list `order_placed`, `order_filled`, `fill` to have them).
 */
export const DEFAULT_KINDS: readonly string[] = [
  'started',
  'stopped',
  'restarted',
  'daily_summary',
  'pipeline.*',
  'promoted',
  'demoted',
  'paused',
  'resumed',
  'unkilled',
  'unhalted',
];

/**
 * A channel's filter from its spec: neither levels nor kinds, the defaults (DEFAULT_LEVELS and
 * DEFAULT_KINDS at any level); otherwise exactly what it names (levels alone: every kind of those
 * levels; kinds alone: those kinds at every level; both: both must match).
 */
export function channelFilter(spec: Pick<ChannelSpec, 'levels' | 'kinds'>): OutboxFilter {
  if (spec.levels === undefined && spec.kinds === undefined)
    return { levels: DEFAULT_LEVELS, alsoKinds: DEFAULT_KINDS };
  return {
    ...(spec.levels === undefined ? {} : { levels: spec.levels }),
    ...(spec.kinds === undefined ? {} : { kinds: spec.kinds }),
  };
}

/**
 * Channel factories by type (console, webhook, telegram); a type with no factory is a clear
 * one-line error.
 */
export const CHANNEL_FACTORIES = new Map<string, ChannelFactory>([
  ['console', (spec, context) => consoleChannel(spec.name, context.write)],
  [
    'webhook',
    (spec, context) => {
      const url = spec.url ?? (spec.url_env === undefined ? undefined : context.env[spec.url_env]);
      if (url === undefined || url === '') {
        throw new InputError(`notify channel ${spec.name}: environment variable ${spec.url_env} is not set`);
      }
      return webhookChannel({ name: spec.name, url, format: spec.format ?? 'json' });
    },
  ],
  [
    'telegram',
    (spec, context) => {
      const token = context.env.TELEGRAM_BOT_TOKEN;
      if (token === undefined || token === '') {
        throw new InputError(`notify channel ${spec.name}: set TELEGRAM_BOT_TOKEN (the environment or .env)`);
      }
      const chatIds = (spec.chat_ids ?? []).map(Number);
      if (chatIds.length === 0 || !chatIds.every(Number.isInteger)) {
        throw new InputError(`notify channel ${spec.name}: chat_ids must list the chats' whole-number ids`);
      }
      const apiRoot = context.env.TELEGRAM_API_ROOT || undefined;
      return { ...telegramChannel({ token, chatIds, ...(apiRoot ? { apiRoot } : {}) }), name: spec.name };
    },
  ],
]);

/** Channel names: a spec's own, else its type, then type-2, type-3… in the order declared. */
export function channelNames(specs: readonly ChannelSpec[]): string[] {
  const used = new Set(specs.flatMap((spec) => (spec.name === undefined ? [] : [spec.name])));
  const counts = new Map<string, number>();
  return specs.map((spec) => {
    if (spec.name !== undefined) return spec.name;
    let name: string;
    do {
      const count = (counts.get(spec.type) ?? 0) + 1;
      counts.set(spec.type, count);
      name = count === 1 ? spec.type : `${spec.type}-${count}`;
    } while (used.has(name));
    used.add(name);
    return name;
  });
}

/** The configured channels, built, with their filters; the first that cannot be built throws. */
export function createChannels(specs: readonly ChannelSpec[], context: ChannelContext): RoutedChannel[] {
  const names = channelNames(specs);
  return specs.map((spec, index) => {
    const name = names[index] as string;
    const factory = CHANNEL_FACTORIES.get(spec.type);
    if (factory === undefined) {
      throw new InputError(`notify channel ${name}: the ${spec.type} channel is not available in this build`);
    }
    return { channel: factory({ ...spec, name }, context), filter: channelFilter(spec) };
  });
}
