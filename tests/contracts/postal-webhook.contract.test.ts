import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { SHIPMENT_UPDATED_SCHEMA_FILE } from '../../services/postal/scripts/webhook-schema.ts';
import { ShipmentUpdated, shipmentUpdatedJsonSchema } from '../../services/postal/domain/webhook-payload.ts';

/**
 * The partners' webhook payload (tests/contracts/postal, see the README there): the published
 * JSON Schema is today's zod schema, and every example fixture is accepted by both, unchanged.
 */

const DIR = new URL('./postal/', import.meta.url);
const fixtures = readdirSync(DIR)
  .filter((name) => /^shipment\.updated\.v1\.[a-z-]+\.json$/.test(name) && !name.endsWith('.schema.json'))
  .map((name) => [name, JSON.parse(readFileSync(new URL(name, DIR), 'utf8')) as unknown] as const);
const committed = readFileSync(SHIPMENT_UPDATED_SCHEMA_FILE, 'utf8');
const fromJsonSchema = z.fromJSONSchema(JSON.parse(committed) as z.core.JSONSchema.JSONSchema);

describe('shipment.updated v1', () => {
  it('committed JSON Schema is a fresh generation from the zod schema', () => {
    expect(committed, 'stale: run `node services/postal/scripts/webhook-schema.ts` and commit it').toBe(shipmentUpdatedJsonSchema());
  });

  it('has the three situations partners must see: delivered with recipient, in transit with location, failed with attempt and note', () => {
    expect(fixtures.map(([name]) => name).sort()).toEqual([
      'shipment.updated.v1.delivered.json',
      'shipment.updated.v1.delivery-failed.json',
      'shipment.updated.v1.in-transit.json',
    ]);
    const data = Object.fromEntries(fixtures.map(([name, fixture]) => [name, ShipmentUpdated.parse(fixture).data]));
    expect(data['shipment.updated.v1.delivered.json']).toMatchObject({ status: 'delivered', recipientName: expect.any(String) });
    expect(data['shipment.updated.v1.in-transit.json']).toMatchObject({ status: 'in_transit', location: expect.any(String) });
    expect(data['shipment.updated.v1.delivery-failed.json']).toMatchObject({ status: 'delivery_failed', attempt: 2, note: expect.any(String) });
  });

  it.each(fixtures)('%s parses with the zod schema and with the committed JSON Schema', (_, fixture) => {
    expect(ShipmentUpdated.safeParse(fixture).error).toBeUndefined();
    expect(fromJsonSchema.safeParse(fixture).error).toBeUndefined();
  });

  it.each(fixtures)('%s with an unknown field, or without a required one, is refused by both', (_, fixture) => {
    const { data, ...envelope } = fixture as { data: Record<string, unknown> };
    const { occurredAt: _occurredAt, ...withoutOccurredAt } = data;
    const spoiled = [{ ...envelope, data: { ...data, recipient_name: 'Nguyễn Văn A' } }, { ...envelope, data: withoutOccurredAt }, { ...envelope, data, extra: 1 }];
    for (const payload of spoiled) {
      expect(ShipmentUpdated.safeParse(payload).success).toBe(false);
      expect(fromJsonSchema.safeParse(payload).success).toBe(false);
    }
  });
});
