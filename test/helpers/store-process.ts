// A second process for the embedded-owner tests: opens the store in DIR, migrates, records an
// event, prints {"role","pid","events"} as one line, then holds the store open until its stdin
// ends (so a test decides how long it lives) and closes it.
import { migrate, openStore } from '../../src/store/index.js';

const [dir = '.fleet', message = 'hello'] = process.argv.slice(2);
const store = await openStore({ dir });
await migrate(store);
await store.db.insertInto('events').values({ level: 'info', kind: 'test', message }).execute();
const events = await store.db.selectFrom('events').select('message').orderBy('id').execute();
process.stdout.write(
  `${JSON.stringify({ role: store.role, pid: process.pid, events: events.map((e) => e.message) })}\n`,
);
process.stdin.resume();
await new Promise((resolve) => process.stdin.once('end', resolve));
await store.close();
