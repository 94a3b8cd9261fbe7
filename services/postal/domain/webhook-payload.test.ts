import { describe, expect, it } from 'vitest';
import { ShipmentUpdated } from './webhook-payload.ts';

const valid = {
  type: 'shipment.updated',
  timestamp: '2025-07-18T10:15:04+07:00',
  data: { shipmentId: 'SHP-H38.22-250714-0007-R', dossierCode: 'H38.22-250714-0007', status: 'delivered', occurredAt: '2025-07-18T10:12:40+07:00' },
};
const withData = (data: Record<string, unknown>) => ({ ...valid, data: { ...valid.data, ...data } });
const refused = (payload: unknown) => !ShipmentUpdated.safeParse(payload).success;

describe('the shipment.updated payload', () => {
  it('normalises both times to UTC instants', () => {
    const parsed = ShipmentUpdated.parse(valid);
    expect(parsed.timestamp).toBe('2025-07-18T03:15:04.000Z');
    expect(parsed.data.occurredAt).toBe('2025-07-18T03:12:40.000Z');
  });

  it('takes the status as the partner code it is (mapping it is the partner table’s job)', () => {
    expect(ShipmentUpdated.parse(withData({ status: '100' })).data.status).toBe('100');
    expect(refused(withData({ status: 'phát thành công' }))).toBe(true);
    expect(refused(withData({ status: '' }))).toBe(true);
  });

  it('normalises free text and refuses what no person types', () => {
    const parsed = ShipmentUpdated.parse(withData({ recipientName: '  Tra\u0302\u0300n Thi\u0323 Mẫu ', note: 'Vắng nhà.\r\nPhát lại mai.' }));
    expect(parsed.data.recipientName).toBe('Trần Thị Mẫu');
    expect(parsed.data.note).toBe('Vắng nhà.\nPhát lại mai.');
    expect(refused(withData({ recipientName: 'Trần\nThị' }))).toBe(true);
    expect(refused(withData({ location: 'Bưu cục \u202Eabc' }))).toBe(true);
    expect(refused(withData({ recipientName: 'x'.repeat(201) }))).toBe(true);
    expect(refused(withData({ note: 'x'.repeat(501) }))).toBe(true);
    expect(refused(withData({ location: '   ' }))).toBe(true);
  });

  it.each([
    ['another type', { ...valid, type: 'shipment.created' }],
    ['a time without offset', withData({ occurredAt: '2025-07-18T10:12:40' })],
    ['a local partner time (webhooks speak ISO)', withData({ occurredAt: '18/07/2025 10:12:40' })],
    ['a date that does not exist', withData({ occurredAt: '2025-02-29T10:12:40+07:00' })],
    ['attempt 0', withData({ attempt: 0 })],
    ['a fractional attempt', withData({ attempt: 1.5 })],
    ['an attempt as a string', withData({ attempt: '2' })],
    ['a shipment id with a slash', withData({ shipmentId: 'SHP/1' })],
    ['a lower-case dossier code', withData({ dossierCode: 'h38.22-250714-0007' })],
    ['an unknown field', withData({ recipient_name: 'Trần Thị Mẫu' })],
    ['no data', { type: valid.type, timestamp: valid.timestamp }],
  ])('refuses %s', (_, payload) => {
    expect(refused(payload)).toBe(true);
  });
});
