import { describe, expect, it } from 'vitest';
import { daysBetween } from './replay.ts';

describe('the days a replay reads', () => {
  it('are every local day from --from to --to, inclusive, across months and leap days', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(daysBetween('2026-11-29', '2026-11-29')).toEqual(['2026-11-29']);
  });

  it('refuses dates that are not dates, a reversed range and an unbounded one', () => {
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow(/not a date/);
    expect(() => daysBetween('29/11/2026', '2026-12-01')).toThrow(/not a date/);
    expect(() => daysBetween('2026-12-01', '2026-11-01')).toThrow(/before/);
    expect(() => daysBetween('2000-01-01', '2026-01-01')).toThrow(/ten years/);
  });
});
