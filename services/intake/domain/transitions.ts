import { z } from 'zod';
import { dueAt as computeDueAt, effectiveReceiptDay, OFFICE_CLOSES_AT, verdictAt } from '../../../libs/calendar/deadlines.ts';
import {
  addDays,
  addWorkingDays,
  compareDates,
  instantAt,
  localDateOf,
  workingDaysBetween,
  type WorkingCalendar,
} from '../../../libs/calendar/working-days.ts';
import type { DomainEventType, EventData } from '../../../libs/events/catalog.ts';
import { ApiError } from '../../../libs/platform/errors.ts';
import type { Procedure } from './catalog.ts';
import { STATUS_CODES, type Dossier, type Status } from './dossier.ts';

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
  z.strictObject({ type: z.literal('transfer'), toAgency: z.string().min(1).max(40), note: z.string().max(500).optional() }),
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
  readonly calendar: WorkingCalendar;
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
    throw new ApiError(
      409,
      'ACTION_NOT_ALLOWED',
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
        throw new ApiError(
          409,
          'SUPPLEMENT_ALREADY_REQUESTED',
          'Chỉ được yêu cầu bổ sung hồ sơ một lần, bằng một văn bản nêu đủ thành phần còn thiếu',
          'A supplement may be requested only once, listing everything that is missing',
          { requestedAt: dossier.supplement.requestedAt },
        );
      }
      const clock = context.procedure.supplement.clock;
      // Days are counted after the effective receipt day: a request made before then (on a
      // non-working day, or after the cut-off on the receipt day) has used none of the limit.
      const today = localDateOf(context.now);
      const clockStart = effectiveReceiptDay(context.calendar, new Date(dossier.receivedAt), context.procedure.cutoffTime);
      const remaining =
        clock === 'pause' && dossier.dueAt
          ? workingDaysBetween(context.calendar, compareDates(today, clockStart) < 0 ? clockStart : today, localDateOf(new Date(dossier.dueAt)))
          : null;
      const next = to('supplement-requested', {
        supplement: { requestedAt: now, missing: action.missing, clock, remainingWorkingDays: remaining, resumeStatus: dossier.status, receivedAt: null },
      });
      return decision(next, 'DossierSupplementRequested', { missing: action.missing, clock });
    }
    case 'receiveSupplement': {
      const supplement = dossier.supplement!;
      const due =
        supplement.clock === 'restart' || supplement.remainingWorkingDays === null
          ? computeDueAt(context.calendar, context.now, context.procedure.timeLimit, context.procedure.cutoffTime)
          : instantAt(
              addWorkingDays(
                context.calendar,
                effectiveReceiptDay(context.calendar, context.now, context.procedure.cutoffTime),
                supplement.remainingWorkingDays,
              ),
              OFFICE_CLOSES_AT,
            );
      const next = to(supplement.resumeStatus, { dueAt: due.toISOString(), supplement: { ...supplement, receivedAt: now } });
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
        throw new ApiError(422, 'UNKNOWN_AGENCY', 'Không có cơ quan nhận với mã này', 'No receiving agency has this code', {
          toAgency: action.toAgency,
        });
      }
      if (action.toAgency === dossier.handlingAgency) {
        throw new ApiError(422, 'SAME_AGENCY', 'Hồ sơ đang ở chính cơ quan này', 'The dossier is already with this agency');
      }
      const leg = dossier.transfers.length + 1;
      const next = to('in-progress', {
        handlingAgency: action.toAgency,
        transfers: [
          ...dossier.transfers,
          { leg, fromAgency: dossier.handlingAgency, toAgency: action.toAgency, at: now, ...(action.note ? { note: action.note } : {}) },
        ],
      });
      return decision(next, 'DossierTransferred', { fromAgency: dossier.handlingAgency, toAgency: action.toAgency, leg });
    }
    case 'extend': {
      if (dossier.extendedAt) {
        throw new ApiError(409, 'ALREADY_EXTENDED', 'Chỉ được hẹn lại một lần', 'A new appointment may be set only once', {
          extendedAt: dossier.extendedAt,
        });
      }
      const currentDue = new Date(dossier.dueAt!);
      // Working days from today (inclusive) to the deadline day (exclusive): at least one means
      // today is no later than the last working day before the deadline.
      const workingDaysLeft = workingDaysBetween(
        context.calendar,
        addDays(localDateOf(context.now), -1),
        addDays(localDateOf(currentDue), -1),
      );
      if (workingDaysLeft < 1) {
        throw new ApiError(
          409,
          'APOLOGY_TOO_LATE',
          'Phiếu xin lỗi và hẹn lại phải được gửi chậm nhất 01 ngày làm việc trước hạn trả kết quả',
          'The apology and new appointment must be issued at least one working day before the deadline',
          { dueAt: dossier.dueAt },
        );
      }
      const newDue = new Date(action.newDueAt);
      if (newDue.getTime() <= currentDue.getTime()) {
        throw new ApiError(422, 'NEW_DUE_NOT_LATER', 'Ngày hẹn mới phải sau ngày hẹn cũ', 'The new appointment must be after the current one', {
          dueAt: dossier.dueAt,
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
      const verdict = verdictAt(context.now, new Date(dossier.dueAt!));
      return decision(to('resolved', { resolvedAt: now, verdict }), 'DossierResolved', { resolvedAt: now, verdict });
    }
    case 'returnResult': {
      if (dossier.resultDelivery.method === 'postal') {
        throw new ApiError(
          409,
          'POSTAL_RETURN',
          'Kết quả của hồ sơ này được trả qua bưu chính công ích',
          'This result is returned by the postal service, not at the counter',
          { resultDelivery: 'postal' },
        );
      }
      const next = to('returned', { returnedAt: now });
      return decision(next, 'DossierResultReturned', { method: dossier.resultDelivery.method });
    }
    case 'refuse': {
      const next = to(dossier.status === 'submitted' ? 'not-accepted' : 'stopped', { closingReason: action.reason });
      return decision(next, 'DossierRefused', { reason: action.reason });
    }
    case 'withdraw': {
      const next = to('withdrawn', { closingReason: action.reason ?? 'withdrawn by the citizen' });
      return decision(next, 'DossierWithdrawn', {});
    }
  }
}
