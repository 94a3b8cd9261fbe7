import { assertActsFor, officerOf } from '../../../libs/platform/auth.ts';
import { catalogInconsistent, notFound } from '../../../libs/platform/errors.ts';
import { html, httpHandler } from '../../../libs/platform/http.ts';
import { catalog, dossiers } from '../adapters/context.ts';
import { qrSvg } from '../domain/qr-code.ts';
import { LOOKUP_BASE_URL_VARIABLE, lookupBaseUrl, lookupUrlOf, receiptPage } from '../domain/receipt-page.ts';

const procedures = catalog();
const repository = dossiers();
const lookupBase = lookupBaseUrl(process.env[LOOKUP_BASE_URL_VARIABLE]);

/**
 * GET /dossiers/{code}/receipt — the printable receipt (Giấy tiếp nhận hồ sơ và hẹn trả
 * kết quả) an officer of the receiving or handling agency hands the citizen, as HTML.
 */
export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  const code = event.pathParameters?.code ?? '';
  const dossier = await repository.get(code);
  if (!dossier) throw notFound({ vi: 'hồ sơ', en: 'Dossier' }, { code });
  assertActsFor(officer, dossier);
  const [procedure, agency] = await Promise.all([procedures.getProcedure(dossier.procedureCode), procedures.getAgency(dossier.agencyCode)]);
  if (!procedure) throw catalogInconsistent({ vi: 'thủ tục', en: 'procedure' });
  if (!agency) throw catalogInconsistent({ vi: 'cơ quan', en: 'agency' });
  const lookupUrl = lookupUrlOf(dossier.code, lookupBase);
  return html(200, receiptPage(dossier, procedure, agency, { lookupUrl, qrSvg: qrSvg(lookupUrl) }));
});
