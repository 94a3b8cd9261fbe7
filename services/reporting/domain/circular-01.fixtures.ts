import type { ScoringFacts } from './circular-01.ts';

/** A dossier that earns every point motcua can decide (tests change what they look at). */
export const bestFacts: ScoringFacts = {
  verdict: 'early',
  legVerdicts: [],
  supplementRequests: 0,
  agenciesContacted: 1,
  oneStop: 'end-to-end',
  onlineLevel: 'toan-trinh',
  procedurePublished: 'full',
  survey: { staffAttitude: 'courteous', visits: 'one' },
};
