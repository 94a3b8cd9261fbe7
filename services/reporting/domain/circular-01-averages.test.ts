import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageScores, averagesFromCounters, scoreCounters } from './circular-01-averages.ts';
import { bestFacts } from './circular-01.fixtures.ts';
import { scoreDossier, type ScoringFacts } from './circular-01.ts';

const verdict = fc.constantFrom('early', 'on-time', 'late') as fc.Arbitrary<'early' | 'on-time' | 'late'>;
const facts: fc.Arbitrary<ScoringFacts> = fc.record({
  verdict: fc.option(verdict, { nil: null }),
  legVerdicts: fc.array(fc.option(verdict, { nil: null }), { maxLength: 3 }),
  supplementRequests: fc.nat(3),
  agenciesContacted: fc.integer({ min: 1, max: 4 }),
  oneStop: fc.constantFrom('end-to-end', 'received-and-returned', 'elsewhere'),
  onlineLevel: fc.constantFrom('toan-trinh', 'mot-phan', null),
  procedurePublished: fc.constantFrom('full', 'partial', 'none', null),
  survey: fc.option(
    fc.record({
      staffAttitude: fc.constantFrom('courteous', 'acceptable', 'discourteous', null),
      visits: fc.constantFrom('one', 'two', 'three-or-more', null),
    }),
    { nil: null },
  ),
});

/** What the reporting counters do: add increments key by key. */
function summed(increments: Record<string, number>[]): Record<string, number> {
  const counters: Record<string, number> = {};
  for (const record of increments) for (const [key, n] of Object.entries(record)) counters[key] = (counters[key] ?? 0) + n;
  return counters;
}

const base: ScoringFacts = { ...bestFacts, survey: null };

describe('averages of Circular 01 scores', () => {
  it('averages each indicator over the dossiers that decided it, and totals over all dossiers', () => {
    const scores = [
      scoreDossier({ ...base, verdict: 'early', survey: { staffAttitude: 'courteous', visits: null } }), // 16 of 16
      scoreDossier({ ...base, verdict: 'late' }), // 10 of 14
      scoreDossier({ ...base, verdict: null, onlineLevel: null }), // 8 of 10
    ];
    const averages = averageScores(scores);
    expect(averages.dossiers).toBe(3);
    expect(averages.indicators.time).toEqual({ scored: 2, average: 1 });
    expect(averages.indicators.attitude).toEqual({ scored: 1, average: 2 });
    expect(averages.indicators.complaints).toEqual({ scored: 0, average: null });
    expect(averages.indicators.online).toEqual({ scored: 3, average: 4 / 3 });
    expect(averages.averageTotal).toBe(34 / 3);
    expect(averages.averageMax).toBe(40 / 3);
  });

  it('has no averages without dossiers, and no division by zero', () => {
    const none = averageScores([]);
    expect(none.dossiers).toBe(0);
    expect(none.averageTotal).toBeNull();
    expect(none.averageMax).toBeNull();
    expect(Object.values(none.indicators).every((i) => i.scored === 0 && i.average === null)).toBe(true);
    expect(averagesFromCounters({})).toEqual(none);
  });

  it('a score is one dossier and one count per decided indicator', () => {
    const increments = scoreCounters(scoreDossier({ ...base, verdict: 'on-time' }));
    expect(increments).toEqual({
      'c01.count': 1,
      'c01.time.1': 1,
      'c01.legs.1': 1,
      'c01.contacts.2': 1,
      'c01.agencies.2': 1,
      'c01.one-stop.2': 1,
      'c01.published.2': 1,
      'c01.online.2': 1,
    });
  });

  it('ignores counters that are not its own', () => {
    const counters = { ...scoreCounters(scoreDossier(base)), received: 40, 'resolved.early': 12 };
    expect(averagesFromCounters(counters)).toEqual(averageScores([scoreDossier(base)]));
  });

  it('reads back from summed counters exactly what it computes from the scores', () => {
    fc.assert(
      fc.property(fc.array(facts, { maxLength: 60 }), (dossiers) => {
        const scores = dossiers.map(scoreDossier);
        expect(averagesFromCounters(summed(scores.map(scoreCounters)))).toEqual(averageScores(scores));
      }),
    );
  });
});
