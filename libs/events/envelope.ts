import * as z from 'zod';

/**
 * What every event on the bus shares, whoever produced it. A producer's catalog
 * (`intake.ts`, `postal.ts`, …) adds its types; `type` + `version` select the schema
 * of `data`. A breaking change to an event gets a new version, and consumers keep
 * accepting the old one until none are in flight.
 */

export const isoInstant = z.iso.datetime({ offset: true });

/** The services that publish on the bus; each has its own outbox table and publisher. */
export const PRODUCERS = ['intake', 'postal', 'survey'] as const;
export type Producer = (typeof PRODUCERS)[number];

export const Actor = z.object({
  kind: z.enum(['officer', 'citizen', 'system']),
  id: z.string().optional(),
  agency: z.string().optional(),
});
export type Actor = z.infer<typeof Actor>;

/**
 * The fields every event carries besides `type` and `data`. A catalog builds each type's
 * schema as `z.object({ ...ENVELOPE, type: z.literal(type), data })`.
 */
export const ENVELOPE = {
  eventId: z.uuid(),
  version: z.literal(1),
  /** The instant of the change itself (not of its publication, nor of a batch it was part of). */
  occurredAt: isoInstant,
  /**
   * The version of the aggregate after the change (the dossier's for intake, the shipment's
   * for postal): orders one aggregate's events without trusting clocks or arrival order.
   */
  sequence: z.number().int().positive(),
  dossierCode: z.string(),
  agencyCode: z.string(),
  procedureCode: z.string(),
  actor: Actor,
};

/** One event type's schema: the envelope, its literal `type`, and its `data`. */
export type EventSchema<T extends string, D extends z.ZodType> = z.ZodObject<typeof ENVELOPE & { type: z.ZodLiteral<T>; data: D }>;

/** A producer's catalog from its data schemas by type: every type's full event schema (version 1). */
export function catalogOf<const D extends Record<string, z.ZodType>>(eventData: D): { [T in keyof D & string]: EventSchema<T, D[T]> } {
  return Object.fromEntries(
    Object.entries(eventData).map(([type, data]) => [type, z.object({ ...ENVELOPE, type: z.literal(type), data })]),
  ) as { [T in keyof D & string]: EventSchema<T, D[T]> };
}
