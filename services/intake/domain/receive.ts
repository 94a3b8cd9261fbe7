import type { DeadlineClock } from '../../../libs/calendar/deadlines.ts';
import type { EventData } from '../../../libs/events/intake.ts';
import type { Agency, Procedure } from './catalog.ts';
import { STATUS_CODES, type Dossier, type ReceivedDocument, type Submission } from './dossier.ts';

/**
 * Receiving a dossier whose components matched the checklist: the appointment is
 * computed from the procedure's limit, and the dossier starts as "accepted" when an
 * officer received it in person (counter, post) or "submitted" when it came online
 * and still awaits an officer's check.
 */
export function receive(input: {
  submission: Submission;
  /** The documents, already checked against the checklist (see components.ts). */
  documents: ReceivedDocument[];
  procedure: Procedure;
  agency: Agency;
  code: string;
  now: Date;
  /** The receiving agency's calendar and office hours. */
  clock: DeadlineClock;
}): { dossier: Dossier; event: { type: 'DossierReceived'; data: EventData<'DossierReceived'> } } {
  const { submission, documents, procedure, agency, code, now, clock } = input;
  const due = clock.dueAt(now, procedure.timeLimit, procedure.cutoffTime).toISOString();
  const status = submission.channel === 'online' ? 'submitted' : 'accepted';
  const dossier: Dossier = {
    code,
    procedureCode: procedure.code,
    procedureName: procedure.name,
    agencyCode: agency.code,
    handlingAgency: agency.code,
    channel: submission.channel,
    status,
    applicant: submission.applicant,
    documents,
    resultDelivery: submission.resultDelivery,
    receivedAt: now.toISOString(),
    timeLimit: procedure.timeLimit,
    dueAt: due,
    originalDueAt: null,
    extendedAt: null,
    supplement: null,
    payment: null,
    transfers: [],
    resolvedAt: null,
    verdict: null,
    returnedAt: null,
    closingReason: null,
    version: 1,
  };
  return {
    dossier,
    event: {
      type: 'DossierReceived',
      data: {
        status,
        statusCode: STATUS_CODES[status],
        dueAt: due,
        channel: submission.channel,
        receivedAt: dossier.receivedAt,
        resultDelivery: submission.resultDelivery.method,
        procedureLevel: procedure.level,
        onlineLevel: procedure.onlineLevel,
      },
    },
  };
}
