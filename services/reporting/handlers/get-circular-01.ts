import { officerOf } from '../../../libs/platform/auth.ts';
import { notFound } from '../../../libs/platform/errors.ts';
import { httpHandler, json } from '../../../libs/platform/http.ts';
import { parseOrThrow } from '../../../libs/platform/validation.ts';
import { periodSummary, reportingRepository } from '../adapters/period-summary.ts';
import { scoreOf } from '../domain/dossier-score.ts';
import { Circular01QueryParams, circular01Report, dossierScoreReport } from '../domain/scores-report.ts';

/**
 * GET /reports/circular-01?agency=&period=[&dossierCode=] — average Circular 01/2018 scores of the
 * agency and of each agency under it; with `dossierCode`, that dossier's score indicator by
 * indicator (a dossier outside the officer's subtree is not found).
 */
export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  const { dossierCode, ...params } = parseOrThrow(Circular01QueryParams, event.queryStringParameters ?? {}, 'query');
  if (dossierCode) {
    const stored = await reportingRepository.tally(await reportingRepository.generation(), dossierCode);
    if (!stored?.tally.receipt?.targets.includes(officer.agency)) throw notFound({ vi: 'hồ sơ', en: 'dossier' }, { dossierCode });
    return json(200, dossierScoreReport(dossierCode, scoreOf(stored.tally)));
  }
  const { summary } = await periodSummary({ ...params, groupBy: 'agency' }, officer);
  return json(200, circular01Report(summary));
});
