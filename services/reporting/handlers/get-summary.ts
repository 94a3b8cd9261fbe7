import { officerOf } from '../../../libs/platform/auth.ts';
import { httpHandler, json } from '../../../libs/platform/http.ts';
import { parseOrThrow } from '../../../libs/platform/validation.ts';
import { agencyTree, procedureInfo, reporting } from '../adapters/context.ts';
import { ReportQueryParams, reportRequestOf } from '../domain/report-query.ts';
import { summaryOf } from '../domain/summary.ts';

const repository = reporting();
const tree = agencyTree();
const procedures = procedureInfo();

/**
 * GET /reports/summary?agency=&period=|from=&to=[&asOf=][&groupBy=][&format=] — an agency's
 * figures over a period as of the end of a day, with the narrative line; its officers and those
 * above it only. Reads counters, never dossiers.
 */
export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  const params = parseOrThrow(ReportQueryParams, event.queryStringParameters ?? {}, 'query');
  const request = reportRequestOf(params, officer.agency, tree, new Date());
  const generation = await repository.generation();
  const summary = await summaryOf((agency, buckets) => repository.counters(generation, agency, buckets), tree, procedures, request);
  return json(200, summary);
});
