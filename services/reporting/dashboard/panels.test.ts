import { describe, expect, it } from 'vitest';
import { channelRows, circular01AgencyRows, index766Needs, index766Rows, index766Total, lateProcedureRows, overdueRows, publishedCards, satisfactionRows, trendRows, viDate, type Summary } from './panels.ts';

const figures = (over: Partial<Summary['totals']> = {}): Summary['totals'] => ({
  received: 22_547,
  receivedByChannel: { counter: 1_500, online: 20_908, postal: 139 },
  cohort: null,
  published: {
    earlyOrOnTime: { count: 22_379, percent: 99.26 },
    inProgressWithinDeadline: { count: 82, percent: 0.36 },
    overdue: { count: 86, percent: 0.38 },
    closedWithoutResult: { count: 0, percent: 0 },
  },
  activity: {},
  satisfaction: { answers: 40, levels: { 'very-satisfied': 30, satisfied: 8, 'not-satisfied': 2 }, byChannel: {}, satisfiedPercent: 95 },
  openAtAsOf: { within: 80, supplement: 2, overdue: 4 },
  scoreCounters: {},
  ...over,
});
const summary = (over: Partial<Summary> = {}): Summary => ({
  agency: { code: 'H38', name: 'Ủy ban nhân dân tỉnh Hòa Lâm' },
  period: { from: '2025-01-01', to: '2025-12-31' },
  asOf: '2025-12-31',
  totals: figures(),
  narrative: 'Tiếp nhận 22.547 hồ sơ; …',
  groupBy: null,
  groups: [],
  ...over,
});

describe("the dashboard's panels", () => {
  it('show the published form in Vietnamese numbers', () => {
    expect(publishedCards(summary()).map(({ key, value, detail }) => [key, value, detail])).toEqual([
      ['received', '22.547', undefined],
      ['early-or-on-time', '22.379', '99,26%'],
      ['in-progress', '82', '0,36%'],
      ['overdue', '86', '0,38%'],
      ['closed', '0', '0%'],
      ['online', '20.908', undefined],
      ['counter-postal', '1.639', undefined],
      ['satisfied', '95%', '40 lượt đánh giá'],
    ]);
    expect(publishedCards(summary({ totals: figures({ received: 0, published: null }) }))[1]).toMatchObject({ value: '—', detail: '—' });
  });

  it('give channels and satisfaction levels with their shares', () => {
    expect(channelRows(summary()).map((row) => [row.label, ...row.values])).toEqual([['Trực tiếp', '1.500', '6,65%'], ['Trực tuyến', '20.908', '92,73%'], ['Bưu chính', '139', '0,62%']]);
    expect(satisfactionRows(summary()).map((row) => row.values)).toEqual([['30', '75%'], ['8', '20%'], ['2', '5%']]);
    expect(satisfactionRows(summary({ totals: figures({ satisfaction: { answers: 0, levels: { 'very-satisfied': 0, satisfied: 0, 'not-satisfied': 0 }, byChannel: {}, satisfiedPercent: null } }) })).map((row) => row.values[1])).toEqual(['—', '—', '—']);
  });

  it('rank procedures by dossiers resolved late, leaving out those with none', () => {
    const group = (key: string, late: number) => ({ key, label: `Thủ tục ${key}`, figures: figures({ activity: { 'resolved.late': late } }), narrative: '' });
    const rows = lateProcedureRows(summary({ groupBy: 'procedure', groups: [group('1.1', 2), group('1.2', 0), group('1.3', 5), group('1.0', 2)] }));
    expect(rows.map((row) => [row.key, row.values[0]])).toEqual([['1.3', '5'], ['1.0', '2'], ['1.1', '2']]);
  });

  it('draw the trend from the months, a month with nothing received as a gap', () => {
    const months = summary({ groupBy: 'month', groups: [
      { key: '2025-11', label: 'Tháng 11/2025', figures: figures(), narrative: '' },
      { key: '2025-12', label: 'Tháng 12/2025', figures: figures({ received: 0, published: null }), narrative: '' },
    ] });
    expect(trendRows(months).map((row) => [row.label, ...row.values])).toEqual([['Tháng 11/2025', '22.547', '99,26%', '0,38%'], ['Tháng 12/2025', '0', '—', '—']]);
    expect(trendRows(months)[1]!.n).toBeNaN();
  });

  it('date overdue appointments in Vietnam, and give scores with commas', () => {
    expect(viDate('2026-03-01T17:30:00.000Z')).toBe('02/03/2026');
    expect(overdueRows({ agency: 'H38', at: '2026-03-05T00:00:00+07:00', count: 1, dossiers: [{ code: 'H38.22-1', procedureCode: '1.001612', procedureName: 'Đăng ký hộ kinh doanh', dueAt: '2026-03-01T17:30:00+07:00', daysLate: 4 }] })[0]!.values).toEqual(['Đăng ký hộ kinh doanh', '01/03/2026', '4']);
    const index = { agency: summary().agency, period: summary().period, asOf: '2025-12-31', groups: [
      { group: 'progress', label: { vi: 'Tiến độ', en: '' }, maxPoints: 20, computable: true, points: 19.85, computedMaxPoints: 20 },
      { group: 'digitisation', label: { vi: 'Số hóa', en: '' }, maxPoints: 22, computable: false, needs: { vi: 'Cần dữ liệu số hóa', en: '' } },
    ], total: { points: 19.85, computedMaxPoints: 20, percentOfComputed: 99.25, grade: { grade: 'good', label: { vi: 'Tốt', en: 'Good' } } } };
    expect(index766Rows(index).map((row) => row.values)).toEqual([['19,85 / 20', '20'], ['Chưa tính được', '22']]);
    expect(index766Needs(index)).toEqual(['Số hóa: Cần dữ liệu số hóa']);
    expect(index766Total(index)).toBe('Phần tính được: 19,85 / 20 điểm (99,25%, xếp loại Tốt).');
    const scores = { agency: summary().agency, period: summary().period, asOf: '2025-12-31', indicators: {}, averages: { dossiers: 3, averageTotal: 11.333333, averageMax: 12 }, byAgency: [{ code: 'H38.1', name: 'Trung tâm', averages: { dossiers: 0, averageTotal: null } }] };
    expect(circular01AgencyRows(scores).map((row) => row.values)).toEqual([['3', '11,33 / 12'], ['0', '—']]);
  });
});
