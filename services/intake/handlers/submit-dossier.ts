import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { assertActsFor, officerOf } from '../../../libs/platform/auth.ts';
import { dynamoClient, requiredEnv } from '../../../libs/platform/dynamodb.ts';
import { DomainError, unknownCode } from '../../../libs/platform/errors.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
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
 */
async function receiveDossier(event: HttpEvent): Promise<HttpResult> {
  const officer = officerOf(event);
  const submission = jsonBody(event, Submission);
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
  const now = new Date();
  const day = receiptDay(now);
  const code = dossierCode(agency.code, day, await repository.nextRunningNumber(agency.code, day));
  const { dossier, event: received } = receive({ submission, documents, procedure, agency, code, now, clock: clockOf(agency) });
  await repository.create(dossier, received, { kind: 'officer', id: officer.id, agency: officer.agency }, now);
  logger.info('dossier received', { code, procedureCode: procedure.code, channel: dossier.channel });
  metrics.addDimensions({ channel: dossier.channel });
  metrics.addMetric('DossiersReceived', MetricUnit.Count, 1);
  return json(201, receipt(dossier, procedure, agency), { location: `/dossiers/${encodeURIComponent(code)}` });
}

/**
 * With an Idempotency-Key header, a retry gets the stored response and creates nothing.
 * The function wrapper, not Powertools' Middy middleware: in 2.35 the middleware's
 * onError also deletes records it never acquired, so a refused reuse of a key wiped the
 * original's stored response and its next retry filed a second dossier
 * (aws-powertools/powertools-lambda-typescript#5675, fixed upstream, not yet released).
 */
export const handler = httpHandler(
  makeIdempotent(receiveDossier, {
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: requiredEnv('IDEMPOTENCY_TABLE'), awsSdkV3Client: dynamoClient }),
    config: new IdempotencyConfig({
      eventKeyJmesPath: 'headers."idempotency-key"',
      // Keys are global: the same key from another agency, or with another body, is refused (422).
      payloadValidationJmesPath: '[requestContext.authorizer.jwt.claims."custom:agency", body]',
      throwOnNoIdempotencyKey: false,
      expiresAfterSeconds: 24 * 3600,
    }),
  }),
).use(logMetrics(metrics));
