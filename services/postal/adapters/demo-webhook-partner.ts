import * as z from 'zod';
import type { ShipmentOrder } from '../domain/creation.ts';
import { partnerById, type Partner } from '../domain/partners.ts';
import { partnerClient, type PartnerConnection } from './http-client.ts';
import { PartnerError, type CreatedShipment, type PartnerAdapter, type ShipmentRef, type TrackingPage } from './partner.ts';

/**
 * The Standard Webhooks partner (`demo-webhook` in partners.json): we create and cancel over its
 * API, and it pushes tracking to POST /postal/webhooks/demo-webhook, so there is nothing to poll.
 *
 * The API shape here is OUR REFERENCE SHAPE, the one the local simulator plays and the one we
 * offer a partner without an API of its own; a real partner's shape is to be confirmed with it
 * and gets its own adapter:
 *   POST /shipments {clientReference, service: 'HCC', recipient {name, phone?}, address {line,
 *     commune, province}, contents, codAmountVnd?}  →  201 {trackingNumber}; the same
 *     clientReference again → 200 with the same trackingNumber (created once).
 *   DELETE /shipments/{trackingNumber}  →  2xx.
 */

export interface DemoWebhookPartnerOptions extends PartnerConnection {
  readonly partner?: Partner;
}

const Created = z.object({ trackingNumber: z.string().regex(/^[A-Za-z0-9-]{1,40}$/) });

export function demoWebhookPartner(options: DemoWebhookPartnerOptions): PartnerAdapter {
  const partner = options.partner ?? partnerById('demo-webhook');
  const http = partnerClient(partner.id, options);

  return {
    partner,

    async createShipment(order: ShipmentOrder): Promise<CreatedShipment> {
      const response = await http.request({
        method: 'POST',
        path: '/shipments',
        // Our shipment id, not the dossier code: a dossier has up to two shipments (-R, -I).
        headers: { 'idempotency-key': order.shipmentId },
        body: {
          clientReference: order.shipmentId,
          service: order.service,
          recipient: { name: order.to.name, ...(order.to.phone ? { phone: order.to.phone } : {}) },
          address: { line: order.to.address.line, commune: order.to.address.commune, province: order.to.address.province },
          contents: order.contents,
          ...(order.collectOnDeliveryVnd > 0 ? { codAmountVnd: order.collectOnDeliveryVnd } : {}),
        },
      });
      const body = Created.safeParse(response.body);
      if (!body.success || (response.status !== 200 && response.status !== 201)) {
        throw new PartnerError({ partner: partner.id, reason: 'bad_response', status: response.status, message: `POST /shipments answered ${response.status} without a tracking number` });
      }
      return { trackingNumber: body.data.trackingNumber, created: response.status === 201 };
    },

    async cancelShipment(shipment: ShipmentRef): Promise<void> {
      await http.request({ method: 'DELETE', path: `/shipments/${encodeURIComponent(shipment.trackingNumber)}` });
    },

    async trackingSince(cursor: string | null): Promise<TrackingPage> {
      return { updates: [], nextCursor: cursor, more: false };
    },
  };
}
