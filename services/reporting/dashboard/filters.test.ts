import { describe, expect, it } from 'vitest';
import { defaultFilters, periodOfKind, periodRange, reportParams, trendParams, vietnamToday, type Filters } from './filters.ts';

const base: Filters = { agency: 'H38', kind: 'month', period: '2026-11', from: '', to: '', asOf: '' };

describe('the dashboard filters', () => {
  it("open on the current month in Vietnam, whatever the browser's time zone", () => {
    // 23:30 UTC on 31 October is 06:30 on 1 November in Vietnam.
    expect(vietnamToday(new Date('2026-10-31T23:30:00Z'))).toBe('2026-11-01');
    expect(defaultFilters('H38.22', new Date('2026-10-31T23:30:00Z'))).toEqual({ agency: 'H38.22', kind: 'month', period: '2026-11', from: '2026-11-01', to: '2026-11-01', asOf: '' });
  });

  it('name periods as the API reads them', () => {
    expect(['month', 'quarter', 'year'].map((kind) => periodOfKind(kind as 'month', '2026-08-14'))).toEqual(['2026-08', '2026-Q3', '2026']);
    expect(reportParams(base)).toEqual({ agency: 'H38', period: '2026-11' });
    expect(reportParams({ ...base, kind: 'range', from: '2026-01-05', to: '2026-02-10', asOf: '2026-03-01' })).toEqual({ agency: 'H38', from: '2026-01-05', to: '2026-02-10', asOf: '2026-03-01' });
  });

  it('know the first and last days of a period', () => {
    expect(periodRange({ ...base, kind: 'quarter', period: '2024-Q1' })).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(periodRange({ ...base, period: '2024-02' })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodRange({ ...base, kind: 'year', period: '2025' })).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('show the trend over the period by month, or over the twelve months ending with a period of one month', () => {
    expect(trendParams({ ...base, kind: 'year', period: '2025' })).toEqual({ agency: 'H38', period: '2025', groupBy: 'month' });
    expect(trendParams({ ...base, asOf: '2026-11-20' })).toEqual({ agency: 'H38', from: '2025-12-01', to: '2026-11-30', asOf: '2026-11-20', groupBy: 'month' });
    expect(trendParams({ ...base, period: '2026-12' })).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
    expect(trendParams({ ...base, kind: 'range', from: '2026-03-02', to: '2026-03-09' })).toMatchObject({ from: '2025-04-01', to: '2026-03-31' });
    expect(trendParams({ ...base, kind: 'range', from: '2026-03-02', to: '2026-04-09' })).toEqual({ agency: 'H38', from: '2026-03-02', to: '2026-04-09', groupBy: 'month' });
  });
});
