import { officerOf } from '../../../libs/platform/auth.ts';
import { httpHandler, json } from '../../../libs/platform/http.ts';
import { parseOrThrow } from '../../../libs/platform/validation.ts';
import { periodSummary } from '../adapters/period-summary.ts';
import { index766Report, ScoreQueryParams } from '../domain/scores-report.ts';

/** GET /reports/index-766?agency=&period= — the Decision 766 groups motcua's data decides, each with its formula and inputs, and those it cannot. */
export const handler = httpHandler(async (event) => {
  const officer = officerOf(event);
  const { summary } = await periodSummary(parseOrThrow(ScoreQueryParams, event.queryStringParameters ?? {}, 'query'), officer);
  return json(200, index766Report(summary));
});
