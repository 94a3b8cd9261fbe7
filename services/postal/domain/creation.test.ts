import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INTAKE_EVENTS } from '../../../libs/events/intake.ts';
import { inboundPickupFor, MissingDeliveryFacts, PickupFacts, resultShipmentFor, ResultDeliveryFacts, shipmentIdOf } from './creation.ts';

const frozen = (file: string) => JSON.parse(readFileSync(new URL(`../../../tests/contracts/events/intake/${file}`, import.meta.url), 'utf8')) as unknown;
const resolved = INTAKE_EVENTS.DossierResolved.parse(frozen('DossierResolved.v1.json'));
const received = INTAKE_EVENTS.DossierReceived.parse(frozen('DossierReceived.v1.json'));
const postalReceived = { ...received, data: { ...received.data, channel: 'postal' as const } };

const address = { line: 'Số 12, ấp Trường Phước', commune: 'Xã Trường Tây', province: 'Tây Ninh' };
const centre = { name: 'Trung tâm Phục vụ hành chính công xã Trường Tây', address: { line: 'Số 1, đường 30/4', commune: 'Xã Trường Tây', province: 'Tây Ninh' } };
const byPost = ResultDeliveryFacts.parse({ method: 'postal', recipient: { fullName: 'Trần Thị Mẫu', phone: '0912345678' }, address, collectOnDeliveryVnd: 25_000 });

describe('resultShipmentFor', () => {
  it('orders the result of a postal return to the citizen: our id from the dossier code, service HCC, fees on delivery', () => {
    expect(resultShipmentFor(resolved, byPost, centre)).toEqual({
      shipmentId: `SHP-${resolved.dossierCode}-R`,
      direction: 'outbound',
      dossierCode: resolved.dossierCode,
      agencyCode: resolved.agencyCode,
      clientReference: resolved.dossierCode,
      service: 'HCC',
      contents: `Kết quả giải quyết hồ sơ ${resolved.dossierCode} (thủ tục ${resolved.procedureCode})`,
      from: { name: centre.name, address: centre.address },
      to: { name: 'Trần Thị Mẫu', phone: '0912345678', address },
      collectOnDeliveryVnd: 25_000,
      requestedAt: resolved.occurredAt,
    });
  });

  it('decides the same shipment again for the same event delivered twice or replayed (so it is created once)', () => {
    const again = { ...resolved, eventId: '7a9f0c8e-1b2d-4e3f-8a9b-0c1d2e3f4a5b' };
    expect(resultShipmentFor(again, byPost, centre)).toEqual(resultShipmentFor(resolved, byPost, centre));
  });

  it('collects nothing when no fee is due', () => {
    const { collectOnDeliveryVnd: _, ...free } = byPost;
    expect(resultShipmentFor(resolved, free, centre)?.collectOnDeliveryVnd).toBe(0);
  });

  it('orders nothing for a result returned at the counter or online', () => {
    expect(resultShipmentFor(resolved, { method: 'counter' }, centre)).toBeNull();
    expect(resultShipmentFor(resolved, { method: 'online' }, centre)).toBeNull();
  });

  it('throws (retry, then the DLQ) for a postal return without recipient or address: our data disagrees with itself', () => {
    expect(() => resultShipmentFor(resolved, { method: 'postal', address }, centre)).toThrow(MissingDeliveryFacts);
    expect(() => resultShipmentFor(resolved, { method: 'postal' }, centre)).toThrow(/recipient, address/);
  });
});

describe('inboundPickupFor', () => {
  const facts = PickupFacts.parse({ sender: { fullName: 'Lê Văn Gửi', phone: '0387654321' }, address, centre });

  it('orders a pickup from the citizen to the centre for a dossier filed by post', () => {
    expect(inboundPickupFor(postalReceived, facts)).toMatchObject({
      shipmentId: `SHP-${received.dossierCode}-I`,
      direction: 'inbound',
      service: 'HCC',
      from: { name: 'Lê Văn Gửi', phone: '0387654321', address },
      to: { name: centre.name, address: centre.address },
      collectOnDeliveryVnd: 0,
    });
  });

  it('orders nothing for a dossier filed at the counter or online', () => {
    expect(received.data.channel).toBe('counter');
    expect(inboundPickupFor(received, facts)).toBeNull();
  });
});

describe('the delivery facts', () => {
  it('gives a dossier one shipment id each way, within the id the webhook accepts', () => {
    expect(shipmentIdOf('H38.22-250714-0007', 'outbound')).toBe('SHP-H38.22-250714-0007-R');
    expect(shipmentIdOf('H38.22-250714-0007', 'inbound')).toBe('SHP-H38.22-250714-0007-I');
    expect(shipmentIdOf('X'.repeat(64), 'outbound').length).toBeLessThanOrEqual(80);
  });

  it('refuses an address without its commune or province, a phone not as intake stores it, and unknown fields', () => {
    expect(ResultDeliveryFacts.safeParse({ ...byPost, address: { line: address.line, province: 'Tây Ninh' } }).success).toBe(false);
    expect(ResultDeliveryFacts.safeParse({ ...byPost, recipient: { fullName: 'Trần Thị Mẫu', phone: '+84912345678' } }).success).toBe(false);
    expect(ResultDeliveryFacts.safeParse({ ...byPost, district: 'Hòa Thành' }).success).toBe(false);
  });
});
