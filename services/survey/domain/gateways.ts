import * as z from 'zod';
import { notFound } from '../../../libs/platform/errors.ts';
import data from '../data/gateways.json' with { type: 'json' };

/**
 * The SMS gateways, as data (data/gateways.json): a province contracts Twilio or a Vietnamese
 * brandname gateway, and a gateway's codes change without our code changing. Every provider's
 * delivery codes map onto one vocabulary, the one reporting counts and the officer reads.
 */

/**
 * What became of a message we sent. `queued` (the gateway has it), `sending` (being handed to the
 * carrier), `sent` (the carrier has it), then one end: `delivered` (on the handset), `undelivered`
 * (the carrier could not deliver it) or `failed` (never sent: a bad number, a refused request).
 */
export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'undelivered'] as const;
export const DeliveryStatus = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** How far a message got, and which statuses are final: the rule lives with the messages (message.ts). */
export { DELIVERY_RANK, isFinal } from './message.ts';

/** A gateway's own code as it sends it: `delivered`, `partially_delivered`, `2`. */
export const GatewayCode = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'a code: 1–40 letters, digits, _ . -');

export const GATEWAY_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What a brandname gateway's answer code to a send means for us. */
export const SendOutcome = z.enum(['accepted', 'duplicate', 'rejected', 'unauthorized', 'retry']);
export type SendOutcome = z.infer<typeof SendOutcome>;

export const Gateway = z.strictObject({
  /** In URLs (`/surveys/sms/{id}/…`) and on every message. */
  id: z.string().max(40).regex(GATEWAY_ID_PATTERN, 'lower-case letters and digits, words joined by -'),
  name: z.string().min(1),
  /** Which adapter speaks to it. */
  kind: z.enum(['twilio', 'brandname']),
  /** Where the codes come from, and whether they are confirmed with the provider. */
  codesSource: z.string().min(1),
  statusCodes: z.record(GatewayCode, z.strictObject({ status: DeliveryStatus, label: z.string().min(1) })).refine(
    (codes) => Object.values(codes).some((code) => code.status === 'delivered'),
    'a gateway must have a code for delivered, or no message of it could ever be delivered',
  ),
  /** Codes the provider uses that are not about a message we sent (Twilio's `received`): never a delivery status. */
  notDeliveryCodes: z.record(GatewayCode, z.string().min(1)).optional(),
  /** The answer codes of a send (brandname gateways answer 200 with a code of their own). */
  sendCodes: z.record(GatewayCode, z.strictObject({ outcome: SendOutcome, label: z.string().min(1) })).optional(),
});
export type Gateway = z.infer<typeof Gateway>;

export const Gateways = z
  .array(Gateway)
  .refine((gateways) => new Set(gateways.map((g) => g.id)).size === gateways.length, 'gateway ids must be unique')
  .refine((gateways) => gateways.every((g) => Object.keys(g.notDeliveryCodes ?? {}).every((code) => !Object.hasOwn(g.statusCodes, code))), 'a code is a delivery status or not, not both');

export const GATEWAYS: readonly Gateway[] = Gateways.parse(data);

/** The gateway of that id. (A callback to /surveys/sms/{unknown}/… is refused earlier, by its authentication, with a 401.) */
export function gatewayById(id: string, gateways: readonly Gateway[] = GATEWAYS): Gateway {
  const gateway = gateways.find((g) => g.id === id);
  if (!gateway) throw notFound({ vi: 'cổng SMS', en: 'SMS gateway' }, { gateway: id.slice(0, 40) });
  return gateway;
}

/**
 * A gateway's raw code in our vocabulary.
 *
 * An unknown code is `unmapped`, not an error: the report is authentic and says something we
 * cannot read yet (a code the provider added). It is kept with the message (counted, shown) and
 * changes nothing until the code is added to gateways.json. A `notDelivery` code is one the
 * provider documents but that never describes a message we sent: kept, never applied either.
 */
export type MappedDeliveryStatus =
  | { readonly mapped: true; readonly rawCode: string; readonly status: DeliveryStatus }
  | { readonly mapped: false; readonly rawCode: string; readonly why: 'unknown' | 'not_delivery' };

export function mapDeliveryStatus(gateway: Gateway, rawCode: string | number): MappedDeliveryStatus {
  const code = String(rawCode).trim();
  const entry = Object.hasOwn(gateway.statusCodes, code) ? gateway.statusCodes[code] : undefined;
  if (entry) return { mapped: true, rawCode: code, status: entry.status };
  return { mapped: false, rawCode: code, why: gateway.notDeliveryCodes && Object.hasOwn(gateway.notDeliveryCodes, code) ? 'not_delivery' : 'unknown' };
}

/** What a send's answer code means; an unknown code is `undefined` (the adapter treats it as a refusal to look at). */
export function sendOutcomeOf(gateway: Gateway, rawCode: string | number): SendOutcome | undefined {
  const code = String(rawCode).trim();
  return gateway.sendCodes && Object.hasOwn(gateway.sendCodes, code) ? gateway.sendCodes[code]!.outcome : undefined;
}
