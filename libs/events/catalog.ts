import { z } from 'zod';

/**
 * The catalog of intake's domain events. Every event travels in the same envelope;
 * `type` + `version` select the schema of `data`. A breaking change to an event gets
 * a new version, and consumers keep accepting the old one until none are in flight.
 */

const isoInstant = z.iso.datetime({ offset: true });

export const Actor = z.object({
  kind: z.enum(['officer', 'citizen', 'system']),
  id: z.string().optional(),
  agency: z.string().optional(),
});
export type Actor = z.infer<typeof Actor>;

const Channel = z.enum(['counter', 'online', 'postal']);
const DeliveryMethod = z.enum(['counter', 'postal', 'online']);
const Verdict = z.enum(['early', 'on-time', 'late']);

/** A transfer leg that this change closed, judged on its own deadline. */
const ClosedLeg = z.object({ leg: z.number().int().positive(), toAgency: z.string(), closedAt: isoInstant, verdict: Verdict.nullable() });

const DossierFacts = z.object({
  status: z.string(),
  statusCode: z.number().int(),
  dueAt: isoInstant.nullable(),
});

const eventData = {
  DossierReceived: DossierFacts.extend({
    channel: Channel,
    receivedAt: isoInstant,
    resultDelivery: DeliveryMethod,
    procedureLevel: z.enum(['province', 'district', 'commune']),
    onlineLevel: z.enum(['toan-trinh', 'mot-phan']),
  }),
  DossierAccepted: DossierFacts,
  DossierProcessingStarted: DossierFacts,
  DossierSupplementRequested: DossierFacts.extend({
    missing: z.array(z.string()),
    clock: z.enum(['pause', 'restart']),
    /** Added in place (optional, so v1 still reads): when the dossier closes if not completed. */
    closesAt: isoInstant.optional(),
  }),
  DossierSupplementReceived: DossierFacts,
  DossierPaymentRequested: DossierFacts.extend({ amountVnd: z.number().int().nonnegative() }),
  DossierPaymentReceived: DossierFacts,
  DossierTransferred: DossierFacts.extend({
    fromAgency: z.string(),
    toAgency: z.string(),
    leg: z.number().int().positive(),
    /** The receiving agency's deadline for its leg. */
    legDueAt: isoInstant.optional(),
    closedLeg: ClosedLeg.optional(),
  }),
  DossierExtended: DossierFacts.extend({ previousDueAt: isoInstant, reason: z.string() }),
  /** `verdict` is against the statutory appointment; `appointmentKept` says whether an apology's new one was met. */
  DossierResolved: DossierFacts.extend({ resolvedAt: isoInstant, verdict: Verdict, appointmentKept: z.boolean().optional(), closedLeg: ClosedLeg.optional() }),
  /** Added in place (optional, so v1 still reads): for a result delivered by post, when it reached the citizen. */
  DossierResultReturned: DossierFacts.extend({ method: DeliveryMethod, deliveredAt: isoInstant.optional() }),
  DossierRefused: DossierFacts.extend({ reason: z.string(), closedLeg: ClosedLeg.optional() }),
  DossierWithdrawn: DossierFacts.extend({ closedLeg: ClosedLeg.optional() }),
  /** The appointment is within `margin` (one working day; three office hours); once per appointment and margin. */
  DossierDueSoon: DossierFacts.extend({ margin: z.object({ unit: z.enum(['workingDays', 'workingHours']), value: z.number().positive() }) }),
  /** The appointment passed with the dossier still open; once per appointment. */
  DossierOverdue: DossierFacts,
  /** The citizen did not complete the dossier within the procedure's closing period; it is closed. */
  DossierSupplementExpired: DossierFacts.extend({ closesAt: isoInstant, closedLeg: ClosedLeg.optional() }),
} as const;

export type DomainEventType = keyof typeof eventData;
export const DOMAIN_EVENT_TYPES = Object.keys(eventData) as DomainEventType[];

const envelope = <T extends DomainEventType>(type: T) =>
  z.object({
    eventId: z.uuid(),
    type: z.literal(type),
    version: z.literal(1),
    occurredAt: isoInstant,
    dossierCode: z.string(),
    agencyCode: z.string(),
    procedureCode: z.string(),
    actor: Actor,
    data: eventData[type],
  });

export const DomainEvent = z.discriminatedUnion(
  'type',
  DOMAIN_EVENT_TYPES.map((type) => envelope(type)) as unknown as [
    ReturnType<typeof envelope<'DossierReceived'>>,
    ...ReturnType<typeof envelope<DomainEventType>>[],
  ],
);
export type DomainEvent = {
  [T in DomainEventType]: z.infer<ReturnType<typeof envelope<T>>>;
}[DomainEventType];
export type EventData<T extends DomainEventType> = z.infer<(typeof eventData)[T]>;

/** Parses and validates an event, typed by its own type (the schema's inferred union is wider). */
export function parseDomainEvent(value: unknown): DomainEvent {
  return DomainEvent.parse(value) as DomainEvent;
}
