import { describe, expect, it } from 'vitest';
import { INDEX_766_GROUP_KEYS, INDEX_766_GROUPS, gradeOf, index766, type ComputedGroup, type Index766, type Index766Figures, type Index766Group } from './index-766.ts';

const noFigures: Index766Figures = {
  received: 0,
  resolvedEarly: 0,
  resolvedOnTime: 0,
  resolvedLate: 0,
  onlineReceived: 0,
  onlineFullProcedureReceived: 0,
  ratings: { 'very-satisfied': 0, satisfied: 0, 'not-satisfied': 0 },
};

/** The worked example: 1.000 dossiers received, 950 resolved, 700 online (400 fully online), 10 not satisfied. */
const example: Index766Figures = {
  received: 1000,
  resolvedEarly: 600,
  resolvedOnTime: 300,
  resolvedLate: 50,
  onlineReceived: 700,
  onlineFullProcedureReceived: 400,
  ratings: { 'very-satisfied': 300, satisfied: 200, 'not-satisfied': 10 },
};

const groupOf = (index: Index766, group: Index766Group) => index.groups.find((g) => g.group === group)!;
const computedOf = (index: Index766, group: Index766Group): ComputedGroup => {
  const found = groupOf(index, group);
  if (!found.computable) throw new Error(`${group} is not computable`);
  return found;
};
const inputValue = (group: ComputedGroup, name: string) => group.inputs.find((i) => i.name === name)?.value;

describe('Decision 766 groups', () => {
  it('are the six groups of the portal, 100 points, each with a Vietnamese label', () => {
    expect(INDEX_766_GROUP_KEYS.map((g) => INDEX_766_GROUPS[g].maxPoints)).toEqual([18, 20, 12, 10, 18, 22]);
    expect(index766(example).groups.map((g) => [g.group, g.maxPoints, g.label.vi])).toEqual(INDEX_766_GROUP_KEYS.map((g) => [g, INDEX_766_GROUPS[g].maxPoints, INDEX_766_GROUPS[g].label.vi]));
  });

  it('lists publicity, online payment and digitisation as not computable, with what they need', () => {
    for (const group of ['publicity', 'online-payment', 'digitisation'] as const) {
      const found = groupOf(index766(example), group);
      expect(found).toMatchObject({ computable: false, needs: { vi: expect.stringMatching(/\S/), en: expect.stringMatching(/\S/) } });
      expect(found).not.toHaveProperty('points');
    }
  });

  describe('progress of resolution', () => {
    it('is 20 × (early + on time) ÷ resolved', () => {
      const progress = computedOf(index766({ ...noFigures, received: 10, resolvedEarly: 3, resolvedOnTime: 4, resolvedLate: 1 }), 'progress');
      expect(progress.shares.onTime).toBe(7 / 8);
      expect(progress.points).toBe(17.5);
      expect(progress.computedMaxPoints).toBe(20);
      expect(inputValue(progress, 'resolved')).toBe(8);
      expect(progress.formula.vi).toContain('giả định');
    });

    it('does not merge early and on time away from late: all late is 0 points', () => {
      expect(computedOf(index766({ ...noFigures, received: 5, resolvedLate: 5 }), 'progress').points).toBe(0);
    });

    it('has no share and no points when nothing was resolved', () => {
      const progress = computedOf(index766({ ...noFigures, received: 5 }), 'progress');
      expect(progress.shares.onTime).toBeNull();
      expect(progress.points).toBeNull();
    });
  });

  describe('online services', () => {
    it('is 6 × online share + 6 × fully online share, both of dossiers received', () => {
      const online = computedOf(index766({ ...noFigures, received: 8, onlineReceived: 4, onlineFullProcedureReceived: 2 }), 'online');
      expect(online.shares).toEqual({ online: 0.5, fullOnline: 0.25 });
      expect(online.points).toBe(4.5);
    });

    it('is all 12 points when every dossier came in fully online', () => {
      expect(computedOf(index766({ ...noFigures, received: 3, onlineReceived: 3, onlineFullProcedureReceived: 3 }), 'online').points).toBe(12);
    });
  });

  describe('satisfaction', () => {
    it('is 6 × (dossiers − rated not satisfied − complaints) ÷ dossiers; the other 12 points need complaints', () => {
      const satisfaction = computedOf(index766({ ...noFigures, received: 200, ratings: { 'very-satisfied': 50, satisfied: 20, 'not-satisfied': 5 } }), 'satisfaction');
      expect(satisfaction.shares.satisfied).toBe(195 / 200);
      expect(satisfaction.points).toBe(5.85);
      expect(satisfaction).toMatchObject({ maxPoints: 18, computedMaxPoints: 6, needs: { en: expect.stringContaining('Complaints') } });
    });

    it('says in its inputs that motcua records no complaints', () => {
      const complaints = computedOf(index766(example), 'satisfaction').inputs.find((i) => i.name === 'complaints');
      expect(complaints).toMatchObject({ value: 0, note: { en: 'motcua records no complaints: counted as none' } });
    });

    it('counts dossiers nobody rated as not complained about', () => {
      expect(computedOf(index766({ ...noFigures, received: 40 }), 'satisfaction').shares.satisfied).toBe(1);
    });

    it('holds the share at 0 when more dossiers were rated not satisfied than received', () => {
      const satisfaction = computedOf(index766({ ...noFigures, received: 2, ratings: { ...noFigures.ratings, 'not-satisfied': 3 } }), 'satisfaction');
      expect(satisfaction.shares.satisfied).toBe(0);
      expect(satisfaction.points).toBe(0);
    });
  });

  it('with no dossiers: null shares, null points, no total, no grade', () => {
    const index = index766(noFigures);
    for (const group of ['progress', 'online', 'satisfaction'] as const) {
      const found = computedOf(index, group);
      expect(found.points).toBeNull();
      expect(Object.values(found.shares).every((s) => s === null)).toBe(true);
    }
    expect(index.total).toEqual({ points: null, computedMaxPoints: 0, percentOfComputed: null, grade: null });
  });

  it('leaves a group without points out of the computed maximum', () => {
    // Received but nothing resolved yet: progress has no points; online and satisfaction do.
    const index = index766({ ...noFigures, received: 4, onlineReceived: 4, onlineFullProcedureReceived: 4 });
    expect(index.total).toMatchObject({ points: 18, computedMaxPoints: 18, percentOfComputed: 100 });
  });

  it('worked example', () => {
    const index = index766(example);
    // Progress: (600 + 300) ÷ 950 = 94.74 %, 20 × that = 18.95.
    expect(computedOf(index, 'progress').points).toBe(18.95);
    // Online: 700 ÷ 1000 and 400 ÷ 1000; 6 × 0.7 + 6 × 0.4 = 6.6.
    expect(computedOf(index, 'online').points).toBe(6.6);
    // Satisfaction: (1000 − 10 − 0) ÷ 1000 = 99 %, 6 × that = 5.94.
    expect(computedOf(index, 'satisfaction').points).toBe(5.94);
    // 31.49 of the 38 points computed: 82.87 %, good.
    expect(index.total).toEqual({ points: 31.49, computedMaxPoints: 38, percentOfComputed: 82.87, grade: { grade: 'good', label: { vi: 'Tốt', en: 'Good' } } });
  });
});

describe('grades', () => {
  it('≥ 80 good, 50 to 80 average (70–80 included), below 50 weak', () => {
    expect(gradeOf(100).grade).toBe('good');
    expect(gradeOf(80).grade).toBe('good');
    expect(gradeOf(79.99).grade).toBe('average');
    expect(gradeOf(75).grade).toBe('average');
    expect(gradeOf(50).grade).toBe('average');
    expect(gradeOf(49.99).grade).toBe('weak');
    expect(gradeOf(0)).toEqual({ grade: 'weak', label: { vi: 'Yếu', en: 'Weak' } });
  });
});
