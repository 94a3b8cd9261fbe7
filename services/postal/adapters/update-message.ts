import * as z from 'zod';
import type { ShipmentUpdated } from '../domain/webhook-payload.ts';
import type { RawTrackingUpdate } from './partner.ts';

/**
 * What goes on the partner-updates queue: one update as the partner sent it (code and time
 * unread, so nothing is lost to our reading of them) and when we received it. The webhook route
 * and the poller both feed this queue, so one consumer applies every update the same way.
 */
export const PartnerUpdateMessage = z
  .strictObject({
    partner: z.string().min(1),
    updateId: z.string().min(1).max(300),
    shipmentId: z.string().min(1).optional(),
    /** What a webhook says the shipment's dossier is: checked against ours. */
    dossierCode: z.string().min(1).optional(),
    trackingNumber: z.string().min(1).optional(),
    rawStatus: z.string().min(1),
    partnerTime: z.string().min(1),
    location: z.string().optional(),
    note: z.string().optional(),
    recipientName: z.string().optional(),
    attempt: z.number().int().positive().optional(),
    receivedAt: z.iso.datetime(),
    /** Which way it came: for metrics and the officer's history. */
    via: z.enum(['webhook', 'poll']),
  })
  .refine((message) => message.shipmentId !== undefined || message.trackingNumber !== undefined, 'an update names its shipment or its tracking number');
export type PartnerUpdateMessage = z.infer<typeof PartnerUpdateMessage>;

/** A verified webhook's update: its `webhook-id` is the update's id (the same for every retry). */
export function messageOfWebhook(partner: string, webhookId: string, payload: ShipmentUpdated, receivedAt: Date): PartnerUpdateMessage {
  const { data } = payload;
  return {
    partner,
    updateId: webhookId,
    shipmentId: data.shipmentId,
    dossierCode: data.dossierCode,
    rawStatus: data.status,
    partnerTime: data.occurredAt,
    ...(data.location === undefined ? {} : { location: data.location }),
    ...(data.note === undefined ? {} : { note: data.note }),
    ...(data.recipientName === undefined ? {} : { recipientName: data.recipientName }),
    ...(data.attempt === undefined ? {} : { attempt: data.attempt }),
    receivedAt: receivedAt.toISOString(),
    via: 'webhook',
  };
}

/** A polled row, as the adapter gave it. */
export function messageOfPolled(raw: RawTrackingUpdate, receivedAt: Date): PartnerUpdateMessage {
  return { ...raw, receivedAt: receivedAt.toISOString(), via: 'poll' };
}
