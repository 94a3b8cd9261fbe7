import { vietnamCalendar } from '../../../libs/calendar/holiday-data.ts';
import { parseDeadlineRequest, quoteDeadline } from '../../../libs/calendar/quote.ts';
import { unknownCode } from '../../../libs/platform/errors.ts';
import { httpHandler, json } from '../../../libs/platform/http.ts';
import { catalog } from '../adapters/context.ts';
import { officeHoursOf } from '../domain/catalog.ts';

const procedures = catalog();

/**
 * GET /calendar/deadline?procedure=&agency=&receivedAt= — the appointment a dossier of this
 * procedure, received by this agency now (or at `receivedAt`), would be given: counted on
 * Vietnam's working calendar (holidays, compensatory days, swapped Saturdays) in the agency's
 * office hours, with how firm that calendar is (announced or computed).
 */
export const handler = httpHandler(async (event) => {
  const request = parseDeadlineRequest(event.queryStringParameters ?? {});
  const [procedure, agency] = await Promise.all([procedures.getProcedure(request.procedure), procedures.getAgency(request.agency)]);
  if (!procedure) throw unknownCode('UNKNOWN_PROCEDURE', { vi: 'thủ tục', en: 'procedure' }, { procedureCode: request.procedure });
  if (!agency) throw unknownCode('UNKNOWN_AGENCY', { vi: 'cơ quan', en: 'agency' }, { agencyCode: request.agency });
  const quote = quoteDeadline(vietnamCalendar, {
    procedure,
    agencyCode: agency.code,
    officeHours: officeHoursOf(agency),
    receivedAt: request.receivedAt ?? new Date(),
  });
  // A quote for "now" is stale within a minute; one for a given instant changes only with the catalog.
  return json(200, quote, { 'cache-control': request.receivedAt ? 'public, max-age=300' : 'no-store' });
});
