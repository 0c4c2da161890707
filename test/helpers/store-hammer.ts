// A client process for the embedded-owner tests: opens the store in DIR (the owner is another
// process), runs many parameterised statements at once, and prints {"ok","wrong","errors"}.
import { sql } from 'kysely';
import { openStore } from '../../src/store/index.js';

const [dir = '.fleet', tag = 'h'] = process.argv.slice(2);
const store = await openStore({ dir });
let ok = 0;
let wrong = 0;
const errors: string[] = [];
await Promise.all(
  Array.from({ length: 300 }, async (_, i) => {
    try {
      if (i % 3 === 0) {
        await store.db
          .insertInto('events')
          .values({ level: 'info', kind: tag, message: `${tag}-${i}` })
          .execute();
        ok++;
        return;
      }
      const r = await sql<{ a: number; b: string }>`select ${i}::int as a, ${`${tag}${i}`}::text as b`.execute(
        store.db,
      );
      if (r.rows[0].a === i && r.rows[0].b === `${tag}${i}`) ok++;
      else wrong++;
    } catch (error) {
      errors.push((error as Error).message);
    }
  }),
);
await store.close();
process.stdout.write(`${JSON.stringify({ ok, wrong, errors: errors.slice(0, 3) })}\n`);
