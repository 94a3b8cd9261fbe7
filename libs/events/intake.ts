import * as z from 'zod';
import { catalogOf, isoInstant, type Actor } from './envelope.ts';

/**
 * Intake's events: every change to a dossier. Intake owns this file; consumers import it.
 */

/** The status vocabulary of the national public service portal, with its numeric codes. */
export const DOSSIER_STATUS_CODES = {
  submitted: 1,
  accepted: 2,
  'not-accepted': 3,
  'in-progress': 4,
  'supplement-requested': 5,
  'payment-requested': 6,
  withdrawn: 7,
  stopped: 8,
  resolved: 9,
  returned: 10,
} as const;
export const DossierStatus = z.enum(Object.keys(DOSSIER_STATUS_CODES) as [keyof typeof DOSSIER_STATUS_CODES, ...(keyof typeof DOSSIER_STATUS_CODES)[]]);
export type DossierStatus = z.infer<typeof DossierStatus>;

/**
 * The actor of the events of dossiers loaded from the previous system (`npm run import`): history,
 * years old. Reporting counts them; a consumer with an effect outside (a shipment, an SMS) skips them.
 */
export const IMPORT_ACTOR = { kind: 'system', id: 'import' } as const satisfies Actor;

/** Whether an event was written by the history import. */
export const isImportedEvent = (event: { actor: Actor }): boolean => event.actor.kind === IMPORT_ACTOR.kind && event.actor.id === IMPORT_ACTOR.id;

const Channel = z.enum(['counter', 'online', 'postal']);
const DeliveryMethod = z.enum(['counter', 'postal', 'online']);
const Verdict = z.enum(['early', 'on-time', 'late']);
/** Why a result could not be delivered by post (postal's ShipmentDeliveryFailed, same values). */
export const RedirectionReason = z.enum(['repeated_failures', 'returned_to_sender']);
export type RedirectionReason = z.infer<typeof RedirectionReason>;

/** A transfer leg that this change closed, judged on its own deadline. */
const ClosedLeg = z.object({ leg: z.number().int().positive(), toAgency: z.string(), closedAt: isoInstant, verdict: Verdict.nullable() });

/** The dossier's state after the change, in every event's data. */
const DossierFacts = z.object({
  status: DossierStatus,
  statusCode: z.number().int().min(1).max(10),
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
  DossierResolved: DossierFacts.extend({
    resolvedAt: isoInstant,
    verdict: Verdict,
    appointmentKept: z.boolean().optional(),
    closedLeg: ClosedLeg.optional(),
    /** Added in place (optional, so v1 still reads): how the result goes back, so postal knows without a read whether to ship it. */
    resultDelivery: DeliveryMethod.optional(),
  }),
  /** Added in place (optional, so v1 still reads): for a result delivered by post, when it reached the citizen. */
  DossierResultReturned: DossierFacts.extend({ method: DeliveryMethod, deliveredAt: isoInstant.optional() }),
  /**
   * The post could not deliver the result (repeated failed attempts, or the package came back):
   * it is now to be collected at the counter. `failedAt` is when the partner gave up.
   */
  DossierResultRedirected: DossierFacts.extend({
    from: z.literal('postal'),
    to: z.literal('counter'),
    reason: RedirectionReason,
    failedAttempts: z.number().int().nonnegative(),
    failedAt: isoInstant,
  }),
  DossierRefused: DossierFacts.extend({ reason: z.string(), closedLeg: ClosedLeg.optional() }),
  DossierWithdrawn: DossierFacts.extend({ closedLeg: ClosedLeg.optional() }),
  /** The appointment is within `margin` (one working day; three office hours); once per appointment and margin. */
  DossierDueSoon: DossierFacts.extend({ margin: z.object({ unit: z.enum(['workingDays', 'workingHours']), value: z.number().positive() }) }),
  /** The appointment passed with the dossier still open; once per appointment. */
  DossierOverdue: DossierFacts,
  /** The citizen did not complete the dossier within the procedure's closing period; it is closed. */
  DossierSupplementExpired: DossierFacts.extend({ closesAt: isoInstant, closedLeg: ClosedLeg.optional() }),
} as const;

export type IntakeEventType = keyof typeof eventData;
export const INTAKE_EVENT_TYPES = Object.keys(eventData) as IntakeEventType[];

/** Every intake event schema, by type (version 1). */
export const INTAKE_EVENTS = catalogOf(eventData);
export type IntakeEvent = { [T in IntakeEventType]: z.infer<(typeof INTAKE_EVENTS)[T]> }[IntakeEventType];
export type EventData<T extends IntakeEventType> = z.infer<(typeof eventData)[T]>;
