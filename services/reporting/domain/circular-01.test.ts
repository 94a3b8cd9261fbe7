import { describe, expect, it } from 'vitest';
import { bestFacts } from './circular-01.fixtures.ts';
import { C01_INDICATOR_KEYS, C01_INDICATOR_LABELS, scoreDossier, type C01Indicator, type ScoringFacts } from './circular-01.ts';

const best = bestFacts;
const pointsOf = (indicator: C01Indicator, change: Partial<ScoringFacts>) => scoreDossier({ ...best, ...change }).indicators[indicator].points;

describe('Circular 01/2018 indicators', () => {
  it('has nine indicators, each with a Vietnamese label', () => {
    expect(C01_INDICATOR_KEYS).toHaveLength(9);
    for (const key of C01_INDICATOR_KEYS) expect(C01_INDICATOR_LABELS[key].vi).toMatch(/\S/);
  });

  it('1. total time: early 2, on time 1, late 0, undecided while not resolved', () => {
    expect(pointsOf('time', { verdict: 'early' })).toBe(2);
    expect(pointsOf('time', { verdict: 'on-time' })).toBe(1);
    expect(pointsOf('time', { verdict: 'late' })).toBe(0);
    expect(scoreDossier({ ...best, verdict: null }).indicators.time).toEqual({ points: null, missing: expect.objectContaining({ en: 'the dossier is not resolved yet' }) });
  });

  describe('2. each agency against its share', () => {
    it('the worst leg decides', () => {
      expect(pointsOf('legs', { legVerdicts: ['early', 'early'] })).toBe(2);
      expect(pointsOf('legs', { legVerdicts: ['early', 'on-time'] })).toBe(1);
      expect(pointsOf('legs', { legVerdicts: ['early', 'late', 'on-time'] })).toBe(0);
    });

    it('a dossier never transferred is judged by its total time', () => {
      expect(pointsOf('legs', { legVerdicts: [], verdict: 'on-time' })).toBe(1);
      expect(pointsOf('legs', { legVerdicts: [], verdict: null })).toBeNull();
    });

    it('a leg without a verdict leaves it undecided, unless another leg is already late', () => {
      const score = scoreDossier({ ...best, legVerdicts: ['early', null] });
      expect(score.indicators.legs.points).toBeNull();
      expect(score.indicators.legs).toHaveProperty('missing.vi');
      expect(pointsOf('legs', { legVerdicts: [null, 'late'] })).toBe(0);
    });

    it('is independent of the total time when transferred', () => {
      expect(pointsOf('legs', { legVerdicts: ['on-time'], verdict: 'early' })).toBe(1);
    });
  });

  describe('3. times the citizen had to come back', () => {
    it('no supplement 2, one 1, two or more 0', () => {
      const noSurvey = { survey: null };
      expect(pointsOf('contacts', { ...noSurvey, supplementRequests: 0 })).toBe(2);
      expect(pointsOf('contacts', { ...noSurvey, supplementRequests: 1 })).toBe(1);
      expect(pointsOf('contacts', { ...noSurvey, supplementRequests: 2 })).toBe(0);
      expect(pointsOf('contacts', { ...noSurvey, supplementRequests: 5 })).toBe(0);
    });

    it("the citizen's answer lowers it, never raises it", () => {
      expect(pointsOf('contacts', { supplementRequests: 0, survey: { staffAttitude: null, visits: 'two' } })).toBe(1);
      expect(pointsOf('contacts', { supplementRequests: 0, survey: { staffAttitude: null, visits: 'three-or-more' } })).toBe(0);
      expect(pointsOf('contacts', { supplementRequests: 2, survey: { staffAttitude: null, visits: 'one' } })).toBe(0);
      expect(pointsOf('contacts', { supplementRequests: 1, survey: { staffAttitude: null, visits: null } })).toBe(1);
    });
  });

  it('4. agencies contacted: only the receiving unit 2, one more 1, more 0', () => {
    expect(pointsOf('agencies', { agenciesContacted: 1 })).toBe(2);
    expect(pointsOf('agencies', { agenciesContacted: 2 })).toBe(1);
    expect(pointsOf('agencies', { agenciesContacted: 3 })).toBe(0);
  });

  it('5. one-stop unit: end to end 2, received and returned there 1, elsewhere 0', () => {
    expect(pointsOf('one-stop', { oneStop: 'end-to-end' })).toBe(2);
    expect(pointsOf('one-stop', { oneStop: 'received-and-returned' })).toBe(1);
    expect(pointsOf('one-stop', { oneStop: 'elsewhere' })).toBe(0);
  });

  it('6. procedure published: fully 2, partly 1, not 0, undecided when unknown', () => {
    expect(pointsOf('published', { procedurePublished: 'full' })).toBe(2);
    expect(pointsOf('published', { procedurePublished: 'partial' })).toBe(1);
    expect(pointsOf('published', { procedurePublished: 'none' })).toBe(0);
    expect(pointsOf('published', { procedurePublished: null })).toBeNull();
  });

  it('7. staff attitude from the survey: courteous 2, acceptable 1, discourteous 0, undecided unanswered', () => {
    const attitude = (staffAttitude: 'courteous' | 'acceptable' | 'discourteous' | null) => pointsOf('attitude', { survey: { staffAttitude, visits: null } });
    expect(attitude('courteous')).toBe(2);
    expect(attitude('acceptable')).toBe(1);
    expect(attitude('discourteous')).toBe(0);
    expect(attitude(null)).toBeNull();
    expect(pointsOf('attitude', { survey: null })).toBeNull();
  });

  it('8. complaints handled on time: always undecided, saying motcua records no complaints', () => {
    const { complaints } = scoreDossier(best).indicators;
    expect(complaints.points).toBeNull();
    expect(complaints).toHaveProperty('missing.en', expect.stringContaining('no complaints'));
  });

  it('9. online service: fully online 2, partly 1, not offered 0', () => {
    expect(pointsOf('online', { onlineLevel: 'toan-trinh' })).toBe(2);
    expect(pointsOf('online', { onlineLevel: 'mot-phan' })).toBe(1);
    expect(pointsOf('online', { onlineLevel: null })).toBe(0);
  });
});

describe('the total', () => {
  it('counts decided indicators only: the best dossier has 16 of 16', () => {
    expect(scoreDossier(best)).toMatchObject({ total: 16, maxDecided: 16 });
  });

  it('worked example: an on-time dossier, one supplement, transferred once on time, no survey', () => {
    const score = scoreDossier({
      verdict: 'on-time',
      legVerdicts: ['on-time'],
      supplementRequests: 1,
      agenciesContacted: 2,
      oneStop: 'received-and-returned',
      onlineLevel: 'mot-phan',
      procedurePublished: 'full',
      survey: null,
    });
    const points = Object.fromEntries(C01_INDICATOR_KEYS.map((key) => [key, score.indicators[key].points]));
    expect(points).toEqual({ time: 1, legs: 1, contacts: 1, agencies: 1, 'one-stop': 1, published: 2, attitude: null, complaints: null, online: 1 });
    // 7 decided indicators: 8 points of 14.
    expect(score).toMatchObject({ total: 8, maxDecided: 14 });
  });

  it('an unresolved dossier loses the time indicators from its maximum, not points', () => {
    const score = scoreDossier({ ...best, verdict: null, survey: null });
    expect(score).toMatchObject({ total: 10, maxDecided: 10 });
  });
});
