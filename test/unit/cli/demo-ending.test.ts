import { describe, expect, it } from 'vitest';
import { paperEnding } from '../../../src/cli/commands/demo.js';

describe('the end of fleet demo', () => {
  const paper = {
    bots: ['demo-sbx-trend', 'demo-sbx-walk'],
    outcomes: [],
    summary: {
      bots: [],
      fills: 14,
      tradesClosed: 6,
      tradesOpen: 1,
      equityChange: -12.5,
    },
  };

  it('sums up the paper run from its summary, and ends on a whole sentence naming the next command', () => {
    const lines = paperEnding(paper);
    expect(lines).toContain(
      'paper trading done: 2 bot(s) made 14 fill(s), 6 round trip(s) closed and 1 still open, equity -12.50 in all.',
    );
    const last = lines.at(-1) ?? '';
    expect(last).toMatch(/^[A-Z].*\.$/);
    expect(last).toContain('fleet trades demo-sbx-trend');
    expect(last).toContain('fleet up');
  });
});
