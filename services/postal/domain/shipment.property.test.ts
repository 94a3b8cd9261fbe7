import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyUpdate, derive, openShipment, type OwedEvent, type ShipmentUpdate } from './shipment.ts';
import { SHIPMENT_STATUSES } from './status.ts';

/**
 * The monotonic rule against everything a partner can do to the order of its reports: any
 * permutation of a sequence of updates, with any duplicates (the same id again, or the same
 * status and instant under another id), derives the same state and history, whether derived at
 * once or applied one by one; and once delivered, a shipment stays delivered.
 */

const BASE = Date.UTC(2025, 6, 15);
const updateArb = fc.record({
  updateId: fc.string({ minLength: 1, maxLength: 6 }),
  status: fc.option(fc.constantFrom(...SHIPMENT_STATUSES), { freq: 8 }),
  // Few distinct instants, so ties in time (broken by rank, then id) are common.
  minute: fc.integer({ min: 0, max: 12 }),
  location: fc.option(fc.constantFrom('Hub A', 'Hub B'), { nil: undefined }),
  recipientName: fc.option(fc.constantFrom('Trần Thị Mẫu', 'Lê Văn Nhận'), { nil: undefined }),
  attempt: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
}).map(({ updateId, status, minute, ...rest }): ShipmentUpdate => {
  const optional = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  return {
    updateId,
    partner: 'demo-webhook',
    rawStatus: status ?? '999',
    status,
    occurredAt: new Date(BASE + minute * 3_600_000).toISOString(),
    receivedAt: new Date(BASE + 86_400_000).toISOString(),
    ...optional,
  };
});

/** A valid sequence has one content per update id; a careless partner may reuse an id for another report. */
const validSequenceArb = fc.uniqueArray(updateArb, { minLength: 1, maxLength: 14, selector: (u) => u.updateId });
const carelessSequenceArb = fc.array(updateArb, { minLength: 1, maxLength: 14 });

/** A sequence, then duplicates of some of its updates (identical, or the same report under a new id), all shuffled. */
const scenarioOf = (sequenceArb: fc.Arbitrary<ShipmentUpdate[]>) => sequenceArb
  .chain((updates) =>
    fc.record({
      updates: fc.constant(updates),
      // Under the same id, or under a new one (longer than any generated id, so no other update's),
      // which sorts before or after the original's.
      duplicates: fc.array(fc.record({ index: fc.nat({ max: updates.length - 1 }), id: fc.constantFrom('same', 'before', 'after') }), { maxLength: 8 }),
    }),
  )
  .map(({ updates, duplicates }) => ({
    updates,
    withDuplicates: [
      ...updates,
      ...duplicates.map(({ index, id }, i) => {
        const original = updates[index]!;
        const updateId = { same: original.updateId, before: `${i} duplicate of ${original.updateId}`, after: `${original.updateId} duplicate ${i}` }[id];
        return { ...original, updateId };
      }),
    ],
  }))
  .chain(({ updates, withDuplicates }) =>
    fc.record({
      updates: fc.constant(updates),
      withDuplicates: fc.constant(withDuplicates),
      shuffled: fc.shuffledSubarray(withDuplicates, { minLength: withDuplicates.length, maxLength: withDuplicates.length }),
    }),
  );
const scenarioArb = scenarioOf(validSequenceArb);

const shipment = () => openShipment({ shipmentId: 'SHP-X-R', dossierCode: 'X', direction: 'outbound', partner: 'demo-webhook', createdAt: new Date(BASE).toISOString() });

function applyInOrder(updates: readonly ShipmentUpdate[]) {
  let current = shipment();
  const events: OwedEvent[] = [];
  const statuses = [];
  for (const update of updates) {
    const result = applyUpdate(current, update);
    current = result.shipment;
    events.push(...result.events);
    statuses.push(current.state.status);
  }
  return { shipment: current, events, statuses };
}

describe('the monotonic rule', () => {
  it('derives the same state and history from any permutation, with any duplicates, even with ids reused for other reports', () => {
    fc.assert(
      fc.property(fc.oneof(scenarioArb, scenarioOf(carelessSequenceArb)), ({ withDuplicates, shuffled }) => {
        expect(derive(shuffled)).toEqual(derive(withDuplicates));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same state whether the updates are derived at once or applied one by one in any order', () => {
    fc.assert(
      fc.property(fc.oneof(scenarioArb, scenarioOf(carelessSequenceArb)), ({ withDuplicates, shuffled }) => {
        expect(applyInOrder(shuffled).shipment.state).toEqual(derive(withDuplicates));
      }),
      { numRuns: 300 },
    );
  });

  it('duplicates of reports add nothing to the derived state and history', () => {
    fc.assert(
      fc.property(scenarioArb, ({ updates, withDuplicates }) => {
        const unique = derive(updates);
        const duplicated = derive(withDuplicates);
        // The same state and the same reports, each possibly kept under the smaller of its two ids.
        const withoutIds = ({ history, unmapped, ...state }: ReturnType<typeof derive>) => ({
          ...state,
          history: history.map(({ updateId: _, ...report }) => report),
          unmapped: unmapped.map(({ updateId: _, ...report }) => report),
        });
        expect(withoutIds(duplicated)).toEqual(withoutIds(unique));
      }),
      { numRuns: 300 },
    );
  });

  it('never undoes delivered, announces it exactly once when reached, and flags a failure at most once', () => {
    fc.assert(
      fc.property(scenarioArb, ({ shuffled }) => {
        const { shipment: last, events, statuses } = applyInOrder(shuffled);
        const firstDelivered = statuses.indexOf('delivered');
        if (firstDelivered >= 0) expect(statuses.slice(firstDelivered).every((status) => status === 'delivered')).toBe(true);
        expect(events.filter((e) => e.type === 'ShipmentDelivered')).toHaveLength(last.state.status === 'delivered' ? 1 : 0);
        expect(events.filter((e) => e.type === 'ShipmentDeliveryFailed').length).toBeLessThanOrEqual(1);
        for (const [i, event] of events.entries()) {
          if (event.type === 'ShipmentStatusChanged' && i > 0) {
            const previous = events.slice(0, i).findLast((e) => e.type === 'ShipmentStatusChanged');
            if (previous) expect(event.data.previousStatus).toBe(previous.data.status);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
