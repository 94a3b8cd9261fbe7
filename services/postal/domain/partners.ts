import * as z from 'zod';
import { notFound } from '../../../libs/platform/errors.ts';
import data from '../data/partners.json' with { type: 'json' };
import { ShipmentStatus } from './status.ts';

/**
 * The postal partners, as data (data/partners.json): one province may use two carriers, and a
 * carrier's status codes change without our code changing. `webhook` partners push Standard
 * Webhooks updates (POST /postal/webhooks/{id}); `polled` ones are asked for tracking pages
 * since a cursor by a scheduled job. Both feed the same pipeline, through `mapStatus`.
 */

/** A partner's own status code as it sends it: `100`, `delivered`, `PHATTHANHCONG`. */
export const PartnerStatusCode = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'a status code: 1–40 letters, digits, _ . -');

export const PARTNER_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const Partner = z.strictObject({
  /** In URLs (`/postal/webhooks/{id}`) and on every update and shipment. */
  id: z.string().max(40).regex(PARTNER_ID_PATTERN, 'lower-case letters and digits, words joined by -'),
  name: z.string().min(1),
  kind: z.enum(['webhook', 'polled']),
  /** Where the codes come from, and whether they are confirmed with the partner. */
  codesSource: z.string().min(1),
  statusCodes: z.record(PartnerStatusCode, z.strictObject({ status: ShipmentStatus, label: z.string().min(1) })).refine(
    (codes) => Object.values(codes).some((code) => code.status === 'delivered'),
    'a partner must have a code for delivered, or no shipment of it could ever be delivered',
  ),
});
export type Partner = z.infer<typeof Partner>;

export const Partners = z.array(Partner).refine((partners) => new Set(partners.map((p) => p.id)).size === partners.length, 'partner ids must be unique');

export const PARTNERS: readonly Partner[] = Partners.parse(data);

/**
 * The partner of that id. (A webhook to /postal/webhooks/{unknown} is refused earlier, by the
 * signature check, with the same 401 as any failed authentication: the id picks the secrets.)
 */
export function partnerById(id: string, partners: readonly Partner[] = PARTNERS): Partner {
  const partner = partners.find((p) => p.id === id);
  if (!partner) throw notFound({ vi: 'đối tác bưu chính', en: 'postal partner' }, { partner: id.slice(0, 40) });
  return partner;
}

/**
 * A partner's raw code in our vocabulary.
 *
 * An unknown code is `unmapped`, not an error: the update is authentic (its signature was
 * checked, or we fetched it ourselves) and says something we cannot read yet — a code the
 * partner added. Refusing it would make a webhook partner retry it forever, and losing it would
 * lose the partner's report. So it is kept with the shipment's raw updates (the officer sees it,
 * an alarm can count it) and takes no part in the derived status until the code is added to
 * partners.json and the shipment is derived again.
 */
export type MappedStatus =
  | { readonly mapped: true; readonly rawCode: string; readonly status: ShipmentStatus }
  | { readonly mapped: false; readonly rawCode: string };

export function mapStatus(partner: Partner, rawCode: string | number): MappedStatus {
  const code = String(rawCode).trim();
  const entry = Object.hasOwn(partner.statusCodes, code) ? partner.statusCodes[code] : undefined;
  return entry ? { mapped: true, rawCode: code, status: entry.status } : { mapped: false, rawCode: code };
}
