import { formatLocal } from '../../../libs/calendar/quote.ts';
import { standingAt, type Standing } from '../../../libs/calendar/verdicts.ts';
import type { IntakeEvent as DomainEvent } from '../../../libs/events/intake.ts';
import type { Agency, Procedure } from './catalog.ts';
import { allowedActions } from './actions/index.ts';
import { CLOCK_RUNNING, STATUS_CODES, STATUS_LABELS_VI, type Dossier } from './dossier.ts';

/** The status with the portal's code and its Vietnamese label, as every view shows it. */
function statusOf(dossier: Dossier) {
  return { status: dossier.status, statusCode: STATUS_CODES[dossier.status], statusLabel: STATUS_LABELS_VI[dossier.status] };
}

/** Received when, due when: the appointment also as the receipt reads it (hour, minute, date, Vietnam time). */
function timesOf(dossier: Dossier) {
  return { receivedAt: dossier.receivedAt, dueAt: dossier.dueAt, dueAtLocal: dossier.dueAt ? formatLocal(new Date(dossier.dueAt)) : null };
}

/** The receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) an officer prints for the citizen. */
export function receipt(dossier: Dossier, procedure: Procedure, agency: Agency) {
  return {
    code: dossier.code,
    ...statusOf(dossier),
    ...timesOf(dossier),
    // The limit the dossier was received under, should the catalog have changed since.
    procedure: { code: procedure.code, name: procedure.name, timeLimit: dossier.timeLimit ?? procedure.timeLimit, fees: procedure.fees },
    agency: { code: agency.code, name: agency.name },
    channel: dossier.channel,
    applicant: dossier.applicant,
    documents: dossier.documents,
    resultDelivery: dossier.resultDelivery,
  };
}

/**
 * Within deadline or overdue, for a dossier not yet resolved; null once it has a result
 * (its frozen verdict says how it went) or was closed without one.
 */
export function standingOf(dossier: Dossier, now: Date): Standing | null {
  const waiting = dossier.status === 'supplement-requested';
  if (!waiting && !CLOCK_RUNNING.includes(dossier.status)) return null;
  return standingAt(now, dossier.dueAt ? new Date(dossier.dueAt) : null, waiting, dossier.timeLimit.unit);
}

/** What an officer sees: the whole dossier, what may be done next, and its history. */
export function officerView(dossier: Dossier, history: DomainEvent[], now: Date) {
  return {
    ...dossier,
    ...statusOf(dossier),
    standing: standingOf(dossier, now),
    allowedActions: allowedActions(dossier.status),
    history: history.map((event) => ({ type: event.type, at: event.occurredAt, actor: event.actor, data: event.data })),
  };
}

/**
 * What a citizen sees with the code and phone digits: progress and appointment, what is
 * still missing or why it was refused, and no personal data.
 */
export function citizenView(dossier: Dossier, history: DomainEvent[], now: Date) {
  return {
    code: dossier.code,
    procedure: { code: dossier.procedureCode, name: dossier.procedureName },
    ...statusOf(dossier),
    ...timesOf(dossier),
    standing: standingOf(dossier, now),
    ...(dossier.status === 'supplement-requested' && dossier.supplement
      ? { supplement: { missing: dossier.supplement.missing, closesAt: dossier.supplement.closesAt ?? null } }
      : {}),
    ...(dossier.status === 'not-accepted' || dossier.status === 'stopped' ? { closingReason: dossier.closingReason } : {}),
    resolvedAt: dossier.resolvedAt,
    resultDelivery: { method: dossier.resultDelivery.method },
    history: history.map((event) => ({ type: event.type, at: event.occurredAt, status: event.data.status })),
  };
}
