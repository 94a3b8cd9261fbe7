import * as z from 'zod';
import { freeText } from '../platform/text.ts';

/**
 * Intake's internal read of what a delivery needs: who, where, and the centre. Intake's events
 * carry no personal data, so a service that must reach the citizen (postal's shipments, the
 * survey's SMS) asks intake for these facts by invoking intake's `ReadDeliveryFacts` function
 * (IAM-only: no route, granted to exactly the functions that need it), at the moment it needs
 * them, and keeps them no longer than its own work does. Intake owns this file; callers import it.
 */

/** The environment variable holding the function's name, set by the binding (infra). */
export const DELIVERY_FACTS_FUNCTION_VARIABLE = 'INTAKE_DELIVERY_FACTS_FUNCTION';

/** A structured postal address, as partners need it. */
export const PostalAddress = z.strictObject({
  /** House number, street, hamlet (thôn, ấp, tổ dân phố). */
  line: freeText({ min: 3, max: 200 }),
  /** Commune or ward (xã, phường, đặc khu): the level below the province since 01/7/2025. */
  commune: freeText({ min: 2, max: 100 }),
  province: freeText({ min: 2, max: 100 }),
});
export type PostalAddress = z.infer<typeof PostalAddress>;

export const Person = z.strictObject({
  fullName: freeText({ min: 2, max: 120 }),
  /** As intake stores it: 0 and nine digits. */
  phone: z.string().regex(/^0[35789]\d{8}$/, 'a Vietnamese mobile number as intake stores it, 0 and 9 digits'),
});
export type Person = z.infer<typeof Person>;

/** Why the facts are read; logged (without the facts) so that every read of personal data has a reason. */
export const DeliveryFactsPurpose = z.enum(['result-shipment', 'inbound-pickup', 'survey']);

export const DeliveryFactsRequest = z.strictObject({
  dossierCode: z.string().min(1).max(40),
  purpose: DeliveryFactsPurpose,
});
export type DeliveryFactsRequest = z.infer<typeof DeliveryFactsRequest>;

export const DeliveryFacts = z.strictObject({
  found: z.literal(true),
  dossierCode: z.string(),
  agencyCode: z.string(),
  /** The applicant: whom the result goes to, whom a pickup is collected from, whom a survey asks. */
  applicant: Person,
  /** How the result is returned, and where for a postal return. */
  resultDelivery: z.strictObject({ method: z.enum(['counter', 'postal', 'online']), address: PostalAddress.optional() }),
  /** Where the partner collects a dossier filed through the postal channel. */
  pickupAddress: PostalAddress.optional(),
  /** Fees the postman collects on delivery of the result, in đồng (0: none). */
  collectOnDeliveryVnd: z.number().int().nonnegative(),
  /** The receiving agency's one-stop counter: sender of results, recipient of pickups. */
  centre: z.strictObject({ name: z.string().min(1), address: PostalAddress.nullable() }),
});
export type DeliveryFacts = z.infer<typeof DeliveryFacts>;

export const DeliveryFactsAnswer = z.discriminatedUnion('found', [DeliveryFacts, z.strictObject({ found: z.literal(false), dossierCode: z.string() })]);
export type DeliveryFactsAnswer = z.infer<typeof DeliveryFactsAnswer>;
