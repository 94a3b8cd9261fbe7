import { describe, expect, it } from 'vitest';
import { HTTP_STATUS } from '../../../libs/platform/http.ts';
import { domainErrorOf } from '../../../tests/support/domain-error.ts';
import { AGENCY, storedShipment, update } from './fixtures.ts';
import {
  couldBeHandoverId,
  decideHandover,
  Handover,
  handoverIdOf,
  HandoverRequest,
  MAX_SHIPMENTS_PER_HANDOVER,
  newHandoverSuffix,
} from './handover.ts';
import type { StoredShipment } from './stored-shipment.ts';

const OFFICER = { id: 'c0ffee00-0000-4000-8000-000000000042', agency: AGENCY };
/** 08:30 on 16/07/2025, Vietnam time. */
const NOW = new Date('2025-07-16T01:30:00.000Z');
const SUFFIX = '7KQ4M';

const result = (n: number, over: Partial<StoredShipment> = {}) =>
  storedShipment({ dossierCode: `H38.22-250714-000${n}`, trackingNumber: `EV00000000${n}VN`, codAmountVnd: n * 10_000, ...over });
const A = result(1);
const B = result(2);
const C = result(3, { codAmountVnd: 0 });

const request = (over: Record<string, unknown> = {}) =>
  HandoverRequest.parse({ partner: 'vnpost', shipmentIds: [A.shipmentId, B.shipmentId, C.shipmentId], partnerStaff: { fullName: 'Phạm Văn Bưu', staffId: 'BD-0117' }, ...over });

const decide = (input = request(), found: StoredShipment[] = [A, B, C], now = NOW) => decideHandover(input, found, OFFICER, now, SUFFIX);

describe('the request', () => {
  it('takes the partner, 1 to 98 shipments each once, who receives them, and optionally when and a note', () => {
    expect(request({ handedOverAt: '2025-07-16T08:15:00+07:00', note: '  Niêm phong nguyên vẹn.\r\nĐủ 03 bưu gửi.  ' })).toMatchObject({
      handedOverAt: '2025-07-16T01:15:00.000Z',
      note: 'Niêm phong nguyên vẹn.\nĐủ 03 bưu gửi.',
    });
  });

  it.each([
    ['no shipment', { shipmentIds: [] }],
    ['too many shipments', { shipmentIds: Array.from({ length: MAX_SHIPMENTS_PER_HANDOVER + 1 }, (_, i) => `SHP-H38.22-250714-${1000 + i}-R`) }],
    ['a shipment twice', { shipmentIds: ['SHP-H38.22-250714-0001-R', 'SHP-H38.22-250714-0001-R'] }],
    ['an unknown field', { officerName: 'x' }],
    ['a staff name with a line break', { partnerStaff: { fullName: 'Phạm\nVăn Bưu' } }],
    ['no staff name', { partnerStaff: { staffId: 'BD-0117' } }],
    ['a partner id in capitals', { partner: 'VNPost' }],
    ['a time without an offset', { handedOverAt: '2025-07-16T08:15:00' }],
  ])('refuses %s', (_, over) => {
    expect(HandoverRequest.safeParse({ partner: 'vnpost', shipmentIds: [A.shipmentId], partnerStaff: { fullName: 'Phạm Văn Bưu' }, ...over }).success).toBe(false);
  });

  it('allows as many shipments as fit one DynamoDB transaction with the record and its Idempotency-Key', () => {
    expect(MAX_SHIPMENTS_PER_HANDOVER + 2).toBeLessThanOrEqual(100);
  });
});

describe('the minutes', () => {
  it('list the shipments in the order given, with dossier code, tracking number and amount to collect, and their totals', () => {
    const handover = Handover.parse(decide(request({ shipmentIds: [B.shipmentId, C.shipmentId, A.shipmentId], note: 'Đủ 03 bưu gửi.' })));
    expect(handover).toEqual({
      handoverId: 'BG-H38.22-250716-7KQ4M',
      agencyCode: AGENCY,
      partner: 'vnpost',
      officer: { sub: OFFICER.id },
      partnerStaff: { fullName: 'Phạm Văn Bưu', staffId: 'BD-0117' },
      handedOverAt: NOW.toISOString(),
      recordedAt: NOW.toISOString(),
      shipments: [
        { shipmentId: B.shipmentId, dossierCode: 'H38.22-250714-0002', trackingNumber: 'EV000000002VN', codAmountVnd: 20_000 },
        { shipmentId: C.shipmentId, dossierCode: 'H38.22-250714-0003', trackingNumber: 'EV000000003VN', codAmountVnd: 0 },
        { shipmentId: A.shipmentId, dossierCode: 'H38.22-250714-0001', trackingNumber: 'EV000000001VN', codAmountVnd: 10_000 },
      ],
      totals: { count: 3, codAmountVnd: 30_000 },
      note: 'Đủ 03 bưu gửi.',
    });
  });

  it('take the hand-over time given, its day in Vietnam naming the minutes, and say when they were recorded', () => {
    // 23:50 UTC on the 15th is 06:50 on the 16th in Vietnam.
    const handover = decide(request({ handedOverAt: '2025-07-15T23:50:00Z' }));
    expect(handover).toMatchObject({ handedOverAt: '2025-07-15T23:50:00.000Z', recordedAt: NOW.toISOString(), handoverId: 'BG-H38.22-250716-7KQ4M' });
  });

  it('keep nothing the request did not give: no staff id, no note', () => {
    const handover = decide(request({ partnerStaff: { fullName: 'Phạm Văn Bưu' } }));
    expect(handover.partnerStaff).toEqual({ fullName: 'Phạm Văn Bưu' });
    expect('note' in handover).toBe(false);
  });

  it('take a shipment the partner already picked up, or even failed to deliver once', () => {
    const picked = result(4, { updates: [update('picked_up', '2025-07-16T01:00:00.000Z')] });
    expect(decide(request({ shipmentIds: [picked.shipmentId] }), [picked]).totals).toEqual({ count: 1, codAmountVnd: 40_000 });
  });
});

describe('what the minutes refuse', () => {
  const refusal = (over: Partial<StoredShipment>, input = request()) => domainErrorOf(() => decide(input, [A, { ...B, ...over }, C]));

  it('a shipment that does not exist, or is another agency’s, alike: 404 naming only the ids asked for', () => {
    const missing = domainErrorOf(() => decide(request(), [A, C]));
    const foreign = refusal({ agencyCode: 'H38.23' });
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.details).toEqual({ shipmentIds: [B.shipmentId] });
    expect(foreign.toBody()).toEqual(missing.toBody());
  });

  it('an inbound pickup: 422 SHIPMENT_NOT_OUTBOUND', () => {
    const inbound = storedShipment({ dossierCode: 'H38.22-250714-0009', direction: 'inbound', codAmountVnd: 0 });
    const error = domainErrorOf(() => decide(request({ shipmentIds: [A.shipmentId, inbound.shipmentId] }), [A, inbound]));
    expect([error.code, HTTP_STATUS[error.code], error.details]).toEqual(['SHIPMENT_NOT_OUTBOUND', 422, { shipments: [{ shipmentId: inbound.shipmentId }] }]);
  });

  it('a shipment with another partner: 422 SHIPMENT_OF_ANOTHER_PARTNER, naming its partner', () => {
    const error = refusal({ partner: 'demo-webhook' });
    expect([error.code, HTTP_STATUS[error.code], error.details]).toEqual(['SHIPMENT_OF_ANOTHER_PARTNER', 422, { shipments: [{ shipmentId: B.shipmentId, partner: 'demo-webhook' }] }]);
  });

  it('every shipment, when the batch names a partner none of them is with', () => {
    const error = domainErrorOf(() => decide(request({ partner: 'viettel-post' })));
    expect(error.details).toEqual({ shipments: [A, B, C].map((s) => ({ shipmentId: s.shipmentId, partner: 'vnpost' })) });
  });

  it('a shipment cancelled (or delivered, or returned) already: 422 SHIPMENT_CLOSED', () => {
    const error = refusal({ updates: [update('cancelled', '2025-07-15T05:00:00.000Z')] });
    expect([error.code, HTTP_STATUS[error.code], error.details]).toEqual(['SHIPMENT_CLOSED', 422, { shipments: [{ shipmentId: B.shipmentId, status: 'cancelled' }] }]);
  });

  it.each(['pending', 'failed'] as const)('a shipment whose creation at the partner is %s: 409 SHIPMENT_NOT_CREATED', (creation) => {
    const error = refusal({ creation, trackingNumber: null });
    expect([error.code, HTTP_STATUS[error.code], error.details]).toEqual(['SHIPMENT_NOT_CREATED', 409, { shipments: [{ shipmentId: B.shipmentId, creation }] }]);
  });

  it('a shipment on other minutes already: 409 ALREADY_HANDED_OVER, naming them', () => {
    const error = refusal({ handoverId: 'BG-H38.22-250715-AB12C' });
    expect([error.code, HTTP_STATUS[error.code], error.details]).toEqual(['ALREADY_HANDED_OVER', 409, { shipments: [{ shipmentId: B.shipmentId, handoverId: 'BG-H38.22-250715-AB12C' }] }]);
  });

  it('names every offending shipment at once, not only the first', () => {
    const error = domainErrorOf(() => decide(request(), [A, { ...B, handoverId: 'BG-H38.22-250715-AB12C' }, { ...C, handoverId: 'BG-H38.22-250715-AB12C' }]));
    expect((error.details as { shipments: unknown[] }).shipments).toHaveLength(2);
  });

  it('a shipment listed twice, even past the schema: 400 VALIDATION_FAILED', () => {
    const twice = { ...request(), shipmentIds: [A.shipmentId, A.shipmentId] };
    const error = domainErrorOf(() => decide(twice));
    expect([error.code, HTTP_STATUS[error.code], error.details]).toEqual(['VALIDATION_FAILED', 400, [{ path: 'shipmentIds', issue: 'must not list a shipment twice' }]]);
  });

  it.each([
    ['more than 5 minutes ahead of our clock', '2025-07-16T01:35:01.000Z'],
    ['more than 30 days back', '2025-06-16T01:29:59.000Z'],
  ])('a hand-over time %s: 400 VALIDATION_FAILED', (_, handedOverAt) => {
    const error = domainErrorOf(() => decide(request({ handedOverAt })));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([{ path: 'handedOverAt', issue: expect.any(String) }]);
  });

  it('a hand-over time within the officer’s clock skew, or recorded from paper a month later', () => {
    expect(decide(request({ handedOverAt: '2025-07-16T01:35:00.000Z' })).handedOverAt).toBe('2025-07-16T01:35:00.000Z');
    expect(decide(request({ handedOverAt: '2025-06-16T01:30:00.000Z' })).handoverId).toBe('BG-H38.22-250616-7KQ4M');
  });

  it('says why in Vietnamese and English', () => {
    for (const over of [{ partner: 'demo-webhook' }, { handoverId: 'BG-H38.22-250715-AB12C' }, { creation: 'pending' as const, trackingNumber: null }]) {
      const { messages } = refusal(over).toBody();
      expect(messages.vi).toMatch(/bưu gửi/);
      expect(messages.en).toMatch(/shipment/i);
    }
  });
});

describe('the hand-over id', () => {
  it('is BG, the agency, the day in Vietnam and a random suffix: readable on paper', () => {
    expect(handoverIdOf('H38.22.1', new Date('2025-12-31T17:30:00Z'), 'ZZ000')).toBe('BG-H38.22.1-260101-ZZ000');
    expect(couldBeHandoverId('BG-H38.22.1-260101-ZZ000')).toBe(true);
  });

  it('draws its suffix from Crockford’s base 32, evenly, never I, L, O or U', () => {
    const counts = new Map<string, number>();
    for (let byte = 0; byte < 256; byte++) {
      const first = newHandoverSuffix((n) => new Uint8Array(n).fill(byte))[0]!;
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join('')).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ');
    expect(new Set(counts.values())).toEqual(new Set([8]));
    expect(newHandoverSuffix()).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}$/);
  });

  it.each(['BG-H38.22-250716-7KQ4', 'BG-H38.22-250716-7KQ4I', 'bg-H38.22-250716-7KQ4M', 'H38.22-250716-0007', 'BG-H38.22-250716-7KQ4M/../x'])(
    'is not %j',
    (id) => {
      expect(couldBeHandoverId(id)).toBe(false);
    },
  );

  it('cannot be made with a suffix we do not issue', () => {
    expect(() => handoverIdOf(AGENCY, NOW, 'ILOU0')).toThrow(RangeError);
  });
});
