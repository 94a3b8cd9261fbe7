import { describe, expect, it } from 'vitest';
import data from '../data/gateways.json' with { type: 'json' };
import { DELIVERY_RANK, DELIVERY_STATUSES, Gateway, gatewayById, GATEWAYS, Gateways, isFinal, mapDeliveryStatus, sendOutcomeOf } from './gateways.ts';

/** Every MessageStatus value Twilio documents for the Message resource. */
const TWILIO_MESSAGE_STATUSES = ['accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'canceled', 'read', 'receiving', 'received', 'partially_delivered'];

describe('gateways.json', () => {
  it('every gateway conforms to the Gateway schema', () => {
    for (const [i, raw] of (data as unknown[]).entries()) {
      const result = Gateway.safeParse(raw);
      expect(result.success, `gateway #${i}: ${result.error?.message ?? ''}`).toBe(true);
    }
  });

  it('holds Twilio and the Vietnamese brandname gateway', () => {
    expect(GATEWAYS.map((g) => [g.id, g.kind])).toEqual([
      ['twilio', 'twilio'],
      ['vn-brandname', 'brandname'],
    ]);
  });

  it('Twilio: every documented MessageStatus is either mapped or marked as not about a message we sent', () => {
    const twilio = gatewayById('twilio');
    const known = [...Object.keys(twilio.statusCodes), ...Object.keys(twilio.notDeliveryCodes ?? {})].sort();
    expect(known).toEqual([...TWILIO_MESSAGE_STATUSES].sort());
    expect(mapDeliveryStatus(twilio, 'delivered')).toEqual({ mapped: true, rawCode: 'delivered', status: 'delivered' });
    expect(mapDeliveryStatus(twilio, 'accepted')).toEqual({ mapped: true, rawCode: 'accepted', status: 'queued' });
    expect(mapDeliveryStatus(twilio, 'canceled')).toEqual({ mapped: true, rawCode: 'canceled', status: 'failed' });
    expect(mapDeliveryStatus(twilio, 'received')).toEqual({ mapped: false, rawCode: 'received', why: 'not_delivery' });
  });

  it('the brandname codes are placeholders marked as assumptions to confirm', () => {
    const brandname = gatewayById('vn-brandname');
    expect(brandname.codesSource).toMatch(/ASSUMPTION/);
    expect(mapDeliveryStatus(brandname, 2)).toEqual({ mapped: true, rawCode: '2', status: 'delivered' });
    expect(sendOutcomeOf(brandname, '00')).toBe('accepted');
    expect(sendOutcomeOf(brandname, '99')).toBe('retry');
    expect(sendOutcomeOf(brandname, '77')).toBeUndefined();
  });

  it('every gateway reaches every end a message can have', () => {
    for (const gateway of GATEWAYS) {
      const reached = new Set(Object.values(gateway.statusCodes).map((c) => c.status));
      for (const status of DELIVERY_STATUSES.filter(isFinal)) expect(reached.has(status), `${gateway.id} → ${status}`).toBe(true);
    }
  });

  it('refuses duplicate ids, a code mapped outside the vocabulary, a gateway with no delivered code, a code both mapped and not', () => {
    const twilio = data[0]!;
    expect(Gateways.safeParse([twilio, twilio]).success).toBe(false);
    expect(Gateway.safeParse({ ...twilio, statusCodes: { delivered: { status: 'done', label: 'x' } } }).success).toBe(false);
    expect(Gateway.safeParse({ ...twilio, statusCodes: { sent: { status: 'sent', label: 'x' } } }).success).toBe(false);
    expect(Gateway.safeParse({ ...twilio, id: 'Twilio SMS' }).success).toBe(false);
    expect(Gateways.safeParse([{ ...twilio, notDeliveryCodes: { delivered: 'x' } }]).success).toBe(false);
  });
});

describe('mapDeliveryStatus', () => {
  it('leaves an unknown code unmapped (kept, not applied), inherited property names included', () => {
    const brandname = gatewayById('vn-brandname');
    expect(mapDeliveryStatus(brandname, 42)).toEqual({ mapped: false, rawCode: '42', why: 'unknown' });
    expect(mapDeliveryStatus(gatewayById('twilio'), 'DELIVERED')).toEqual({ mapped: false, rawCode: 'DELIVERED', why: 'unknown' });
    expect(mapDeliveryStatus(brandname, 'constructor')).toEqual({ mapped: false, rawCode: 'constructor', why: 'unknown' });
    expect(sendOutcomeOf(brandname, '__proto__')).toBeUndefined();
  });

  it('ranks the ends above everything before them, so a late sent never undoes delivered', () => {
    expect(DELIVERY_RANK.sent).toBeLessThan(DELIVERY_RANK.delivered);
    expect(DELIVERY_STATUSES.filter(isFinal)).toEqual(['delivered', 'failed', 'undelivered']);
  });

  it('refuses an unknown gateway id with NOT_FOUND', () => {
    expect(() => gatewayById('viettel')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
