import { isoDateOf, localDateOf } from '../../../libs/calendar/working-days.ts';
import { officerOf } from '../../../libs/platform/auth.ts';
import { httpHandler, json } from '../../../libs/platform/http.ts';
import { parseOrThrow } from '../../../libs/platform/validation.ts';
import { agencyTree, procedureInfo, reporting } from '../adapters/context.ts';
import { overdueList } from '../domain/overdue-list.ts';
import { reportRequestOf } from '../domain/report-query.ts';
import { OverdueQuery } from '../domain/views.ts';

const repository = reporting();
const tree = agencyTree();
const procedures = procedureInfo();


/** GET /reports/overdue?agency= — the dossiers of an agency's subtree overdue now, the latest first-due first. */
export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  const { agency } = parseOrThrow(OverdueQuery, event.queryStringParameters ?? {}, 'query');
  const now = new Date();
  const request = reportRequestOf({ ...(agency ? { agency } : {}), period: isoDateOf(localDateOf(now)).slice(0, 4) }, officer.agency, tree, now);
  const entries = await repository.overdue(await repository.generation(), request.agency);
  return json(200, overdueList(request.agency, entries, procedures, now));
});
