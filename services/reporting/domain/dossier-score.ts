import { scoreCounters } from './circular-01-averages.ts';
import { scoreDossier, type Circular01Score, type ScoringFacts } from './circular-01.ts';
import type { DossierTally } from './tally.ts';

/**
 * A dossier's Circular 01 score from its tally: scored once it is resolved (a result issued), and
 * again when what decides an indicator arrives later (the citizen's web survey).
 */

/** What the tally tells of the Circular's criteria. */
export function scoringFactsOf(tally: DossierTally): ScoringFacts {
  const transferredTo = new Set(tally.legs.map((leg) => leg.toAgency));
  return {
    verdict: tally.verdict,
    legVerdicts: tally.legs.map((leg) => leg.verdict ?? null),
    supplementRequests: tally.supplements,
    agenciesContacted: 1 + transferredTo.size,
    // Every dossier motcua holds was received at a one-stop unit (counter, online or by post) and
    // its result returned there; a transfer means another agency resolved it.
    oneStop: transferredTo.size === 0 ? 'end-to-end' : 'received-and-returned',
    onlineLevel: tally.receipt?.onlineLevel ?? null,
    // The catalog motcua serves is the procedure's publication (GET /procedures, the receipt's checklist).
    procedurePublished: 'full',
    survey: tally.survey?.criteria ?? null,
  };
}

/** The score of a handled dossier, or null while it has no result. */
export function scoreOf(tally: DossierTally): Circular01Score | null {
  if (!tally.receipt || tally.verdict === null || (tally.status !== 'resolved' && tally.status !== 'returned')) return null;
  return scoreDossier(scoringFactsOf(tally));
}

/** The score as counters that add up per agency and period (`c01.count`, `c01.time.2`…). */
export const dossierScoreCounters = (tally: DossierTally): Record<string, number> => {
  const score = scoreOf(tally);
  return score ? scoreCounters(score) : {};
};
