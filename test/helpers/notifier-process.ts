// A notifier in its own Node process, for the kill test: opens the store (URL, or the embedded
// database in DIR), delivers channel NAME to the webhook URL with claims of LEASE_MS, polling every
// 20 ms, and prints "ready" once its store is open. It runs until it is killed.
import { Notifier, webhookChannel } from '../../src/notify/index.js';
import { openStore } from '../../src/store/index.js';

const [target = '', name = 'hook', hookUrl = '', leaseMs = '1000'] = process.argv.slice(2);
const store = await openStore(target.startsWith('postgres') ? { url: target } : { url: undefined, dir: target });
const channel = webhookChannel({ name, url: hookUrl, format: 'json', timeoutMs: 600_000 });
const notifier = new Notifier({ store, channels: [{ channel, filter: {} }], leaseMs: Number(leaseMs), pollMs: 20 });
process.stdout.write('ready\n');
await notifier.run(new AbortController().signal);
