import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/index.js';
import {
  type AlpacaClient,
  alpacaEndpointsFromEnv,
  createAlpacaClient,
  fetchAlpacaCalendar,
  fetchAlpacaClock,
} from '../../../src/exchange/index.js';
import { FAKE_ALPACA_KEYS, type FakeAlpaca, startFakeAlpaca } from '../../../src/testing/fake-alpaca.js';

const HOUR = 3_600_000;
/** Friday 2024-07-05 16:00 UTC; the fake's session: weekdays 13:30 to 20:00 UTC, July 4th closed. */
const FRIDAY = Date.UTC(2024, 6, 5, 16);
const open = (time: number): boolean => {
  const at = new Date(time);
  const minutes = at.getUTCHours() * 60 + at.getUTCMinutes();
  const weekday = at.getUTCDay() >= 1 && at.getUTCDay() <= 5;
  return weekday && at.toISOString().slice(0, 10) !== '2024-07-04' && minutes >= 810 && minutes < 1200;
};

let fake: FakeAlpaca;
let client: AlpacaClient;
beforeAll(async () => {
  fake = await startFakeAlpaca();
  const keys = { keyId: FAKE_ALPACA_KEYS.APCA_API_KEY_ID, secret: FAKE_ALPACA_KEYS.APCA_API_SECRET_KEY };
  client = await createAlpacaClient({ keys, paper: true, tradingUrl: fake.url, timeoutMs: 500 });
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.reset();
  fake.sessionOpen = open;
});

describe("Alpaca's market clock and calendar", () => {
  it('the clock says whether the session is open, and when it next closes or opens', async () => {
    fake.now = () => FRIDAY;
    expect(await fetchAlpacaClock(client)).toMatchObject({
      isOpen: true,
      now: FRIDAY,
      nextClose: Date.UTC(2024, 6, 5, 20),
    });
    fake.now = () => FRIDAY + 6 * HOUR;
    expect(await fetchAlpacaClock(client)).toMatchObject({ isOpen: false, nextOpen: Date.UTC(2024, 6, 8, 13, 30) });
  });

  it('the calendar lists trading days only: no weekend, no holiday', async () => {
    const days = await fetchAlpacaCalendar(client, Date.UTC(2024, 6, 1), Date.UTC(2024, 6, 9));
    expect(days.map((d) => d.date)).toEqual([
      '2024-07-01',
      '2024-07-02',
      '2024-07-03',
      '2024-07-05',
      '2024-07-08',
      '2024-07-09',
    ]);
    expect(days[0]).toEqual({ date: '2024-07-01', open: '09:30', close: '16:00' });
    const [request] = fake.calls('GET /v2/calendar');
    expect(request.query).toMatchObject({ start: '2024-07-01T00:00:00.000Z', end: '2024-07-09T00:00:00.000Z' });
  });

  it('endpoints come from the environment; a feed other than iex or sip is a usage error', () => {
    expect(alpacaEndpointsFromEnv({ APCA_API_BASE_URL: 'http://127.0.0.1:9', APCA_DATA_FEED: 'sip' })).toEqual({
      tradingUrl: 'http://127.0.0.1:9',
      dataUrl: undefined,
      feed: 'sip',
    });
    expect(() => alpacaEndpointsFromEnv({ APCA_DATA_FEED: 'nasdaq' })).toThrow(UsageError);
  });
});
