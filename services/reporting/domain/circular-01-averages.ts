import { C01_INDICATOR_KEYS, type C01Indicator, type C01Points, type Circular01Score } from './circular-01.ts';

/**
 * Averages of Circular 01 scores over many dossiers (per agency, per period), and the same
 * scores as counters that add up, so reports read averages from summed counters without
 * keeping any dossier's score: a score adds 1 to `c01.count` and 1 to `c01.<indicator>.<points>`
 * for each decided indicator. Totals need no counter of their own: they are the points of the
 * indicators.
 */

export type IndicatorAverage = {
  /** Dossiers whose score decided this indicator. */
  scored: number;
  /** Mean points over those; null when none decided it. */
  average: number | null;
};

export type Circular01Averages = {
  dossiers: number;
  indicators: Record<C01Indicator, IndicatorAverage>;
  /** Mean of the dossiers' totals (decided points); null without dossiers. */
  averageTotal: number | null;
  /** Mean of the dossiers' decided maximums, to read `averageTotal` against. */
  averageMax: number | null;
};

const POINTS: readonly C01Points[] = [0, 1, 2];
const COUNT_KEY = 'c01.count';
const counterKey = (indicator: C01Indicator, points: C01Points): string => `c01.${indicator}.${points}`;

/** Per-indicator and total averages over the dossiers' scores. */
export function averageScores(scores: readonly Circular01Score[]): Circular01Averages {
  const indicators = {} as Record<C01Indicator, IndicatorAverage>;
  for (const key of C01_INDICATOR_KEYS) {
    const decided = scores.map((score) => score.indicators[key].points).filter((points) => points !== null);
    indicators[key] = { scored: decided.length, average: decided.length === 0 ? null : sum(decided) / decided.length };
  }
  const perDossier = (values: number[]): number | null => (scores.length === 0 ? null : sum(values) / scores.length);
  return {
    dossiers: scores.length,
    indicators,
    averageTotal: perDossier(scores.map((score) => score.total)),
    averageMax: perDossier(scores.map((score) => score.maxDecided)),
  };
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** The increments one dossier's score adds to the reporting counters. */
export function scoreCounters(score: Circular01Score): Record<string, number> {
  const counters: Record<string, number> = { [COUNT_KEY]: 1 };
  for (const key of C01_INDICATOR_KEYS) {
    const { points } = score.indicators[key];
    if (points !== null) counters[counterKey(key, points)] = 1;
  }
  return counters;
}

/** The averages, read back from summed counters (other counters in the record are ignored). */
export function averagesFromCounters(counters: Readonly<Record<string, number>>): Circular01Averages {
  const count = (key: string): number => counters[key] ?? 0;
  const dossiers = count(COUNT_KEY);
  const indicators = {} as Record<C01Indicator, IndicatorAverage>;
  let points = 0;
  let decided = 0;
  for (const key of C01_INDICATOR_KEYS) {
    const [zero, one, two] = POINTS.map((p) => count(counterKey(key, p))) as [number, number, number];
    const scored = zero + one + two;
    indicators[key] = { scored, average: scored === 0 ? null : (one + 2 * two) / scored };
    points += one + 2 * two;
    decided += scored;
  }
  const perDossier = (n: number): number | null => (dossiers === 0 ? null : n / dossiers);
  return { dossiers, indicators, averageTotal: perDossier(points), averageMax: perDossier(2 * decided) };
}
