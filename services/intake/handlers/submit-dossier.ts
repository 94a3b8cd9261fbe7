import { assertActsFor, officerOf } from '../../../libs/platform/auth.ts';
import { DomainError, unknownCode } from '../../../libs/platform/errors.ts';
import { idempotencyKeyOf, KeyAlreadyRecorded, keyedRequest, keyRecord, replayOf } from '../../../libs/platform/idempotency-key.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { httpHandler, json, jsonBody, logger, metrics, type HttpEvent, type HttpResult } from '../../../libs/platform/http.ts';
import { catalog, clockOf, dossiers } from '../adapters/context.ts';
import { assertComplete, checkComponents } from '../domain/components.ts';
import { dossierCode, receiptDay } from '../domain/dossier-code.ts';
import { Submission } from '../domain/dossier.ts';
import { receive } from '../domain/actions/index.ts';
import { assertReceivableAt } from '../domain/receiving-levels.ts';
import { receipt } from '../domain/views.ts';

const procedures = catalog();
const repository = dossiers();

/**
 * POST /dossiers — receive a dossier: check the components against the checklist,
 * number it, compute the appointment, store it with its DossierReceived event.
 * With an Idempotency-Key, the key's record (holding this answer) is saved in the same
 * transaction, and a request whose key is recorded gets the recorded answer instead.
 */
async function receiveDossier(event: HttpEvent): Promise<HttpResult> {
  const officer = officerOf(event);
  const key = idempotencyKeyOf(event);
  const submission = jsonBody(event, Submission);
  const now = new Date();
  const request = key === null ? null : keyedRequest('POST /dossiers', key, officer.agency, submission);
  const recorded = request && (await repository.keyRecord(request.id, now));
  if (recorded) return replayOf(recorded, request);

  const [procedure, agency] = await Promise.all([
    procedures.getProcedure(submission.procedureCode),
    procedures.getAgency(submission.agencyCode),
  ]);
  if (!procedure) throw unknownCode('UNKNOWN_PROCEDURE', { vi: 'thủ tục', en: 'procedure' }, { procedureCode: submission.procedureCode });
  if (!agency) throw unknownCode('UNKNOWN_AGENCY', { vi: 'cơ quan', en: 'agency' }, { agencyCode: submission.agencyCode });
  assertActsFor(officer, { agencyCode: agency.code, handlingAgency: agency.code });
  assertReceivableAt(procedure, agency);
  if ((submission.channel === 'postal' || submission.resultDelivery.method === 'postal') && !procedure.postalAllowed) {
    throw new DomainError('POSTAL_NOT_ALLOWED', 'Thủ tục này không tiếp nhận hồ sơ và trả kết quả qua bưu chính', 'This procedure cannot be filed or returned by post', {
      channel: submission.channel,
      resultDelivery: submission.resultDelivery.method,
    });
  }

  // Checked before a running number is taken, so that a rejected dossier leaves no gap.
  const documents = assertComplete(checkComponents(procedure, submission.documents));
  const day = receiptDay(now);
  // A request that dies between this number and the transaction leaves a gap in the day's numbers.
  const code = dossierCode(agency.code, day, await repository.nextRunningNumber(agency.code, day));
  const { dossier, event: received } = receive({ submission, documents, procedure, agency, code, now, clock: clockOf(agency) });
  const response = json(201, receipt(dossier, procedure, agency), { location: `/dossiers/${encodeURIComponent(code)}` });
  try {
    await repository.create(dossier, received, { kind: 'officer', id: officer.id, agency: officer.agency }, now, request ? keyRecord(request, response, now) : undefined);
  } catch (error) {
    // A request with the same key saved its dossier meanwhile: its answer is this one's too.
    if (error instanceof KeyAlreadyRecorded) return replayOf(error.record, request!);
    throw error;
  }
  logger.info('dossier received', { code, procedureCode: procedure.code, channel: dossier.channel });
  metrics.addDimensions({ channel: dossier.channel });
  metrics.addMetric('DossiersReceived', MetricUnit.Count, 1);
  return response;
}

export const handler = httpHandler(receiveDossier);
