import { describe, expect, it } from 'vitest';
import demo from '../data/agency-tree.json' with { type: 'json' };
import intakeAgencies from '../../intake/data/agencies.json' with { type: 'json' };
import type { LocalDate } from '../../../libs/calendar/working-days.ts';
import {
  AgencyNotInForce,
  AgencyTreeData,
  agencyTreeOf,
  ancestorsOn,
  daysOf,
  periodOf,
  rollUpTargets,
  type AgencyPeriod,
} from './agency-tree.ts';

const d = (iso: string): LocalDate => {
  const [year, month, day] = iso.split('-').map(Number);
  return { year: year!, month: month!, day: day! };
};
const codes = (periods: AgencyPeriod[]): string[] => periods.map((p) => p.code);
const tree = agencyTreeOf(demo);

const province = { code: 'P', name: 'Tỉnh', level: 'province', parentCode: null, validFrom: '2020-01-01' } as const;
const refusal = (agencies: object[]): string[] => {
  const result = AgencyTreeData.safeParse({ agencies });
  expect(result.success).toBe(false);
  return result.error!.issues.map((issue) => issue.message);
};

describe('the tree as data', () => {
  it('keeps the codes and names of intake', () => {
    const intake = new Map(intakeAgencies.map((a) => [a.code, a.name]));
    for (const agency of demo.agencies) expect(intake.get(agency.code)).toBe(agency.name);
  });

  it('refuses overlapping periods of one code', () => {
    const messages = refusal([
      province,
      { code: 'C', name: 'Xã', level: 'commune', parentCode: 'P', validFrom: '2020-01-01', validTo: '2025-07-02' },
      { code: 'C', name: 'Xã', level: 'commune', parentCode: 'P', validFrom: '2025-07-01' },
    ]);
    expect(messages).toEqual(['periods of C overlap from 2025-07-01']);
  });

  it('refuses a parent missing on some day of the child’s period', () => {
    const district = { code: 'D', name: 'Huyện', level: 'district', parentCode: 'P', validFrom: '2020-01-01', validTo: '2025-07-01' };
    expect(refusal([province, district, { code: 'C', name: 'Xã', level: 'commune', parentCode: 'D', validFrom: '2020-01-01' }])).toEqual([
      'parent D of C is not in force over the whole period from 2020-01-01',
    ]);
    expect(refusal([province, district, { code: 'C', name: 'Xã', level: 'commune', parentCode: 'X', validFrom: '2021-01-01', validTo: '2022-01-01' }])).toHaveLength(1);
  });

  it('accepts a parent whose consecutive periods together cover the child', () => {
    const result = AgencyTreeData.safeParse({
      agencies: [
        province,
        { code: 'D', name: 'Huyện', level: 'district', parentCode: 'P', validFrom: '2020-01-01', validTo: '2023-01-01' },
        { code: 'D', name: 'Thị xã', level: 'district', parentCode: 'P', validFrom: '2023-01-01', validTo: '2025-07-01' },
        { code: 'C', name: 'Xã', level: 'commune', parentCode: 'D', validFrom: '2021-01-01', validTo: '2025-07-01' },
      ],
    });
    expect(result.success).toBe(true);
  });

  it('refuses cycles', () => {
    const messages = refusal([
      province,
      { code: 'A', name: 'A', level: 'district', parentCode: 'B', validFrom: '2020-01-01' },
      { code: 'B', name: 'B', level: 'district', parentCode: 'A', validFrom: '2020-01-01' },
    ]);
    expect(messages.some((m) => /is its own ancestor on 2020-01-01/.test(m))).toBe(true);
  });

  it('refuses a merger into an agency not in force when the merged one ceases, and one that never ceased', () => {
    expect(refusal([province, { code: 'C', name: 'Xã', level: 'commune', parentCode: 'P', validFrom: '2020-01-01', validTo: '2025-07-01', mergedInto: 'X' }])).toEqual([
      'C merges into X, not in force on 2025-07-01',
    ]);
    expect(refusal([province, { code: 'C', name: 'Xã', level: 'commune', parentCode: 'P', validFrom: '2020-01-01', mergedInto: 'P' }])).toEqual([
      'only an agency that ceased (validTo) can be mergedInto another',
    ]);
  });

  it('refuses a root that is not a province, an empty period and an invalid date', () => {
    expect(refusal([{ ...province, level: 'district' }])).toEqual(['P has no parent but is not a province']);
    expect(refusal([{ ...province, validTo: '2020-01-01' }])).toEqual(['validTo must be after validFrom']);
    expect(refusal([{ ...province, validFrom: '2025-02-30' }])).toHaveLength(1);
  });
});

describe('ancestors and roll-ups', () => {
  it('goes commune → district → province before 2025-07-01 and commune → province from then', () => {
    expect(codes(ancestorsOn(tree, 'H38.22.1', d('2025-06-30')))).toEqual(['H38.22', 'H38']);
    expect(codes(ancestorsOn(tree, 'H38.22.1', d('2025-07-01')))).toEqual(['H38']);
    expect(codes(ancestorsOn(tree, 'H38', d('2025-07-01')))).toEqual([]);
  });

  it('counts a dossier received 2025-06-30 under the district, one received 2025-07-01 not', () => {
    expect(codes(rollUpTargets(tree, 'H38.22.2', d('2025-06-30')))).toEqual(['H38.22.2', 'H38.22', 'H38']);
    expect(codes(rollUpTargets(tree, 'H38.22.2', d('2025-07-01')))).toEqual(['H38.22.2', 'H38']);
  });

  it('counts a merged commune under itself before the merger and under its successor after', () => {
    expect(codes(rollUpTargets(tree, 'H38.22.3', d('2025-06-30')))).toEqual(['H38.22.3', 'H38.22', 'H38']);
    expect(codes(rollUpTargets(tree, 'H38.22.3', d('2025-07-01')))).toEqual(['H38.22.2', 'H38']);
    expect(() => ancestorsOn(tree, 'H38.22.3', d('2025-07-01'))).toThrow(AgencyNotInForce);
  });

  it('an agency not in force that day: itself and the ancestors it last had that still are, never dropped', () => {
    // A dossier still keyed with the district after it was abolished: the district and the province.
    expect(codes(rollUpTargets(tree, 'H38.22', d('2025-07-01')))).toEqual(['H38.22', 'H38']);
    // Before the commune existed, or an agency the tree never held: itself only.
    expect(codes(rollUpTargets(tree, 'H38.22.1', d('2000-01-01')))).toEqual(['H38.22.1']);
    expect(codes(rollUpTargets(tree, 'H99', d('2025-07-01')))).toEqual(['H99']);
  });
});

describe('periods', () => {
  it('keys and bounds a day, month, quarter and year, the end exclusive', () => {
    expect(periodOf('day', d('2025-12-31'))).toEqual({ kind: 'day', key: '2025-12-31', from: d('2025-12-31'), to: d('2026-01-01') });
    expect(periodOf('month', d('2025-07-15'))).toEqual({ kind: 'month', key: '2025-07', from: d('2025-07-01'), to: d('2025-08-01') });
    expect(periodOf('month', d('2025-12-31'))).toEqual({ kind: 'month', key: '2025-12', from: d('2025-12-01'), to: d('2026-01-01') });
    expect(periodOf('quarter', d('2025-06-30'))).toEqual({ kind: 'quarter', key: '2025-Q2', from: d('2025-04-01'), to: d('2025-07-01') });
    expect(periodOf('quarter', d('2025-07-01'))).toEqual({ kind: 'quarter', key: '2025-Q3', from: d('2025-07-01'), to: d('2025-10-01') });
    expect(periodOf('quarter', d('2025-12-31'))).toEqual({ kind: 'quarter', key: '2025-Q4', from: d('2025-10-01'), to: d('2026-01-01') });
    expect(periodOf('year', d('2024-02-29'))).toEqual({ kind: 'year', key: '2024', from: d('2024-01-01'), to: d('2025-01-01') });
  });

  it('lists the days of any range across year and month ends', () => {
    expect(daysOf({ from: d('2025-12-30'), to: d('2026-01-02') })).toEqual([d('2025-12-30'), d('2025-12-31'), d('2026-01-01')]);
    expect(daysOf({ from: d('2024-02-28'), to: d('2024-03-01') })).toEqual([d('2024-02-28'), d('2024-02-29')]);
    expect(daysOf({ from: d('2025-07-01'), to: d('2025-07-01') })).toEqual([]);
    expect(daysOf(periodOf('quarter', d('2025-08-01')))).toHaveLength(92);
    expect(daysOf(periodOf('year', d('2024-01-01')))).toHaveLength(366);
    expect(() => daysOf({ from: d('2025-07-02'), to: d('2025-07-01') })).toThrow(RangeError);
  });
});
