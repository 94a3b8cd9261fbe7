import { describe, expect, it } from 'vitest';
import { applyUpdate, derive, isRedelivery, openShipment, type Shipment, type ShipmentUpdate } from './shipment.ts';
import type { ShipmentStatus } from './status.ts';

let counter = 0;
const update = (status: ShipmentStatus | null, occurredAt: string, extra: Partial<ShipmentUpdate> = {}): ShipmentUpdate => ({
  updateId: `msg_${String(++counter).padStart(4, '0')}`,
  partner: 'demo-webhook',
  rawStatus: status ?? '999',
  status,
  occurredAt: `2025-07-${occurredAt}:00.000Z`,
  receivedAt: '2025-07-20T00:00:00.000Z',
  ...extra,
});
const statusesOf = (updates: ShipmentUpdate[]) => derive(updates).history.map((u) => u.status);
const fresh = (): Shipment =>
  openShipment({ shipmentId: 'SHP-H38.22-250714-0007-R', dossierCode: 'H38.22-250714-0007', direction: 'outbound', partner: 'demo-webhook', createdAt: '2025-07-15T01:00:00.000Z' });
const applyAll = (shipment: Shipment, updates: ShipmentUpdate[], failureLimit?: number) =>
  updates.reduce(
    ({ shipment: current, events }, next) => {
      const result = applyUpdate(current, next, { failureLimit });
      return { shipment: result.shipment, events: [...events, ...result.events] };
    },
    { shipment, events: [] as ReturnType<typeof applyUpdate>['events'] },
  );

describe('derive', () => {
  it('knows nothing before the partner says anything', () => {
    expect(derive([])).toEqual({ status: null, deliveredAt: null, recipientName: null, failedAttempts: 0, history: [], unmapped: [] });
  });

  it('orders by occurrence time, not arrival', () => {
    const picked = update('picked_up', '15T02:00');
    const transit = update('in_transit', '16T02:00');
    const out = update('out_for_delivery', '17T01:00');
    expect(derive([out, picked, transit]).status).toBe('out_for_delivery');
    expect(statusesOf([out, transit, picked])).toEqual(['picked_up', 'in_transit', 'out_for_delivery']);
  });

  it('follows a non-terminal status back when it really occurred later (failed, back to the hub)', () => {
    expect(derive([update('out_for_delivery', '17T01:00'), update('delivery_failed', '17T04:00'), update('in_transit', '17T09:00')]).status).toBe('in_transit');
  });

  it('breaks a tie in time by status rank, then update id', () => {
    const sameInstant = [update('delivered', '18T03:00'), update('out_for_delivery', '18T03:00')];
    expect(statusesOf(sameInstant)).toEqual(['out_for_delivery', 'delivered']);
    const a = update('in_transit', '16T02:00', { updateId: 'a', location: 'Hub A' });
    const b = update('out_for_delivery', '16T02:00', { updateId: 'b' });
    expect(statusesOf([b, a])).toEqual(['in_transit', 'out_for_delivery']);
  });

  it('never lets a late in_transit undo delivered, even one that occurred after it', () => {
    const state = derive([update('delivered', '18T03:00', { recipientName: 'Trần Thị Mẫu' }), update('in_transit', '19T02:00')]);
    expect(state).toMatchObject({ status: 'delivered', deliveredAt: '2025-07-18T03:00:00.000Z', recipientName: 'Trần Thị Mẫu' });
  });

  it('between terminal statuses, delivered wins over a return or a cancellation, and a return over a cancellation', () => {
    expect(derive([update('delivered', '18T03:00'), update('returned_to_sender', '25T03:00')]).status).toBe('delivered');
    expect(derive([update('cancelled', '15T03:00'), update('delivered', '18T03:00')]).status).toBe('delivered');
    expect(derive([update('returned_to_sender', '25T03:00'), update('cancelled', '26T03:00')]).status).toBe('returned_to_sender');
  });

  it('counts the same update once: by update id, and by status and instant under two ids', () => {
    const delivered = update('delivered', '18T03:00', { recipientName: 'Trần Thị Mẫu' });
    const seenByPoller = { ...delivered, updateId: 'poll-100-1', partner: 'demo-webhook' };
    const state = derive([delivered, delivered, seenByPoller]);
    expect(state.history).toHaveLength(1);
    // Of the two ids, the smaller is kept: 'msg_…' sorts before 'poll-…'.
    expect(state.history[0]!.updateId).toBe(delivered.updateId);
  });

  it('keeps one content of an id sent twice with different contents, whatever the arrival order', () => {
    const first = update('in_transit', '16T02:00', { updateId: 'dup', location: 'A' });
    const second = { ...first, location: 'B' };
    expect(derive([first, second])).toEqual(derive([second, first]));
    expect(derive([first, second]).history).toHaveLength(1);
  });

  it('records the earliest delivery as the delivery time, and the recipient any delivered update names', () => {
    const state = derive([update('delivered', '18T05:00', { recipientName: 'Trần Thị Mẫu' }), update('delivered', '18T03:00')]);
    expect(state).toMatchObject({ deliveredAt: '2025-07-18T03:00:00.000Z', recipientName: 'Trần Thị Mẫu' });
  });

  it('counts failed attempts by attempt number when given (reported twice = once), else by time', () => {
    const failures = [
      update('delivery_failed', '17T04:00', { attempt: 1 }),
      update('delivery_failed', '17T04:05', { attempt: 1 }),
      update('delivery_failed', '18T04:00', { attempt: 2 }),
      update('delivery_failed', '19T04:00'),
    ];
    expect(derive(failures).failedAttempts).toBe(3);
  });

  it('keeps unmapped updates apart: seen, never applied', () => {
    const strange = update(null, '19T02:00', { rawStatus: '999' });
    const state = derive([update('in_transit', '16T02:00'), strange]);
    expect(state.status).toBe('in_transit');
    expect(state.unmapped).toEqual([strange]);
  });
});

describe('applyUpdate', () => {
  it('announces each derived status change, and delivered once, at the delivery time', () => {
    const { shipment, events } = applyAll(fresh(), [
      update('accepted', '15T02:00'),
      update('in_transit', '16T02:00'),
      update('delivered', '18T03:00', { recipientName: 'Trần Thị Mẫu' }),
      update('delivered', '18T03:30'),
      update('in_transit', '19T02:00'),
    ]);
    expect(events.map((e) => [e.type, 'status' in e.data ? e.data.status : null])).toEqual([
      ['ShipmentStatusChanged', 'accepted'],
      ['ShipmentStatusChanged', 'in_transit'],
      ['ShipmentStatusChanged', 'delivered'],
      ['ShipmentDelivered', null],
    ]);
    expect(events[3]).toEqual({
      type: 'ShipmentDelivered',
      occurredAt: '2025-07-18T03:00:00.000Z',
      data: { shipmentId: 'SHP-H38.22-250714-0007-R', partner: 'demo-webhook', recipientName: 'Trần Thị Mẫu' },
    });
    expect(shipment.version).toBe(6);
    expect(shipment.updates).toHaveLength(5);
  });

  it('announces no status change for an update older than the current status', () => {
    const { shipment } = applyAll(fresh(), [update('in_transit', '16T02:00')]);
    const { events, shipment: next } = applyUpdate(shipment, update('picked_up', '15T02:00'));
    expect(events).toEqual([]);
    expect(next.state.status).toBe('in_transit');
    expect(next.updates).toHaveLength(2);
  });

  it('ignores an exact duplicate entirely: same shipment, no event, no new version', () => {
    const delivered = update('delivered', '18T03:00');
    const once = applyUpdate(fresh(), delivered);
    const twice = applyUpdate(once.shipment, { ...delivered });
    expect(twice.shipment).toBe(once.shipment);
    expect(twice.events).toEqual([]);
  });

  it('flags repeated failures once, when they reach the limit', () => {
    const failures = [1, 2, 3, 4].map((attempt) => update('delivery_failed', `1${5 + attempt}T04:00`, { attempt }));
    const { events } = applyAll(fresh(), failures);
    const failed = events.filter((e) => e.type === 'ShipmentDeliveryFailed');
    expect(failed).toEqual([
      { type: 'ShipmentDeliveryFailed', occurredAt: '2025-07-18T04:00:00.000Z', data: { shipmentId: 'SHP-H38.22-250714-0007-R', partner: 'demo-webhook', reason: 'repeated_failures', failedAttempts: 3 } },
    ]);
    expect(applyAll(fresh(), failures.slice(0, 2), 2).events.filter((e) => e.type === 'ShipmentDeliveryFailed')).toHaveLength(1);
    expect(applyAll(fresh(), failures.slice(0, 2)).events.filter((e) => e.type === 'ShipmentDeliveryFailed')).toHaveLength(0);
  });

  it('flags a return to sender, and not again when failures then reach the limit', () => {
    const { events } = applyAll(fresh(), [
      update('delivery_failed', '16T04:00', { attempt: 1 }),
      update('returned_to_sender', '25T04:00'),
      update('delivery_failed', '17T04:00', { attempt: 2 }),
      update('delivery_failed', '18T04:00', { attempt: 3 }),
    ]);
    expect(events.filter((e) => e.type === 'ShipmentDeliveryFailed').map((e) => e.data)).toEqual([
      { shipmentId: 'SHP-H38.22-250714-0007-R', partner: 'demo-webhook', reason: 'returned_to_sender', failedAttempts: 1 },
    ]);
  });

  it('does not flag failures reported late for a shipment already delivered', () => {
    const { events } = applyAll(fresh(), [update('delivered', '19T04:00'), ...[1, 2, 3].map((attempt) => update('delivery_failed', `1${5 + attempt}T04:00`, { attempt }))]);
    expect(events.map((e) => e.type)).toEqual(['ShipmentStatusChanged', 'ShipmentDelivered']);
  });

  it('keeps an unmapped update without announcing anything', () => {
    const { shipment, events } = applyUpdate(fresh(), update(null, '16T02:00'));
    expect(events).toEqual([]);
    expect(shipment.state.unmapped).toHaveLength(1);
    expect(shipment.version).toBe(2);
  });

  it('clears the stuck flag on any new update', () => {
    const stuck = { ...fresh(), stuckAt: '2025-07-19T00:00:00.000Z' };
    expect(applyUpdate(stuck, update('in_transit', '16T02:00')).shipment.stuckAt).toBeNull();
  });

  it('announces a delivery failure once even when the count of failed attempts falls back and crosses the limit again', () => {
    // Found by the property test: three unnumbered failures reach the limit; a numbered report at
    // the same instant as one of them replaces it (same status, same time), and another numbered
    // the same attempt collapses two into one: the count falls to 2, then a fourth brings it to 3.
    const { shipment, events } = applyAll(fresh(), [
      update('delivery_failed', '16T00:00'),
      update('delivery_failed', '16T01:00'),
      update('delivery_failed', '16T02:00'),
      update('delivery_failed', '16T00:00', { attempt: 1 }),
      update('delivery_failed', '16T01:00', { attempt: 1 }),
      update('delivery_failed', '16T03:00'),
    ]);
    expect(events.filter((event) => event.type === 'ShipmentDeliveryFailed')).toHaveLength(1);
    expect(shipment.failureAnnounced).toBe(true);
  });
});


describe('isRedelivery', () => {
  const first = { updateId: 'msg_1', partner: 'demo-webhook', rawStatus: 'in_transit', status: 'in_transit' as const, occurredAt: '2026-03-02T01:00:00.000Z', receivedAt: '2026-03-02T01:00:05.000Z' };

  it('is the same id and report received again later (a webhook retried): nothing to keep', () => {
    expect(isRedelivery({ updates: [first] }, { ...first, receivedAt: '2026-03-02T01:05:00.000Z' })).toBe(true);
  });

  it('is not a different report under the same id, nor the same report under another id', () => {
    expect(isRedelivery({ updates: [first] }, { ...first, status: 'delivered', rawStatus: 'delivered' })).toBe(false);
    expect(isRedelivery({ updates: [first] }, { ...first, updateId: 'msg_2' })).toBe(false);
    expect(isRedelivery({ updates: [] }, first)).toBe(false);
  });
});
