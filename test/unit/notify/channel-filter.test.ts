import { describe, expect, it } from 'vitest';
import { channelFilter, DEFAULT_KINDS } from '../../../src/notify/index.js';
import { passesFilter } from '../../../src/store/index.js';

const passes = (spec: Parameters<typeof channelFilter>[0], level: string, kind: string) =>
  passesFilter(channelFilter(spec), { level, kind });

describe('channel filters', () => {
  it('by default take warn and up, and the owner-facing info kinds, never orders, fills or debug', () => {
    for (const kind of ['halted', 'order_rejected', 'caught_up', 'crashed']) {
      expect(passes({}, 'warn', kind), kind).toBe(true);
    }
    for (const kind of ['started', 'stopped', 'restarted', 'daily_summary', 'pipeline.screen', 'promoted', 'paused']) {
      expect(passes({}, 'info', kind), kind).toBe(true);
    }
    for (const kind of ['order_placed', 'order_filled', 'fill', 'halt_details']) {
      expect(passes({}, 'info', kind), kind).toBe(false);
    }
    expect(passes({}, 'debug', 'bar')).toBe(false);
    expect(DEFAULT_KINDS).toContain('pipeline.*');
  });

  it('take exactly what a channel names: levels alone, kinds alone at every level, or both', () => {
    expect(passes({ levels: ['alert'] }, 'info', 'started')).toBe(false);
    expect(passes({ levels: ['alert'] }, 'alert', 'anything')).toBe(true);
    expect(passes({ kinds: ['order_filled'] }, 'info', 'order_filled')).toBe(true);
    expect(passes({ kinds: ['order_filled'] }, 'alert', 'halted')).toBe(false);
    expect(passes({ kinds: ['pipeline.*'] }, 'error', 'pipeline.optimise')).toBe(true);
    expect(passes({ kinds: ['pipeline.*'] }, 'info', 'pipeline')).toBe(false);
    expect(passes({ levels: ['info'], kinds: ['started'] }, 'warn', 'started')).toBe(false);
    expect(passes({ levels: ['info'], kinds: ['started'] }, 'info', 'started')).toBe(true);
  });
});
