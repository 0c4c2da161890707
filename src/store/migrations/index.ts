import type { Migration } from 'kysely/migration';
import * as initial from './0001-initial.js';
import * as runner from './0002-runner.js';
import * as fillBaseFee from './0003-fill-base-fee.js';
import * as leaseFence from './0004-lease-fence.js';
import * as notifyOutbox from './0005-notify-outbox.js';
import * as outboxKeys from './0006-outbox-keys.js';
import * as heldEntry from './0007-held-entry.js';

/**
 * Every migration, in order, imported statically so they work from dist/ and from source alike.
 * A new migration is a new file here with the next number; a released one is never edited.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-runner': runner,
  '0003-fill-base-fee': fillBaseFee,
  '0004-lease-fence': leaseFence,
  '0005-notify-outbox': notifyOutbox,
  '0006-outbox-keys': outboxKeys,
  '0007-held-entry': heldEntry,
};
