import type { DomainEvent } from '../../../libs/events/catalog.ts';
import type { Agency, Procedure } from './catalog.ts';
import { STATUS_CODES, STATUS_LABELS_VI, type Dossier } from './dossier.ts';
import { allowedActions } from './transitions.ts';

/** The receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) an officer prints for the citizen. */
export function receipt(dossier: Dossier, procedure: Procedure, agency: Agency) {
  return {
    code: dossier.code,
    status: dossier.status,
    statusCode: STATUS_CODES[dossier.status],
    statusLabel: STATUS_LABELS_VI[dossier.status],
    receivedAt: dossier.receivedAt,
    dueAt: dossier.dueAt,
    procedure: { code: procedure.code, name: procedure.name, timeLimit: procedure.timeLimit, fees: procedure.fees },
    agency: { code: agency.code, name: agency.name },
    channel: dossier.channel,
    applicant: dossier.applicant,
    documents: dossier.documents,
    resultDelivery: dossier.resultDelivery,
  };
}

/** What an officer sees: the whole dossier, what may be done next, and its history. */
export function officerView(dossier: Dossier, history: DomainEvent[]) {
  return {
    ...dossier,
    statusCode: STATUS_CODES[dossier.status],
    statusLabel: STATUS_LABELS_VI[dossier.status],
    allowedActions: allowedActions(dossier.status),
    history: history.map((event) => ({ type: event.type, at: event.occurredAt, actor: event.actor, data: event.data })),
  };
}

/** What a citizen sees with the code and phone digits: progress and appointment, no personal data. */
export function citizenView(dossier: Dossier, history: DomainEvent[]) {
  return {
    code: dossier.code,
    procedure: { code: dossier.procedureCode, name: dossier.procedureName },
    status: dossier.status,
    statusCode: STATUS_CODES[dossier.status],
    statusLabel: STATUS_LABELS_VI[dossier.status],
    receivedAt: dossier.receivedAt,
    dueAt: dossier.dueAt,
    resolvedAt: dossier.resolvedAt,
    resultDelivery: { method: dossier.resultDelivery.method },
    history: history.map((event) => ({ type: event.type, at: event.occurredAt, status: event.data.status })),
  };
}
