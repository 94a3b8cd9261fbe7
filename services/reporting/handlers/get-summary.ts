import { officerOf } from '../../../libs/platform/auth.ts';
import { httpHandler, json } from '../../../libs/platform/http.ts';
import { parseOrThrow } from '../../../libs/platform/validation.ts';
import { periodSummary } from '../adapters/period-summary.ts';
import { ReportQueryParams } from '../domain/report-query.ts';

/**
 * GET /reports/summary?agency=&period=|from=&to=[&asOf=][&groupBy=][&format=] — an agency's
 * figures over a period as of the end of a day, with the narrative line; its officers and those
 * above it only. Reads counters, never dossiers.
 */
export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  const { summary } = await periodSummary(parseOrThrow(ReportQueryParams, event.queryStringParameters ?? {}, 'query'), officer);
  return json(200, summary);
});
