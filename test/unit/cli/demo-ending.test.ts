import { describe, expect, it } from 'vitest';
import { paperEnding } from '../../../src/cli/commands/demo.js';

describe('the end of fleet demo', () => {
  const paper = {
    bots: ['demo-sbx-trend', 'demo-sbx-walk'],
    outcomes: [],
    summary: {
      bots: [
        {
          bot: 'demo-sbx-trend',
          symbol: 'SBX-TREND',
          fills: 4,
          tradesClosed: 2,
          tradesOpen: 0,
          realised: 1,
          fees: 1,
          equity: 1,
          equityChange: 1,
        },
        {
          bot: 'demo-sbx-walk',
          symbol: 'SBX-WALK',
          fills: 10,
          tradesClosed: 4,
          tradesOpen: 1,
          realised: 1,
          fees: 1,
          equity: 1,
          equityChange: 1,
        },
      ],
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
    // It points at the bot that traded most.
    expect(last).toContain('fleet trades demo-sbx-walk');
    expect(last).toContain('fleet up');
  });
});
