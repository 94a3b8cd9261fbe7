import type { DeadlineClock } from '../../../../libs/calendar/deadlines.ts';
import type { Agency, Procedure } from '../catalog.ts';
import { Submission, type Dossier, type ReceivedDocument, type Status } from '../dossier.ts';
import { decided, OFFICER, type Decision } from './shared.ts';

/**
 * Receiving a dossier whose components matched the checklist: the appointment is
 * computed from the procedure's limit, and the dossier starts as "accepted" when an
 * officer received it in person (counter, post) or "submitted" when it came online
 * and still awaits an officer's check. It creates the dossier, so it is allowed from no
 * status, and its `decide` takes no dossier.
 */
export const input = Submission;
export const allowedFrom: readonly Status[] = [];
export const performedBy = OFFICER;

export function decide({ submission, documents, procedure, agency, code, now, clock }: {
  submission: Submission;
  /** The documents, already checked against the checklist (see components.ts). */
  documents: ReceivedDocument[];
  procedure: Procedure;
  agency: Agency;
  code: string;
  now: Date;
  /** The receiving agency's calendar and office hours. */
  clock: DeadlineClock;
}): Decision<'DossierReceived'> {
  const dossier: Dossier = {
    code,
    procedureCode: procedure.code,
    procedureName: procedure.name,
    agencyCode: agency.code,
    handlingAgency: agency.code,
    channel: submission.channel,
    status: submission.channel === 'online' ? 'submitted' : 'accepted',
    applicant: submission.applicant,
    documents,
    resultDelivery: submission.resultDelivery,
    ...(submission.pickupAddress ? { pickupAddress: submission.pickupAddress } : {}),
    receivedAt: now.toISOString(),
    timeLimit: procedure.timeLimit,
    dueAt: clock.dueAt(now, procedure.timeLimit, procedure.cutoffTime).toISOString(),
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
  return decided(dossier, 'DossierReceived', {
    channel: submission.channel,
    receivedAt: dossier.receivedAt,
    resultDelivery: submission.resultDelivery.method,
    procedureLevel: procedure.level,
    onlineLevel: procedure.onlineLevel,
  });
}
