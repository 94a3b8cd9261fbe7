import * as z from 'zod';
import { freeText } from '../../../libs/platform/text.ts';
import { PartnerTime } from './local-time.ts';
import { PartnerStatusCode } from './partners.ts';
import { SHIPMENT_STATUSES } from './status.ts';

/**
 * What a Standard Webhooks partner posts to POST /postal/webhooks/{partner} once its signature
 * has been checked on the raw body: one update of one shipment. Version 1, published as JSON
 * Schema (tests/contracts/postal/shipment.updated.v1.schema.json, from `shipmentUpdatedJsonSchema`)
 * with example fixtures beside it.
 *
 * Strict: a field we do not know is refused (400) rather than dropped, since the likeliest
 * unknown field is a misspelt known one (`recipient_name`), which would otherwise lose the
 * recipient silently. Times are ISO 8601 instants with their offset, normalised to UTC.
 */

const instant = z.iso.datetime({ offset: true }).pipe(PartnerTime);

export const ShipmentUpdatedData = z.strictObject({
  shipmentId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'our shipment id: 1–80 letters, digits, . _ -')
    .meta({ description: 'Our shipment id, as we gave it when we created the shipment.', examples: ['SHP-H38.22-250714-0007-R'] }),
  dossierCode: z
    .string()
    .regex(/^[A-Z0-9][A-Z0-9.-]{0,63}$/, 'the dossier code: 1–64 capital letters, digits, . -')
    .meta({ description: 'The client reference we gave: the dossier code.', examples: ['H38.22-250714-0007'] }),
  status: PartnerStatusCode.meta({
    description: `The partner's status code, agreed with us and mapped onto our vocabulary; a partner may use our vocabulary itself: ${SHIPMENT_STATUSES.join(', ')}.`,
  }),
  occurredAt: instant.meta({ description: 'When it happened (not when it was sent): an ISO 8601 instant with its offset.' }),
  /** Where: a post office, a sorting centre. */
  location: freeText({ max: 200 }).optional(),
  /** The carrier's remark, e.g. why a delivery failed. */
  note: freeText({ max: 500, multiline: true }).optional(),
  /** Who signed for the package, on delivery. */
  recipientName: freeText({ max: 200 }).optional(),
  attempt: z.number().int().min(1).max(20).meta({ description: 'Which delivery attempt this was (out_for_delivery, delivery_failed).' }).optional(),
});

export const ShipmentUpdated = z.strictObject({
  type: z.literal('shipment.updated'),
  timestamp: instant.meta({ description: 'When the partner sent this update (the signature covers the webhook-timestamp header, not this).' }),
  data: ShipmentUpdatedData,
});
export type ShipmentUpdated = z.infer<typeof ShipmentUpdated>;

/** What the webhook route answers once the update is queued (202): the `webhook-id` it was queued under. */
export const WebhookAccepted = z.strictObject({
  accepted: z.literal(true),
  id: z.string().meta({ description: 'The `webhook-id` of the request: a retry with the same id is accepted again and changes nothing.' }),
});
export type WebhookAccepted = z.output<typeof WebhookAccepted>;

export const SHIPMENT_UPDATED_SCHEMA_ID = 'https://motcua.example/contracts/postal/shipment.updated.v1.schema.json';

/** The published JSON Schema of the payload, as the committed file holds it (with its final newline). */
export function shipmentUpdatedJsonSchema(): string {
  const schema = z.toJSONSchema(ShipmentUpdated, { io: 'input' });
  const published = {
    $schema: schema.$schema,
    $id: SHIPMENT_UPDATED_SCHEMA_ID,
    title: 'shipment.updated (version 1)',
    description: 'One update of one shipment, posted by a postal partner to POST /postal/webhooks/{partner}, signed with Standard Webhooks. See docs/postal-partners.md.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
  return `${JSON.stringify(published, null, 2)}\n`;
}
