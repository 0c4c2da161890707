// One process of the fleet benchmark: runs its share of the paper bots for a while and prints the
// real time each tick took and its peak memory, as one JSON line.
import { runFleetBots } from '../dist/fleet/index.js';
import { openStore } from '../dist/store/index.js';

const [dir, speed, seconds, ...bots] = process.argv.slice(2);
const store = await openStore({ dir, url: process.env.DATABASE_URL || undefined });
const ticks = [];
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 250);
const stop = new AbortController();
setTimeout(() => stop.abort(), Number(seconds) * 1000);
const outcomes = await runFleetBots({
  store,
  bots,
  mode: 'paper',
  speed: Number(speed),
  owner: `bench:${process.pid}`,
  signal: stop.signal,
  onTick: (_bot, ms) => ticks.push(ms),
});
clearInterval(sampler);
await store.close();
const failed = outcomes.filter((o) => o.state !== 'stopped');
process.stdout.write(`${JSON.stringify({ ticks, peakRss, failed })}\n`);
