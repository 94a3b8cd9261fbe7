import { describe, expect, it } from 'vitest';
import { applyUpdate, openShipment, type ShipmentUpdate } from './shipment.ts';
import type { ShipmentStatus } from './status.ts';
import { DEFAULT_STUCK_AFTER_MS, sweep } from './stuck.ts';

const created = openShipment({ shipmentId: 'SHP-H38.22-250714-0007-R', dossierCode: 'H38.22-250714-0007', direction: 'outbound', partner: 'vnpost', createdAt: '2025-07-15T01:00:00.000Z' });
const update = (status: ShipmentStatus, receivedAt: string, updateId = receivedAt): ShipmentUpdate => ({
  updateId,
  partner: 'vnpost',
  rawStatus: status,
  status,
  occurredAt: receivedAt,
  receivedAt,
});
const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

describe('the stuck sweep', () => {
  it('defaults to three days of silence', () => {
    expect(DEFAULT_STUCK_AFTER_MS).toBe(72 * HOUR);
  });

  it('flags a shipment on its way with no news for three days, counted from the last update received', () => {
    const moving = applyUpdate(created, update('in_transit', '2025-07-16T01:00:00.000Z')).shipment;
    expect(sweep(moving, at('2025-07-19T00:59:59.999Z')).events).toEqual([]);
    const { shipment, events } = sweep(moving, at('2025-07-19T01:00:00.000Z'));
    expect(events).toEqual([
      {
        type: 'ShipmentStuck',
        occurredAt: '2025-07-19T01:00:00.000Z',
        data: { shipmentId: 'SHP-H38.22-250714-0007-R', partner: 'vnpost', status: 'in_transit', silentSince: '2025-07-16T01:00:00.000Z' },
      },
    ]);
    expect(shipment).toMatchObject({ stuckAt: '2025-07-19T01:00:00.000Z', version: moving.version + 1 });
  });

  it('flags a shipment the partner never acknowledged, counted from its creation', () => {
    expect(sweep(created, at('2025-07-18T01:00:00.000Z')).events[0]?.data).toMatchObject({ status: null, silentSince: created.createdAt });
  });

  it('flags once per silence: not again on the next sweeps, again after an update and a new silence', () => {
    const first = sweep(created, at('2025-07-18T01:00:00.000Z')).shipment;
    expect(sweep(first, at('2025-07-25T01:00:00.000Z'))).toEqual({ shipment: first, events: [] });
    const heard = applyUpdate(first, update('in_transit', '2025-07-25T02:00:00.000Z')).shipment;
    expect(heard.stuckAt).toBeNull();
    expect(sweep(heard, at('2025-07-26T02:00:00.000Z')).events).toEqual([]);
    expect(sweep(heard, at('2025-07-28T02:00:00.000Z')).events).toHaveLength(1);
  });

  it('never flags a delivered, returned or cancelled shipment', () => {
    for (const status of ['delivered', 'returned_to_sender', 'cancelled'] as const) {
      const done = applyUpdate(created, update(status, '2025-07-16T01:00:00.000Z')).shipment;
      expect(sweep(done, at('2026-01-01T00:00:00.000Z')).events).toEqual([]);
    }
  });

  it('takes the silence it is given', () => {
    expect(sweep(created, at('2025-07-15T13:00:00.000Z'), { stuckAfterMs: 12 * HOUR }).events).toHaveLength(1);
    expect(sweep(created, at('2025-07-15T12:59:00.000Z'), { stuckAfterMs: 12 * HOUR }).events).toHaveLength(0);
  });
});
