import * as z from 'zod';
import { averagesFromCounters, type Circular01Averages } from './circular-01-averages.ts';
import { C01_INDICATOR_KEYS, C01_INDICATOR_LABELS, type Circular01Score } from './circular-01.ts';
import type { Figures } from './figures.ts';
import { index766, type Index766 } from './index-766.ts';
import { ReportQueryParams } from './report-query.ts';
import type { Summary } from './summary.ts';

/**
 * The Decision 766 index and the Circular 01 scores of an agency and period, from its summary:
 * the same counters, read the same way.
 */

/** `GET /reports/index-766` and `GET /reports/circular-01` take the summary's period and agency. */
export const ScoreQueryParams = ReportQueryParams.omit({ groupBy: true, format: true });
export const Circular01QueryParams = ScoreQueryParams.extend({ dossierCode: z.string().min(1).max(64).optional() });

const scope = (summary: Summary) => ({ agency: summary.agency, period: summary.period, asOf: summary.asOf });

/** Decision 766 from the period's activity: resolved by verdict, received online, the survey's answers. */
export function index766Report(summary: Summary): ReturnType<typeof scope> & Index766 {
  const { activity, received, receivedByChannel, satisfaction } = summary.totals;
  return {
    ...scope(summary),
    ...index766({
      received,
      resolvedEarly: activity['resolved.early'] ?? 0,
      resolvedOnTime: activity['resolved.on-time'] ?? 0,
      resolvedLate: activity['resolved.late'] ?? 0,
      onlineReceived: receivedByChannel.online,
      onlineFullProcedureReceived: activity['received.online-full'] ?? 0,
      ratings: satisfaction.levels,
    }),
  };
}

const labels = Object.fromEntries(C01_INDICATOR_KEYS.map((key) => [key, C01_INDICATOR_LABELS[key]]));
const averagesOf = (figures: Figures): Circular01Averages => averagesFromCounters(figures.scoreCounters);

/** Average Circular 01 scores of the dossiers received in the period and resolved, for the agency and each agency under it. */
export function circular01Report(summary: Summary) {
  return {
    ...scope(summary),
    indicators: labels,
    averages: averagesOf(summary.totals),
    byAgency: summary.groups.map((group) => ({ code: group.key, name: group.label, averages: averagesOf(group.figures) })),
  };
}

/** One dossier's score, indicator by indicator (null: no result yet). */
export function dossierScoreReport(dossierCode: string, score: Circular01Score | null) {
  return { dossierCode, indicators: labels, score };
}
