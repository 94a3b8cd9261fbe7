import { z } from 'zod';
import type { DeadlineClock, TimeLimit } from '../../../libs/calendar/deadlines.ts';
import { standingAt, verdictOf } from '../../../libs/calendar/verdicts.ts';
import { addDays, localDateOf } from '../../../libs/calendar/working-days.ts';
import type { DomainEventType, EventData } from '../../../libs/events/catalog.ts';
import { DomainError } from '../../../libs/platform/errors.ts';
import type { Procedure } from './catalog.ts';
import { STATUS_CODES, type Dossier, type Status, type TransferLeg } from './dossier.ts';

/** What an officer (or the citizen, through one) asks to happen to a dossier. */
export const Action = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('accept') }),
  z.strictObject({ type: z.literal('startProcessing') }),
  z.strictObject({
    type: z.literal('requestSupplement'),
    missing: z.array(z.string().trim().min(2).max(300)).min(1).max(50),
  }),
  z.strictObject({ type: z.literal('receiveSupplement') }),
  z.strictObject({ type: z.literal('requestPayment'), amountVnd: z.number().int().min(0).max(1_000_000_000) }),
  z.strictObject({ type: z.literal('confirmPayment') }),
  z.strictObject({
    type: z.literal('transfer'),
    toAgency: z.string().min(1).max(40),
    note: z.string().max(500).optional(),
    /** The receiving agency's share of the time (Phiếu kiểm soát); by default, until the dossier's appointment. */
    allottedWorkingDays: z.number().int().min(1).max(120).optional(),
  }),
  z.strictObject({
    type: z.literal('extend'),
    reason: z.string().trim().min(5).max(1000),
    newDueAt: z.iso.datetime({ offset: true }),
  }),
  z.strictObject({ type: z.literal('resolve') }),
  z.strictObject({ type: z.literal('returnResult') }),
  z.strictObject({ type: z.literal('refuse'), reason: z.string().trim().min(5).max(1000) }),
  z.strictObject({ type: z.literal('withdraw'), reason: z.string().trim().max(1000).optional() }),
]);
export type Action = z.infer<typeof Action>;
export type ActionType = Action['type'];

const OPEN_BEFORE_RESULT: Status[] = ['submitted', 'accepted', 'in-progress', 'supplement-requested', 'payment-requested'];

/** The transition table: from which statuses each action may be taken. */
export const ALLOWED_FROM: Record<ActionType, readonly Status[]> = {
  accept: ['submitted'],
  startProcessing: ['accepted'],
  requestSupplement: ['submitted', 'accepted', 'in-progress'],
  receiveSupplement: ['supplement-requested'],
  requestPayment: ['accepted', 'in-progress'],
  confirmPayment: ['payment-requested'],
  transfer: ['in-progress'],
  extend: ['accepted', 'in-progress'],
  resolve: ['in-progress'],
  returnResult: ['resolved'],
  refuse: ['submitted', 'accepted', 'in-progress', 'supplement-requested', 'payment-requested'],
  withdraw: OPEN_BEFORE_RESULT,
};

export function allowedActions(status: Status): ActionType[] {
  return (Object.keys(ALLOWED_FROM) as ActionType[]).filter((type) => ALLOWED_FROM[type].includes(status));
}

export interface DecisionContext {
  readonly now: Date;
  /** The handling agency's working calendar and office hours. */
  readonly clock: DeadlineClock;
  /** For a transfer: the receiving agency's clock, which its leg's allotment is counted on. */
  readonly receivingClock?: DeadlineClock;
  readonly procedure: Procedure;
  /** Agencies that exist, for transfers. */
  readonly agencyExists: (code: string) => boolean;
}

export interface Decision<T extends DomainEventType = DomainEventType> {
  readonly dossier: Dossier;
  readonly event: { type: T; data: EventData<T> };
}

/**
 * Decides what an action does to a dossier: the next state and the event that
 * announces it, or a 409/422 naming why not. Pure: time and calendar come in.
 */
export function decide(dossier: Dossier, action: Action, context: DecisionContext): Decision {
  if (!ALLOWED_FROM[action.type].includes(dossier.status)) {
    throw new DomainError('ACTION_NOT_ALLOWED',
      `Không thể thực hiện "${action.type}" khi hồ sơ ở trạng thái "${dossier.status}"`,
      `"${action.type}" is not allowed while the dossier is "${dossier.status}"`,
      { status: dossier.status, allowedActions: allowedActions(dossier.status) },
    );
  }
  const now = context.now.toISOString();
  const to = (status: Status, changes: Partial<Dossier> = {}): Dossier => ({ ...dossier, ...changes, status });
  const facts = (next: Dossier) => ({ status: next.status, statusCode: STATUS_CODES[next.status], dueAt: next.dueAt });
  const decision = <T extends DomainEventType>(next: Dossier, type: T, extra: Omit<EventData<T>, 'status' | 'statusCode' | 'dueAt'>): Decision =>
    ({ dossier: next, event: { type, data: { ...facts(next), ...extra } as EventData<T> } }) as Decision;

  switch (action.type) {
    case 'accept':
      return decision(to('accepted'), 'DossierAccepted', {});
    case 'startProcessing':
      return decision(to('in-progress'), 'DossierProcessingStarted', {});
    case 'requestSupplement': {
      if (dossier.supplement) {
        throw new DomainError('SUPPLEMENT_ALREADY_REQUESTED',
          'Chỉ được yêu cầu bổ sung hồ sơ một lần, bằng một văn bản nêu đủ thành phần còn thiếu',
          'A supplement may be requested only once, listing everything that is missing',
          { requestedAt: dossier.supplement.requestedAt },
        );
      }
      const { clock: rule, closeAfterWorkingDays } = context.procedure.supplement;
      const limit = limitOf(dossier, context);
      // An overdue dossier stays late: stopping its clock now would hide that. Overdue against
      // the statutory appointment: an apology's later date does not make it timely.
      const statutory = dossier.originalDueAt ?? dossier.dueAt;
      if (statutory && standingAt(context.now, new Date(statutory), false, limit.unit) === 'overdue') {
        throw new DomainError('DOSSIER_OVERDUE',
          'Hồ sơ đã quá hạn giải quyết, không thể dừng thời hạn để yêu cầu bổ sung',
          'The dossier is already overdue; its clock cannot be stopped for a supplement',
          { dueAt: statutory },
        );
      }
      const closesAt = context.clock.dueAt(context.now, { unit: 'workingDays', value: closeAfterWorkingDays }).toISOString();
      const next = to('supplement-requested', {
        supplement: {
          requestedAt: now,
          missing: action.missing,
          clock: rule,
          ...(rule === 'pause' ? timeLeftOnEveryDeadline(dossier, context) : { remaining: null }),
          closesAt,
          resumeStatus: dossier.status,
          receivedAt: null,
        },
      });
      return decision(next, 'DossierSupplementRequested', { missing: action.missing, clock: rule, closesAt });
    }
    case 'receiveSupplement': {
      const supplement = dossier.supplement!;
      if (supplement.closesAt && context.now > new Date(supplement.closesAt)) {
        throw new DomainError('SUPPLEMENT_EXPIRED', 'Đã quá thời hạn bổ sung hồ sơ', 'The time to complete the dossier has passed', {
          closesAt: supplement.closesAt,
        });
      }
      const next = to(supplement.resumeStatus, { ...resumedDeadlines(dossier, context), supplement: { ...supplement, receivedAt: now } });
      return decision(next, 'DossierSupplementReceived', {});
    }
    case 'requestPayment': {
      const next = to('payment-requested', {
        payment: { amountVnd: action.amountVnd, requestedAt: now, paidAt: null, resumeStatus: dossier.status },
      });
      return decision(next, 'DossierPaymentRequested', { amountVnd: action.amountVnd });
    }
    case 'confirmPayment': {
      const payment = dossier.payment!;
      return decision(to(payment.resumeStatus, { payment: { ...payment, paidAt: now } }), 'DossierPaymentReceived', {});
    }
    case 'transfer': {
      if (!context.agencyExists(action.toAgency)) {
        throw new DomainError('UNKNOWN_AGENCY', 'Không có cơ quan nhận với mã này', 'No receiving agency has this code', {
          toAgency: action.toAgency,
        });
      }
      if (action.toAgency === dossier.handlingAgency) {
        throw new DomainError('SAME_AGENCY', 'Hồ sơ đang ở chính cơ quan này', 'The dossier is already with this agency');
      }
      const leg = dossier.transfers.length + 1;
      // The receiving agency's share of the time, counted on its own office hours.
      const legDue = action.allottedWorkingDays
        ? (context.receivingClock ?? context.clock).dueAt(context.now, { unit: 'workingDays', value: action.allottedWorkingDays }).toISOString()
        : dossier.dueAt;
      const next = to('in-progress', {
        handlingAgency: action.toAgency,
        transfers: [
          ...closeOpenLeg(dossier, context.now),
          {
            leg,
            fromAgency: dossier.handlingAgency,
            toAgency: action.toAgency,
            at: now,
            ...(action.note ? { note: action.note } : {}),
            ...(legDue ? { dueAt: legDue } : {}),
            ...(action.allottedWorkingDays ? { allottedWorkingDays: action.allottedWorkingDays } : {}),
            closedAt: null,
            verdict: null,
          },
        ],
      });
      return decision(next, 'DossierTransferred', {
        fromAgency: dossier.handlingAgency,
        toAgency: action.toAgency,
        leg,
        ...(legDue ? { legDueAt: legDue } : {}),
        ...closedLegOf(dossier, next),
      });
    }
    case 'extend': {
      if (dossier.extendedAt) {
        throw new DomainError('ALREADY_EXTENDED', 'Chỉ được hẹn lại một lần', 'A new appointment may be set only once', {
          extendedAt: dossier.extendedAt,
        });
      }
      const currentDue = new Date(dossier.dueAt!);
      // Working days from today (inclusive) to the deadline day (exclusive): at least one means
      // today is no later than the last working day before the deadline.
      const workingDaysLeft = context.clock.workingDaysBetween(addDays(localDateOf(context.now), -1), addDays(localDateOf(currentDue), -1));
      if (workingDaysLeft < 1) {
        throw new DomainError('APOLOGY_TOO_LATE',
          'Phiếu xin lỗi và hẹn lại phải được gửi chậm nhất 01 ngày làm việc trước hạn trả kết quả',
          'The apology and new appointment must be issued at least one working day before the deadline',
          { dueAt: dossier.dueAt },
        );
      }
      const newDue = new Date(action.newDueAt);
      if (newDue.getTime() <= currentDue.getTime()) {
        throw new DomainError('NEW_DUE_NOT_LATER', 'Ngày hẹn mới phải sau ngày hẹn cũ', 'The new appointment must be after the current one', {
          dueAt: dossier.dueAt,
        });
      }
      // An apology moves an appointment by days or weeks; a year out is a typing mistake.
      if (newDue.getTime() - currentDue.getTime() > 366 * 86_400_000) {
        throw new DomainError('NEW_DUE_TOO_FAR', 'Ngày hẹn mới cách ngày hẹn cũ quá một năm', 'The new appointment is more than a year after the current one', {
          dueAt: dossier.dueAt,
          newDueAt: action.newDueAt,
        });
      }
      if (!context.clock.isWorkingDay(localDateOf(newDue))) {
        throw new DomainError('NEW_DUE_NOT_WORKING_DAY', 'Ngày hẹn mới phải là ngày làm việc', 'The new appointment must be on a working day', {
          newDueAt: action.newDueAt,
        });
      }
      if (!context.clock.isAppointmentTime(newDue)) {
        throw new DomainError('NEW_DUE_OUTSIDE_OFFICE_HOURS', 'Giờ hẹn mới phải trong giờ làm việc', 'The new appointment must be within office hours', {
          newDueAt: action.newDueAt,
          officeHours: context.clock.officeHours.sessions,
        });
      }
      const next = to(dossier.status, {
        dueAt: newDue.toISOString(),
        originalDueAt: dossier.originalDueAt ?? dossier.dueAt,
        extendedAt: now,
      });
      return decision(next, 'DossierExtended', { previousDueAt: currentDue.toISOString(), reason: action.reason });
    }
    case 'resolve': {
      const { unit } = limitOf(dossier, context);
      // Judged against the statutory appointment: an apology moves the citizen's appointment, not the verdict.
      const verdict = verdictOf(context.now, new Date(dossier.originalDueAt ?? dossier.dueAt!), unit);
      const appointmentKept = dossier.extendedAt ? verdictOf(context.now, new Date(dossier.dueAt!), unit) !== 'late' : null;
      const next = to('resolved', { resolvedAt: now, verdict, appointmentKept, transfers: closeOpenLeg(dossier, context.now) });
      return decision(next, 'DossierResolved', { resolvedAt: now, verdict, ...(appointmentKept === null ? {} : { appointmentKept }), ...closedLegOf(dossier, next) });
    }
    case 'returnResult': {
      if (dossier.resultDelivery.method === 'postal') {
        throw new DomainError('POSTAL_RETURN',
          'Kết quả của hồ sơ này được trả qua bưu chính công ích',
          'This result is returned by the postal service, not at the counter',
          { resultDelivery: 'postal' },
        );
      }
      const next = to('returned', { returnedAt: now });
      return decision(next, 'DossierResultReturned', { method: dossier.resultDelivery.method });
    }
    case 'refuse': {
      const next = to(dossier.status === 'submitted' ? 'not-accepted' : 'stopped', {
        closingReason: action.reason,
        transfers: closeOpenLeg(dossier, context.now),
      });
      return decision(next, 'DossierRefused', { reason: action.reason, ...closedLegOf(dossier, next) });
    }
    case 'withdraw': {
      const next = to('withdrawn', { closingReason: action.reason ?? 'withdrawn by the citizen', transfers: closeOpenLeg(dossier, context.now) });
      return decision(next, 'DossierWithdrawn', closedLegOf(dossier, next));
    }
  }
}

/** The statutory limit the dossier was received under (older records: the procedure's). */
function limitOf(dossier: Dossier, context: DecisionContext): TimeLimit {
  return dossier.timeLimit ?? context.procedure.timeLimit;
}

/**
 * When the clock stops, the working time left on each deadline the dossier runs against:
 * the appointment, the statutory one kept after an apology, and the open transfer leg's.
 * Time before the dossier's own counting start (a weekend, after the cut-off) was never used.
 */
function timeLeftOnEveryDeadline(dossier: Dossier, context: DecisionContext) {
  const { unit } = limitOf(dossier, context);
  const countingFrom = { receivedAt: new Date(dossier.receivedAt), cutoffTime: context.procedure.cutoffTime };
  const left = (due: string) => context.clock.timeLeft(context.now, new Date(due), unit, countingFrom);
  const leg = dossier.transfers.find((candidate) => candidate.closedAt === null && candidate.dueAt);
  return {
    remaining: dossier.dueAt ? left(dossier.dueAt) : null,
    ...(dossier.originalDueAt ? { remainingStatutory: left(dossier.originalDueAt) } : {}),
    ...(leg ? { remainingLeg: context.clock.timeLeft(context.now, new Date(leg.dueAt!), 'workingDays', { receivedAt: new Date(leg.at), cutoffTime: null }) } : {}),
  };
}

/**
 * The deadlines once the citizen completes the dossier, per the procedure's rule: `pause`
 * gives each deadline the time it had left, counted from now; `restart` gives the whole
 * limit again (and the whole allotment to an open leg), so a stop never shortens one.
 */
function resumedDeadlines(dossier: Dossier, context: DecisionContext): Partial<Dossier> {
  const supplement = dossier.supplement!;
  const { cutoffTime } = context.procedure;
  const from = (limit: TimeLimit) => context.clock.dueAt(context.now, limit, cutoffTime).toISOString();
  const paused = supplement.clock === 'pause';
  const left = paused ? remainingOf(supplement) : null;
  const restarted = from(left ?? limitOf(dossier, context));
  // An apology's appointment already promised to the citizen is never brought earlier by a restart.
  const dueAt = !paused && dossier.extendedAt && dossier.dueAt && dossier.dueAt > restarted ? dossier.dueAt : restarted;
  const originalDueAt = !dossier.originalDueAt ? null : paused && supplement.remainingStatutory ? from(supplement.remainingStatutory) : restarted;
  const transfers = dossier.transfers.map((leg) => {
    if (leg.closedAt !== null || !leg.dueAt) return leg;
    if (paused) return supplement.remainingLeg ? { ...leg, dueAt: from(supplement.remainingLeg) } : leg;
    return { ...leg, dueAt: leg.allottedWorkingDays ? from({ unit: 'workingDays', value: leg.allottedWorkingDays }) : dueAt };
  });
  return { dueAt, originalDueAt, transfers };
}

/** What a paused clock had left (dossiers saved before hour limits stored days only). */
function remainingOf(supplement: NonNullable<Dossier['supplement']>): TimeLimit | null {
  if (supplement.remaining !== undefined) return supplement.remaining;
  const legacy = (supplement as { remainingWorkingDays?: number | null }).remainingWorkingDays;
  return typeof legacy === 'number' ? { unit: 'workingDays', value: legacy } : null;
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
