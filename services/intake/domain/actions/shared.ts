import type { DeadlineClock } from '../../../../libs/calendar/deadlines.ts';
import { verdictOf } from '../../../../libs/calendar/verdicts.ts';
import { DomainError } from '../../../../libs/platform/errors.ts';
import type { IntakeEventType as DomainEventType, EventData } from '../../../../libs/events/intake.ts';
import type { Procedure } from '../catalog.ts';
import { STATUS_CODES, type Dossier, type Status, type TransferLeg } from '../dossier.ts';

/** Who may perform an action: an officer (the citizen acts through one), or one of our systems. */
export type Performer = { readonly kind: 'officer' } | { readonly kind: 'system'; readonly id: 'deadline-watch' | 'postal' };

export const OFFICER = { kind: 'officer' } as const satisfies Performer;
export const DEADLINE_WATCH = { kind: 'system', id: 'deadline-watch' } as const satisfies Performer;
export const POSTAL_SERVICE = { kind: 'system', id: 'postal' } as const satisfies Performer;

/** What an officer's action is decided with: time, calendars and catalog come in, so the rules stay pure. */
export interface OfficerContext {
  readonly now: Date;
  /** The handling agency's working calendar and office hours. */
  readonly clock: DeadlineClock;
  /** For a transfer: the receiving agency's clock, which its leg's allotment is counted on. */
  readonly receivingClock?: DeadlineClock;
  readonly procedure: Procedure;
  /** Agencies that exist, for transfers. */
  readonly agencyExists: (code: string) => boolean;
}

/** What a system's action is decided with: the time it is recorded at. */
export interface SystemContext {
  readonly now: Date;
}

/** The next state and the event that announces it. */
export interface Decision<T extends DomainEventType = DomainEventType> {
  readonly dossier: Dossier;
  readonly event: { type: T; data: EventData<T> };
}

/** The facts every event announces about the dossier after the change: its status, the portal's code, the appointment. */
export function factsOf(dossier: Dossier): { status: Status; statusCode: number; dueAt: string | null } {
  return { status: dossier.status, statusCode: STATUS_CODES[dossier.status], dueAt: dossier.dueAt };
}

/** A decision: the next state, and its event carrying the facts of that state plus the event's own fields. */
export function decided<T extends DomainEventType>(next: Dossier, type: T, extra: Omit<EventData<T>, 'status' | 'statusCode' | 'dueAt'>): Decision<T> {
  return { dossier: next, event: { type, data: { ...factsOf(next), ...extra } as EventData<T> } };
}

/** The dossier in `status`, with the other changes. */
export function moved(dossier: Dossier, status: Status, changes: Partial<Dossier> = {}): Dossier {
  return { ...dossier, ...changes, status };
}

/** The post was asked about a result that does not go back by post (a bug to look at: the message parks in the DLQ). */
export function notAPostalReturn(dossier: Dossier): DomainError {
  return new DomainError(
    'NOT_A_POSTAL_RETURN',
    'Kết quả của hồ sơ này không được trả qua bưu chính công ích',
    'This result is not returned by the postal service',
    { resultDelivery: dossier.resultDelivery.method },
  );
}

/**
 * A time the postal partner reported, as the dossier records it. The partner's clock is not
 * ours: a time before the dossier was resolved (an officer who recorded the result after handing
 * it to the post, or a skewed clock) is taken as the resolution, one in the future as now.
 */
export function reportedPostalTime(dossier: Dossier, reported: string, now: Date): string {
  const earliest = new Date(dossier.resolvedAt!).getTime();
  return new Date(Math.max(earliest, Math.min(new Date(reported).getTime(), now.getTime()))).toISOString();
}

/** The leg `after` closed that was open in `before`, as events report it (spread into their data). */
export function closedLegOf(before: Dossier, after: Dossier): { closedLeg?: EventData<'DossierResolved'>['closedLeg'] } {
  const open = before.transfers.find((leg) => leg.closedAt === null);
  const closed = open && after.transfers.find((leg) => leg.leg === open.leg && leg.closedAt);
  return closed ? { closedLeg: { leg: closed.leg, toAgency: closed.toAgency, closedAt: closed.closedAt!, verdict: closed.verdict ?? null } } : {};
}

/**
 * The legs with the open one (if any) closed now and judged, by its day, against its own
 * deadline: as of now, or, for a dossier waiting for the citizen, as of when its clock stopped.
 */
export function closeOpenLeg(dossier: Dossier, now: Date): TransferLeg[] {
  const judgedAt = dossier.status === 'supplement-requested' && dossier.supplement ? new Date(dossier.supplement.requestedAt) : now;
  return dossier.transfers.map((leg) =>
    leg.closedAt === null ? { ...leg, closedAt: now.toISOString(), verdict: leg.dueAt ? verdictOf(judgedAt, new Date(leg.dueAt), 'workingDays') : null } : leg,
  );
}
