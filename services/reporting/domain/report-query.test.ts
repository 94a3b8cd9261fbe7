import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../libs/platform/errors.ts';
import tree from '../data/agency-tree.json' with { type: 'json' };
import { agencyTreeOf } from './agency-tree.ts';
import { reportRequestOf, type ReportQueryParams } from './report-query.ts';

const agencies = agencyTreeOf(tree);
const now = new Date('2026-11-30T03:00:00Z');
const request = (params: ReportQueryParams) => reportRequestOf(params, 'H38', agencies, now);
const refusal = (params: ReportQueryParams) => {
  try {
    request(params);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, en: error.messageEn };
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(params)}`);
};

describe('a report period', () => {
  it('is a year, a quarter, a month or a day', () => {
    expect(request({ period: '2025' })).toMatchObject({ from: '2025-01-01', to: '2026-01-01' });
    expect(request({ period: '2025-Q3' })).toMatchObject({ from: '2025-07-01', to: '2025-10-01' });
    expect(request({ period: '2026-Q4' })).toMatchObject({ from: '2026-10-01', to: '2027-01-01' });
    expect(request({ period: '2025-07' })).toMatchObject({ from: '2025-07-01', to: '2025-08-01' });
    expect(request({ period: '2024-02-29' })).toMatchObject({ from: '2024-02-29', to: '2024-03-01' });
    for (const period of ['2025-00', '2025-13', '2025-02-29', '2025-02-30']) expect(refusal({ period })).toEqual({ code: 'VALIDATION_FAILED', en: 'The period is not a valid date' });
  });

  it('covers ten calendar years at most, both ends included', () => {
    expect(request({ from: '2015-01-01', to: '2024-12-31' })).toMatchObject({ from: '2015-01-01', to: '2025-01-01' });
    expect(request({ from: '2016-02-29', to: '2026-02-28' })).toMatchObject({ from: '2016-02-29', to: '2026-03-01' });
    expect(refusal({ from: '2015-01-01', to: '2025-01-01' })).toEqual({ code: 'VALIDATION_FAILED', en: 'The period is longer than ten years' });
    expect(refusal({ from: '2015-01-01', to: '2025-01-07' })).toEqual({ code: 'VALIDATION_FAILED', en: 'The period is longer than ten years' });
  });

  it('cannot start before 1900, whose years the calendar would misread', () => {
    for (const params of [{ period: '0000' }, { period: '0000-01-01' }, { period: '0099-Q1' }, { from: '0000-01-01', to: '0000-12-31' }, { from: '1899-12-31', to: '1900-01-02' }]) {
      expect(refusal(params)).toEqual({ code: 'VALIDATION_FAILED', en: 'The period cannot start before 1900' });
    }
    expect(request({ period: '1900' })).toMatchObject({ from: '1900-01-01', to: '1901-01-01' });
  });
});
