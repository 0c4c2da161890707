import { describe, expect, it } from 'vitest';
import type { Broker, OrderReport, OrderRequest } from '../../src/core/index.js';

/**
 * What every Broker promises the runner (src/core/trading.ts), as tests any broker can be run
 * through: a start of the shared Broker conformance suite. A rig gives the broker under test and
 * the few venue-side controls the cases need; each case starts from `reset()`.
 */
export interface BrokerRig {
  broker(): Broker;
  /** A symbol the account can buy `quantity` of at once, with a price that fills market orders. */
  readonly symbol: string;
  readonly quantity: number;
  /** A limit price far enough from the market that a buy rests. */
  readonly restingBuyPrice: number;
  /** Back to an empty account with its starting cash, no faults, the market open. */
  reset(): void;
  /** Orders the venue has received, however they were sent. */
  venueOrders(): number;
  /** From now, orders fill only `fraction` at once and stay open. */
  partialFills(fraction: number): void;
  /** Fills the rest of the order holding `clientOrderId`. */
  fillRest(clientOrderId: string): void;
}

let sequence = 0;
const fills = (report: OrderReport | undefined): number =>
  (report?.fills ?? []).reduce((sum, f) => sum + f.quantity, 0);

export function describeBrokerContract(name: string, rig: BrokerRig): void {
  const order = (overrides: Partial<OrderRequest> = {}): OrderRequest => ({
    clientOrderId: `contract-${Date.now().toString(36)}-${sequence++}`,
    symbol: rig.symbol,
    side: 'buy',
    type: 'market',
    quantity: rig.quantity,
    ...overrides,
  });

  describe(`the Broker contract: ${name}`, () => {
    it('a market buy fills: its report adds up, and the position shows it', async () => {
      rig.reset();
      const request = order();
      const report = await rig.broker().placeOrder(request);
      expect(report).toMatchObject({ clientOrderId: request.clientOrderId, symbol: rig.symbol, side: 'buy' });
      expect(report.status).toBe('filled');
      expect(report.filledQuantity).toBeCloseTo(rig.quantity, 9);
      expect(report.averagePrice).toBeGreaterThan(0);
      expect(fills(report)).toBeCloseTo(report.filledQuantity, 9);
      const held = (await rig.broker().positions()).find((p) => p.symbol === rig.symbol)?.quantity ?? 0;
      expect(held).toBeGreaterThan(0);
    });

    it('placing the same client order id again returns that order and sends no second one', async () => {
      rig.reset();
      const request = order();
      const first = await rig.broker().placeOrder(request);
      const again = await rig.broker().placeOrder(request);
      expect(again.exchangeOrderId).toBe(first.exchangeOrderId);
      expect(again.filledQuantity).toBe(first.filledQuantity);
      expect(rig.venueOrders()).toBe(1);
    });

    it('an id the venue never had is undefined, to fetch and to cancel', async () => {
      rig.reset();
      expect(await rig.broker().fetchOrder('contract-never-sent', rig.symbol)).toBeUndefined();
      expect(await rig.broker().cancelOrder('contract-never-sent', rig.symbol)).toBeUndefined();
    });

    it('a resting limit order is open and listed; cancelled, it is neither', async () => {
      rig.reset();
      const request = order({ type: 'limit', price: rig.restingBuyPrice });
      expect(await rig.broker().placeOrder(request)).toMatchObject({ status: 'open', filledQuantity: 0, fills: [] });
      expect((await rig.broker().openOrders(rig.symbol)).map((o) => o.clientOrderId)).toEqual([request.clientOrderId]);
      expect(await rig.broker().cancelOrder(request.clientOrderId, rig.symbol)).toMatchObject({ status: 'cancelled' });
      expect(await rig.broker().openOrders(rig.symbol)).toEqual([]);
      expect(await rig.broker().fetchOrder(request.clientOrderId, rig.symbol)).toMatchObject({ status: 'cancelled' });
    });

    it('a partial fill: its fills never exceed what filled, and add up to it once the order ends', async () => {
      rig.reset();
      rig.partialFills(0.4);
      const request = order();
      const first = await rig.broker().placeOrder(request);
      expect(first.status).toBe('partially_filled');
      expect(first.filledQuantity).toBeCloseTo(rig.quantity * 0.4, 9);
      expect(fills(first)).toBeLessThanOrEqual(first.filledQuantity + 1e-12);
      rig.fillRest(request.clientOrderId);
      const done = await rig.broker().fetchOrder(request.clientOrderId, rig.symbol);
      expect(done?.status).toBe('filled');
      expect(fills(done)).toBeCloseTo(rig.quantity, 9);
      expect(new Set(done?.fills.map((f) => f.id)).size).toBe(done?.fills.length);
    });

    it('a limit order without a price is rejected with a reason, and nothing reaches the venue', async () => {
      rig.reset();
      const report = await rig.broker().placeOrder(order({ type: 'limit' }));
      expect(report.status).toBe('rejected');
      expect(report.reason).toBeTruthy();
      expect(rig.venueOrders()).toBe(0);
    });
  });
}
