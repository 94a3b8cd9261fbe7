import { describe, expect, it } from 'vitest';
import { isTerminal, SHIPMENT_STATUSES, STATUS_LABELS_VI, STATUS_RANK, ShipmentStatus } from './status.ts';

describe('the shipment status vocabulary', () => {
  it('is the eight statuses of the issue, parsed by the zod enum and nothing else', () => {
    expect(SHIPMENT_STATUSES).toEqual(['accepted', 'picked_up', 'in_transit', 'out_for_delivery', 'delivery_failed', 'delivered', 'returned_to_sender', 'cancelled']);
    expect(ShipmentStatus.safeParse('delivered').success).toBe(true);
    expect(ShipmentStatus.safeParse('DELIVERED').success).toBe(false);
    expect(ShipmentStatus.safeParse('100').success).toBe(false);
  });

  it('gives every status a distinct rank and a Vietnamese label', () => {
    const ranks = SHIPMENT_STATUSES.map((status) => STATUS_RANK[status]);
    expect(new Set(ranks).size).toBe(SHIPMENT_STATUSES.length);
    for (const status of SHIPMENT_STATUSES) expect(STATUS_LABELS_VI[status]).toBeTruthy();
  });

  it('ranks the journey in order, and every terminal status above every other', () => {
    const journey = ['accepted', 'picked_up', 'in_transit', 'out_for_delivery', 'delivery_failed'] as const;
    for (let i = 1; i < journey.length; i++) expect(STATUS_RANK[journey[i]!]).toBeGreaterThan(STATUS_RANK[journey[i - 1]!]);
    const highestOpen = Math.max(...SHIPMENT_STATUSES.filter((s) => !isTerminal(s)).map((s) => STATUS_RANK[s]));
    for (const status of SHIPMENT_STATUSES.filter(isTerminal)) expect(STATUS_RANK[status]).toBeGreaterThan(highestOpen);
    expect(STATUS_RANK.delivered).toBe(Math.max(...Object.values(STATUS_RANK)));
  });

  it('knows exactly delivered, returned_to_sender and cancelled as terminal', () => {
    expect(SHIPMENT_STATUSES.filter(isTerminal)).toEqual(['delivered', 'returned_to_sender', 'cancelled']);
  });
});
