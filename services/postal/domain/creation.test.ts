import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DeliveryFacts } from '../../../libs/contracts/intake-delivery.ts';
import { INTAKE_EVENTS } from '../../../libs/events/intake.ts';
import { inboundPickupFor, MissingDeliveryFacts, resultShipmentFor, shipmentIdOf } from './creation.ts';

const frozen = (file: string) => JSON.parse(readFileSync(new URL(`../../../tests/contracts/events/intake/${file}`, import.meta.url), 'utf8')) as unknown;
const resolved = INTAKE_EVENTS.DossierResolved.parse(frozen('DossierResolved.v1.json'));
const received = INTAKE_EVENTS.DossierReceived.parse(frozen('DossierReceived.v1.json'));
const postalReceived = { ...received, data: { ...received.data, channel: 'postal' as const } };

const address = { line: 'Số 12, ấp Trường Phước', commune: 'Xã Trường Tây', province: 'Tây Ninh' };
const centre = { name: 'Trung tâm Phục vụ hành chính công xã Trường Tây', address: { line: 'Số 1, đường 30/4', commune: 'Xã Trường Tây', province: 'Tây Ninh' } };
const facts = (overrides: Partial<DeliveryFacts> = {}): DeliveryFacts =>
  DeliveryFacts.parse({
    found: true,
    dossierCode: resolved.dossierCode,
    agencyCode: resolved.agencyCode,
    applicant: { fullName: 'Trần Thị Mẫu', phone: '0912345678' },
    resultDelivery: { method: 'postal', address },
    collectOnDeliveryVnd: 25_000,
    centre,
    ...overrides,
  });

describe('resultShipmentFor', () => {
  it('orders the result of a postal return to the citizen: our id from the dossier code, service HCC, fees on delivery', () => {
    expect(resultShipmentFor(resolved, facts())).toEqual({
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
    expect(resultShipmentFor(again, facts())).toEqual(resultShipmentFor(resolved, facts()));
  });

  it('collects nothing when no fee is due', () => {
    expect(resultShipmentFor(resolved, facts({ collectOnDeliveryVnd: 0 }))?.collectOnDeliveryVnd).toBe(0);
  });

  it('orders nothing for a result returned at the counter or online', () => {
    expect(resultShipmentFor(resolved, facts({ resultDelivery: { method: 'counter' } }))).toBeNull();
    expect(resultShipmentFor(resolved, facts({ resultDelivery: { method: 'online' } }))).toBeNull();
  });

  it('throws (retry, then the DLQ) for a postal return without an address, or from a centre without one: our data disagrees with itself', () => {
    expect(() => resultShipmentFor(resolved, facts({ resultDelivery: { method: 'postal' } }))).toThrow(MissingDeliveryFacts);
    expect(() => resultShipmentFor(resolved, facts({ resultDelivery: { method: 'postal' }, centre: { name: centre.name, address: null } }))).toThrow(
      /delivery address, the centre's address/,
    );
  });
});

describe('inboundPickupFor', () => {
  const pickup = facts({ applicant: { fullName: 'Lê Văn Gửi', phone: '0387654321' }, pickupAddress: address, resultDelivery: { method: 'counter' } });

  it('orders a pickup from the citizen to the centre for a dossier filed by post', () => {
    expect(inboundPickupFor(postalReceived, pickup)).toMatchObject({
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
    expect(inboundPickupFor(received, pickup)).toBeNull();
  });

  it('throws for a postal filing without the pickup address', () => {
    expect(() => inboundPickupFor(postalReceived, facts())).toThrow(/pickup address/);
  });
});

describe('the delivery facts', () => {
  it('gives a dossier one shipment id each way, within the id the webhook accepts', () => {
    expect(shipmentIdOf('H38.22-250714-0007', 'outbound')).toBe('SHP-H38.22-250714-0007-R');
    expect(shipmentIdOf('H38.22-250714-0007', 'inbound')).toBe('SHP-H38.22-250714-0007-I');
    expect(shipmentIdOf('X'.repeat(64), 'outbound').length).toBeLessThanOrEqual(80);
  });

  it('refuses an address without its commune or province, a phone not as intake stores it, and unknown fields', () => {
    const valid = facts();
    expect(DeliveryFacts.safeParse({ ...valid, resultDelivery: { method: 'postal', address: { line: address.line, province: 'Tây Ninh' } } }).success).toBe(false);
    expect(DeliveryFacts.safeParse({ ...valid, applicant: { fullName: 'Trần Thị Mẫu', phone: '+84912345678' } }).success).toBe(false);
    expect(DeliveryFacts.safeParse({ ...valid, district: 'Hòa Thành' }).success).toBe(false);
  });
});
