import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Broker, BrokerFill, OrderReport, OrderRequest } from '../core/index.js';
import type { BrokerRig, BrokerRigSetup } from './broker-rig.js';

/**
 * What every Broker promises the runner (the `Broker` port in fleet's core), as one suite any
 * implementation is run through: idempotent client order ids, fills that add up, partial fills,
 * cancels, refusals as reports, balances and positions that move by the fills, the last price, and
 * orders seen again by a restarted broker. Where a broker declares it cannot do something
 * (`canShort`, `holdsStopOrders`, a venue without partial fills) the suite checks the declared
 * behaviour instead, so no case is skipped.
 *
 * Call it once per implementation, at the top level of a vitest file.
 */
export function describeBrokerConformance(name: string, setup: BrokerRigSetup): void {
  describe(`Broker conformance: ${name}`, () => {
    let rig: BrokerRig;
    let opened: Broker[] = [];
    let sequence = 0;
    const broker = () => rig.broker;
    const order = (overrides: Partial<OrderRequest> = {}): OrderRequest => ({
      clientOrderId: `conf-${Date.now().toString(36)}-${sequence++}`,
      symbol: rig.symbol,
      side: 'buy',
      type: 'market',
      quantity: rig.quantity,
      ...overrides,
    });
    const restart = async () => {
      const again = await rig.restart();
      opened.push(again);
      return again;
    };
    const venueOrders = async () => (rig.venueOrders ? await rig.venueOrders() : undefined);
    const held = async (b: Broker) => (await b.positions()).find((p) => p.symbol === rig.symbol)?.quantity ?? 0;

    beforeEach(async () => {
      rig = await setup();
      opened = [rig.broker];
    });
    afterEach(async () => {
      await Promise.allSettled(opened.map((b) => b.close()));
      await rig?.close?.();
    });

    it('names itself, declares its capabilities, and a minimum the rig quantity meets', async () => {
      expect(broker().name).toMatch(/\S/);
      expect(typeof broker().canShort).toBe('boolean');
      expect(typeof broker().holdsStopOrders).toBe('boolean');
      const minimum = await broker().minimumQuantity(rig.symbol);
      expect(minimum).toBeGreaterThanOrEqual(0);
      expect(rig.quantity).toBeGreaterThanOrEqual(minimum);
    });

    it('a fresh account holds its cash and no position or open order', async () => {
      expect((await broker().balances())[rig.quote]).toBeGreaterThan(0);
      expect(await held(broker())).toBe(0);
      expect(await broker().openOrders()).toEqual([]);
    });

    it('a market buy fills near the last price, and its fills add up to the report', async () => {
      const last = await broker().lastPrice(rig.symbol);
      expect(last).toBeGreaterThan(0);
      const request = order();
      const report = await broker().placeOrder(request);
      expect(report).toMatchObject({ clientOrderId: request.clientOrderId, symbol: rig.symbol, side: 'buy' });
      expect(report.status).toBe('filled');
      expect(report.filledQuantity).toBeCloseTo(rig.quantity, 9);
      expect(Math.abs((report.averagePrice ?? 0) / last - 1)).toBeLessThan(0.01);
      expect(sum(report.fills, (f) => f.quantity)).toBeCloseTo(report.filledQuantity, 9);
      expect(sum(report.fills, (f) => f.quantity * f.price) / report.filledQuantity).toBeCloseTo(
        report.averagePrice ?? 0,
        6,
      );
      expect(report.fee).toBeGreaterThanOrEqual(0);
      expect(sum(report.fills, (f) => f.fee)).toBeCloseTo(report.fee, 9);
      expect(new Set(report.fills.map((f) => f.id)).size).toBe(report.fills.length);
    });

    it('balances and the position move by exactly what the fills say', async () => {
      const before = await broker().balances();
      const report = await broker().placeOrder(order());
      const after = await broker().balances();
      // Cash pays the notional and the fee, less the part of the fee taken in the base asset.
      const paid = sum(report.fills, (f) => f.quantity * f.price + f.fee - (f.baseFee ?? 0) * f.price);
      expect(before[rig.quote] - after[rig.quote]).toBeCloseTo(paid, 6);
      const received = sum(report.fills, (f) => f.quantity - (f.baseFee ?? 0));
      expect((after[rig.base] ?? 0) - (before[rig.base] ?? 0)).toBeCloseTo(received, 9);
      expect(await held(broker())).toBeCloseTo(received, 9);
    });

    it('placing a client order id again returns that order and makes no second one', async () => {
      const request = order();
      const first = await broker().placeOrder(request);
      const position = await held(broker());
      const again = await broker().placeOrder(request);
      expect(again).toMatchObject({ clientOrderId: request.clientOrderId, status: first.status });
      expect(again.exchangeOrderId).toBe(first.exchangeOrderId);
      expect(again.filledQuantity).toBe(first.filledQuantity);
      expect(await held(broker())).toBe(position);
      const resting = order({ type: 'limit', price: rig.restingBuyPrice });
      await broker().placeOrder(resting);
      expect((await broker().placeOrder(resting)).status).toBe('open');
      expect((await broker().openOrders(rig.symbol)).map((o) => o.clientOrderId)).toEqual([resting.clientOrderId]);
      if (rig.venueOrders) expect(await venueOrders()).toBe(2);
    });

    it('an id the broker never had is undefined, to fetch and to cancel', async () => {
      expect(await broker().fetchOrder('conformance-never-sent', rig.symbol)).toBeUndefined();
      expect(await broker().cancelOrder('conformance-never-sent', rig.symbol)).toBeUndefined();
    });

    it('a resting limit is open, listed and fetched; cancelled, it is neither, and stays cancelled', async () => {
      const request = order({ type: 'limit', price: rig.restingBuyPrice });
      expect(await broker().placeOrder(request)).toMatchObject({ status: 'open', filledQuantity: 0, fills: [] });
      expect((await broker().openOrders(rig.symbol)).map((o) => o.clientOrderId)).toEqual([request.clientOrderId]);
      expect(await broker().fetchOrder(request.clientOrderId, rig.symbol)).toMatchObject({ status: 'open' });
      expect(await broker().cancelOrder(request.clientOrderId, rig.symbol)).toMatchObject({ status: 'cancelled' });
      expect(await broker().openOrders(rig.symbol)).toEqual([]);
      expect(await broker().fetchOrder(request.clientOrderId, rig.symbol)).toMatchObject({ status: 'cancelled' });
      expect(await broker().cancelOrder(request.clientOrderId, rig.symbol)).toMatchObject({ status: 'cancelled' });
    });

    it('cancelling a filled order changes nothing and reports it filled', async () => {
      const request = order();
      await broker().placeOrder(request);
      const position = await held(broker());
      expect(await broker().cancelOrder(request.clientOrderId, rig.symbol)).toMatchObject({ status: 'filled' });
      expect(await held(broker())).toBe(position);
    });

    it('partial fills add up once the order ends, or (where the venue declares none) every fill is whole', async () => {
      const request = order();
      if (!rig.partialFills) {
        const report = await broker().placeOrder(request);
        expect(report.status).toBe('filled');
        expect(report.filledQuantity).toBeCloseTo(rig.quantity, 9);
        return;
      }
      await rig.partialFills.begin(0.4);
      const first = await broker().placeOrder(request);
      expect(first.status).toBe('partially_filled');
      expect(first.filledQuantity).toBeCloseTo(rig.quantity * 0.4, 9);
      expect(sum(first.fills, (f) => f.quantity)).toBeLessThanOrEqual(first.filledQuantity + 1e-12);
      expect((await broker().openOrders(rig.symbol)).map((o) => o.clientOrderId)).toEqual([request.clientOrderId]);
      await rig.partialFills.fillRest(request.clientOrderId);
      const done = await broker().fetchOrder(request.clientOrderId, rig.symbol);
      expect(done?.status).toBe('filled');
      expect(sum(done?.fills ?? [], (f) => f.quantity)).toBeCloseTo(rig.quantity, 9);
      expect(new Set(done?.fills.map((f) => f.id)).size).toBe(done?.fills.length);
      // The first report's fills are still there, under the same ids: a ledger never counts one twice.
      for (const fill of first.fills) expect(done?.fills.map((f) => f.id)).toContain(fill.id);
    });

    it('refusals are rejected reports with a reason, never throws, and change nothing', async () => {
      const before = await broker().balances();
      const last = await broker().lastPrice(rig.symbol);
      const refused: OrderReport[] = [
        await broker().placeOrder(order({ type: 'limit' })),
        await broker().placeOrder(order({ quantity: (10 * before[rig.quote]) / last })),
        await broker().placeOrder(order({ symbol: `NOTLISTED/${rig.quote}` })),
      ];
      for (const report of refused) {
        expect(report.status).toBe('rejected');
        expect(report.reason).toMatch(/\S/);
        expect(report.filledQuantity).toBe(0);
      }
      expect(await broker().balances()).toEqual(before);
      if (rig.venueOrders) expect(await venueOrders()).toBe(0);
    });

    it('a stop order rests where the broker holds stops, and is refused where it declares it does not', async () => {
      await broker().placeOrder(order());
      const position = await held(broker());
      const stop = order({ side: 'sell', type: 'stop', price: rig.restingBuyPrice, quantity: position });
      const report = await broker().placeOrder({ ...stop, reduceOnly: true });
      if (broker().holdsStopOrders) {
        expect(report.status).toBe('open');
        expect((await broker().openOrders(rig.symbol)).map((o) => o.clientOrderId)).toEqual([stop.clientOrderId]);
        expect(await broker().cancelOrder(stop.clientOrderId, rig.symbol)).toMatchObject({ status: 'cancelled' });
      } else {
        expect(report.status).toBe('rejected');
        expect(report.reason).toMatch(/\S/);
        if (rig.venueOrders) expect(await venueOrders()).toBe(1);
      }
      expect(await held(broker())).toBe(position);
    });

    it('a sell with no position opens a short where the broker can short, and is refused where it cannot', async () => {
      const report = await broker().placeOrder(order({ side: 'sell' }));
      if (broker().canShort) {
        expect(report.status).toBe('filled');
        expect(await held(broker())).toBeLessThan(0);
      } else {
        expect(report.status).toBe('rejected');
        expect(await held(broker())).toBe(0);
      }
    });

    it('a restarted broker sees the same orders, balances and positions, and keeps the ids it knew', async () => {
      const filled = order();
      const resting = order({ type: 'limit', price: rig.restingBuyPrice });
      const filledReport = await broker().placeOrder(filled);
      await broker().placeOrder(resting);
      const balances = await broker().balances();
      const position = await held(broker());
      const sent = await venueOrders();

      const again = await restart();
      expect((await again.openOrders(rig.symbol)).map((o) => o.clientOrderId)).toEqual([resting.clientOrderId]);
      expect(await again.fetchOrder(filled.clientOrderId, rig.symbol)).toMatchObject({
        status: 'filled',
        filledQuantity: filledReport.filledQuantity,
      });
      expect(await again.balances()).toEqual(balances);
      expect(await held(again)).toBe(position);
      // Resent after the restart, as a runner recovering from a crash does: still one order each.
      expect((await again.placeOrder(filled)).exchangeOrderId).toBe(filledReport.exchangeOrderId);
      expect((await again.placeOrder(resting)).status).toBe('open');
      expect(await venueOrders()).toBe(sent);
      expect(await again.cancelOrder(resting.clientOrderId, rig.symbol)).toMatchObject({ status: 'cancelled' });
      expect(await again.openOrders(rig.symbol)).toEqual([]);
    });
  });
}

function sum(fills: readonly BrokerFill[], value: (fill: BrokerFill) => number): number {
  return fills.reduce((total, fill) => total + value(fill), 0);
}
