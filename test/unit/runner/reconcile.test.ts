import { describe, expect, it } from 'vitest';
import type { OrderReport } from '../../../src/core/index.js';
import { type BrokerView, type LedgerView, reconcile } from '../../../src/runner/index.js';

const SYMBOL = 'SBX-TREND';

function resting(clientOrderId: string, symbol = SYMBOL): OrderReport {
  return {
    clientOrderId,
    symbol,
    side: 'sell',
    type: 'limit',
    quantity: 2,
    price: 120,
    status: 'open',
    filledQuantity: 0,
    fee: 0,
    fills: [],
    updatedAt: 0,
  };
}

const ledger = (patch: Partial<LedgerView> = {}): LedgerView => ({
  symbol: SYMBOL,
  position: 0,
  openOrderIds: new Set(),
  ...patch,
});

const broker = (patch: Partial<BrokerView> = {}): BrokerView => ({ positions: [], openOrders: [], ...patch });

const kinds = (ledgerView: LedgerView, brokerView: BrokerView) => reconcile(ledgerView, brokerView).map((m) => m.kind);

describe('reconcile', () => {
  it('finds nothing when the ledger and the broker agree', () => {
    expect(reconcile(ledger(), broker())).toEqual([]);
    expect(
      reconcile(
        ledger({ position: 1.5, openOrderIds: new Set(['a', 'b']), cash: 9_000 }),
        broker({
          positions: [{ symbol: SYMBOL, quantity: 1.5 }],
          openOrders: [resting('a'), resting('b')],
          cash: 9_000,
        }),
      ),
    ).toEqual([]);
  });

  it('reports a position the broker holds that the ledger does not know of', () => {
    const found = reconcile(ledger(), broker({ positions: [{ symbol: SYMBOL, quantity: 0.25 }] }));
    expect(found.map((m) => m.kind)).toEqual(['extra_position']);
    expect(found[0].message).toContain('0.25');
    expect(found[0].message).toContain(SYMBOL);
  });

  it('reports a short the ledger does not know of as an extra position too', () => {
    expect(kinds(ledger(), broker({ positions: [{ symbol: SYMBOL, quantity: -3 }] }))).toEqual(['extra_position']);
  });

  it('reports a position the ledger holds that the broker does not', () => {
    const found = reconcile(ledger({ position: 2 }), broker());
    expect(found.map((m) => m.kind)).toEqual(['missing_position']);
    expect(found[0].message).toContain('2');
  });

  it('counts only positions in the bot’s own symbol', () => {
    // The broker holds another instrument only: for this bot that is a missing position, not agreement.
    expect(kinds(ledger({ position: 2 }), broker({ positions: [{ symbol: 'SBX-WALK', quantity: 2 }] }))).toEqual([
      'missing_position',
    ]);
    expect(kinds(ledger(), broker({ positions: [{ symbol: 'SBX-WALK', quantity: 2 }] }))).toEqual([]);
  });

  it('reports a quantity that drifted, in either direction and across sides', () => {
    expect(kinds(ledger({ position: 1 }), broker({ positions: [{ symbol: SYMBOL, quantity: 1.001 }] }))).toEqual([
      'quantity_drift',
    ]);
    expect(kinds(ledger({ position: 1 }), broker({ positions: [{ symbol: SYMBOL, quantity: 0.999999 }] }))).toEqual([
      'quantity_drift',
    ]);
    expect(kinds(ledger({ position: 1 }), broker({ positions: [{ symbol: SYMBOL, quantity: -1 }] }))).toEqual([
      'quantity_drift',
    ]);
  });

  it('tolerates float noise in positions and cash, not more', () => {
    const position = 0.1 + 0.2; // 0.30000000000000004
    const cash = 10_000 * 1.1; // 11000.000000000002
    expect(
      reconcile(ledger({ position, cash }), broker({ positions: [{ symbol: SYMBOL, quantity: 0.3 }], cash: 11_000 })),
    ).toEqual([]);
    // Relative noise on a large number is still noise...
    expect(kinds(ledger({ cash: 1e9 }), broker({ cash: 1e9 * (1 + 1e-12) }))).toEqual([]);
    // ...but a difference well above it is drift, however small in absolute terms.
    expect(kinds(ledger({ position: 0.3 }), broker({ positions: [{ symbol: SYMBOL, quantity: 0.3 + 1e-7 }] }))).toEqual(
      ['quantity_drift'],
    );
    expect(kinds(ledger({ cash: 11_000 }), broker({ cash: 11_000.01 }))).toEqual(['cash_drift']);
  });

  it('takes a difference below the market’s smallest order as dust, and anything from one step up as a mismatch', () => {
    const dust = 0.00001;
    const held = (quantity: number) => broker({ positions: [{ symbol: SYMBOL, quantity }] });
    expect(kinds(ledger({ dust }), held(0.000008))).toEqual([]);
    expect(kinds(ledger({ position: 0.000008, dust }), broker())).toEqual([]);
    expect(kinds(ledger({ position: 0.5, dust }), held(0.500004))).toEqual([]);
    expect(kinds(ledger({ dust }), held(0.00001))).toEqual(['extra_position']);
    expect(kinds(ledger({ position: 0.5, dust }), held(0.50002))).toEqual(['quantity_drift']);
    // Without a stated minimum, any difference above float noise still counts.
    expect(kinds(ledger(), held(0.000008))).toEqual(['extra_position']);
  });

  it('allows for the unknown base-asset fee of fills the broker reported but has not listed', () => {
    const held = (quantity: number) => broker({ positions: [{ symbol: SYMBOL, quantity }] });
    // The ledger expects 0.5 (all of it reported, none of it listed yet): a 0.1 % fee in BTC is fine.
    expect(kinds(ledger({ position: 0.5, unlisted: 0.5 }), held(0.4995))).toEqual([]);
    expect(kinds(ledger({ position: 0.5, unlisted: 0.5 }), held(0.5))).toEqual([]);
    expect(kinds(ledger({ position: 0.5, unlisted: 0.5 }), held(0.49))).toEqual(['quantity_drift']);
    expect(kinds(ledger({ position: 0.5, unlisted: 0.5 }), held(0.501))).toEqual(['quantity_drift']);
    expect(kinds(ledger({ position: 0.5, unlisted: 0.5 }), broker())).toEqual(['missing_position']);
    // A sell reported but not listed: the account gave up a little more than the ledger says.
    expect(kinds(ledger({ position: 0.5, unlisted: -0.5 }), held(0.4995))).toEqual([]);
    expect(kinds(ledger({ position: 0.5 }), held(0.4995))).toEqual(['quantity_drift']);
  });

  it('reports every open order at the broker the ledger does not know of, in the bot’s symbol only', () => {
    const found = reconcile(
      ledger({ openOrderIds: new Set(['mine']) }),
      broker({
        openOrders: [resting('mine'), resting('foreign-1'), resting('foreign-2'), resting('other', 'SBX-WALK')],
      }),
    );
    expect(found.map((m) => m.kind)).toEqual(['unknown_open_order', 'unknown_open_order']);
    expect(found[0].message).toContain('foreign-1');
    expect(found[1].message).toContain('foreign-2');
  });

  it('does not mind an order the ledger believes live that the broker no longer lists', () => {
    // The desk catches up with the broker's fills and cancels first; what is left is not a mismatch.
    expect(reconcile(ledger({ openOrderIds: new Set(['gone']) }), broker())).toEqual([]);
  });

  it('compares cash only when both sides state it', () => {
    expect(kinds(ledger({ cash: 100 }), broker({ cash: 90 }))).toEqual(['cash_drift']);
    expect(kinds(ledger({ cash: 100 }), broker())).toEqual([]);
    expect(kinds(ledger(), broker({ cash: 90 }))).toEqual([]);
    const [drift] = reconcile(ledger({ cash: 100 }), broker({ cash: 90 }));
    expect(drift.message).toContain('100');
    expect(drift.message).toContain('90');
  });

  it('reports several mismatches at once', () => {
    expect(
      kinds(
        ledger({ position: 1, cash: 5_000 }),
        broker({ positions: [{ symbol: SYMBOL, quantity: 2 }], openOrders: [resting('x')], cash: 4_000 }),
      ),
    ).toEqual(['quantity_drift', 'unknown_open_order', 'cash_drift']);
  });
});
