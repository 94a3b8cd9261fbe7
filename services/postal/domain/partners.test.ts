import { describe, expect, it } from 'vitest';
import data from '../data/partners.json' with { type: 'json' };
import { mapStatus, Partner, partnerById, PARTNERS, Partners } from './partners.ts';
import { SHIPMENT_STATUSES } from './status.ts';

describe('partners.json', () => {
  it('every partner conforms to the Partner schema', () => {
    for (const [i, raw] of (data as unknown[]).entries()) {
      const result = Partner.safeParse(raw);
      expect(result.success, `partner #${i}: ${result.error?.message ?? ''}`).toBe(true);
    }
  });

  it('holds the demo Standard Webhooks partner and the polled VNPost partner', () => {
    expect(PARTNERS.map((p) => [p.id, p.kind])).toEqual([
      ['demo-webhook', 'webhook'],
      ['vnpost', 'polled'],
    ]);
  });

  it('the demo partner speaks our vocabulary: every status name maps to itself, and nothing else', () => {
    const demo = partnerById('demo-webhook');
    expect(Object.keys(demo.statusCodes).sort()).toEqual([...SHIPMENT_STATUSES].sort());
    for (const status of SHIPMENT_STATUSES) expect(mapStatus(demo, status)).toEqual({ mapped: true, rawCode: status, status });
  });

  it('VNPost: 100 is delivered and 170 returned to sender, and its codes are marked as assumptions to confirm', () => {
    const vnpost = partnerById('vnpost');
    expect(mapStatus(vnpost, 100)).toEqual({ mapped: true, rawCode: '100', status: 'delivered' });
    expect(mapStatus(vnpost, '170')).toEqual({ mapped: true, rawCode: '170', status: 'returned_to_sender' });
    expect(vnpost.codesSource).toMatch(/ASSUMPTION/);
  });

  it('every partner reaches every status a shipment ends in or fails on', () => {
    for (const partner of PARTNERS) {
      const reached = new Set(Object.values(partner.statusCodes).map((c) => c.status));
      for (const status of ['delivered', 'delivery_failed', 'returned_to_sender'] as const) expect(reached.has(status), `${partner.id} → ${status}`).toBe(true);
    }
  });

  it('refuses duplicate ids, a code mapped outside the vocabulary, and a partner with no delivered code', () => {
    const demo = data[0]!;
    expect(Partners.safeParse([demo, demo]).success).toBe(false);
    expect(Partner.safeParse({ ...demo, statusCodes: { '100': { status: 'done', label: 'x' } } }).success).toBe(false);
    expect(Partner.safeParse({ ...demo, statusCodes: { '20': { status: 'picked_up', label: 'x' } } }).success).toBe(false);
    expect(Partner.safeParse({ ...demo, id: 'Demo Webhook' }).success).toBe(false);
  });
});

describe('mapStatus', () => {
  const vnpost = partnerById('vnpost');

  it('leaves an unknown code unmapped (kept, not applied) instead of refusing it', () => {
    expect(mapStatus(vnpost, 999)).toEqual({ mapped: false, rawCode: '999' });
    expect(mapStatus(partnerById('demo-webhook'), 'DELIVERED')).toEqual({ mapped: false, rawCode: 'DELIVERED' });
  });

  it('does not take inherited property names for codes', () => {
    expect(mapStatus(vnpost, 'constructor')).toEqual({ mapped: false, rawCode: 'constructor' });
    expect(mapStatus(vnpost, '__proto__')).toEqual({ mapped: false, rawCode: '__proto__' });
  });
});

describe('partnerById', () => {
  it('refuses an id that names no partner with NOT_FOUND', () => {
    expect(() => partnerById('ems')).toThrow(expect.objectContaining({ name: 'DomainError', code: 'NOT_FOUND' }));
  });
});
