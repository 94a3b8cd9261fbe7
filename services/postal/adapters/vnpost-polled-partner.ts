import * as z from 'zod';
import type { ShipmentOrder } from '../domain/creation.ts';
import { partnerById, type Partner } from '../domain/partners.ts';
import { partnerClient, type PartnerConnection } from './http-client.ts';
import { PartnerError, type CreatedShipment, type PartnerAdapter, type RawTrackingUpdate, type ShipmentRef, type TrackingPage } from './partner.ts';

/**
 * The polled partner (`vnpost` in partners.json): a scheduled job asks for tracking pages since
 * the last cursor and feeds each update to the same pipeline as webhooks (`readTrackingUpdate`
 * maps the numeric code through partners.json and reads the Vietnam-time stamp).
 *
 * The API shapes here are OUR REFERENCE SHAPES, modelled on the tracking pages existing VNPost
 * integrations consume; none is taken from a published VNPost document, so each is to be
 * confirmed with VNPost (like its status codes, see partners.json) before production:
 *   GET /tracking?since=<cursor>  →  200 {items: [{itemCode, status: <numeric code>,
 *     time: 'dd/MM/yyyy HH:mm:ss', location?, note?, receiver?}], next?}  (no `next`: caught up).
 *   POST /orders {orderNumber, serviceCode: 'HCC', receiverName, receiverPhone?, receiverAddress,
 *     receiverCommune, receiverProvince, content, codAmount}  →  201 {itemCode}; the same
 *     orderNumber again → 200 with the same itemCode.
 *   POST /orders/{itemCode}/cancel  →  2xx.
 */

export interface VnpostPolledPartnerOptions extends PartnerConnection {
  readonly partner?: Partner;
}

const text = (max: number) => z.string().max(max);

const TrackingItem = z.object({
  itemCode: z.string().regex(/^[A-Za-z0-9-]{1,40}$/),
  // Numeric in the reference shape; a string of digits is read the same.
  status: z.union([z.number().int().nonnegative(), z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/)]),
  // Read by PartnerTime later, so an unreadable time is reported with its update, not as a broken page.
  time: text(40),
  location: text(200).optional(),
  note: text(500).optional(),
  receiver: text(120).optional(),
});
const TrackingPageBody = z.object({ items: z.array(TrackingItem).max(1_000), next: z.string().min(1).max(500).optional() });

const Created = z.object({ itemCode: z.string().regex(/^[A-Za-z0-9-]{1,40}$/) });

export function vnpostPolledPartner(options: VnpostPolledPartnerOptions): PartnerAdapter {
  const partner = options.partner ?? partnerById('vnpost');
  const http = partnerClient(partner.id, options);
  const badResponse = (what: string, status: number) => new PartnerError({ partner: partner.id, reason: 'bad_response', status, message: `${what} answered ${status} in a shape we do not read` });

  return {
    partner,

    async createShipment(order: ShipmentOrder): Promise<CreatedShipment> {
      const response = await http.request({
        method: 'POST',
        path: '/orders',
        body: {
          orderNumber: order.shipmentId,
          serviceCode: order.service,
          receiverName: order.to.name,
          ...(order.to.phone ? { receiverPhone: order.to.phone } : {}),
          receiverAddress: order.to.address.line,
          receiverCommune: order.to.address.commune,
          receiverProvince: order.to.address.province,
          content: order.contents,
          codAmount: order.collectOnDeliveryVnd,
        },
      });
      const body = Created.safeParse(response.body);
      if (!body.success || (response.status !== 200 && response.status !== 201)) throw badResponse('POST /orders', response.status);
      return { trackingNumber: body.data.itemCode, created: response.status === 201 };
    },

    async cancelShipment(shipment: ShipmentRef): Promise<void> {
      await http.request({ method: 'POST', path: `/orders/${encodeURIComponent(shipment.trackingNumber)}/cancel` });
    },

    async trackingSince(cursor: string | null): Promise<TrackingPage> {
      const response = await http.request({ method: 'GET', path: '/tracking', query: { since: cursor ?? undefined } });
      const page = TrackingPageBody.safeParse(response.body);
      if (!page.success) throw badResponse('GET /tracking', response.status);
      const updates = page.data.items.map((item): RawTrackingUpdate => {
        const rawStatus = String(item.status);
        return {
          partner: partner.id,
          // The rows carry no id of their own: what a row says is its identity, so the same row
          // served on two pages counts once.
          updateId: `${item.itemCode}:${rawStatus}:${item.time}`,
          trackingNumber: item.itemCode,
          rawStatus,
          partnerTime: item.time,
          ...(item.location === undefined ? {} : { location: item.location }),
          ...(item.note === undefined ? {} : { note: item.note }),
          ...(item.receiver === undefined ? {} : { recipientName: item.receiver }),
        };
      });
      // No `next`: caught up. Keep the cursor we had, so the next poll asks from the same place.
      return { updates, nextCursor: page.data.next ?? cursor, more: page.data.next !== undefined };
    },
  };
}
