import { describe, expect, it } from 'vitest';
import { TET_DATES } from './fixtures/tet-dates.ts';
import { HOLIDAY_DATA_FILE, holidayData, loadHolidayCalendar, vietnamCalendar } from './holiday-data.ts';
import {
  buildCalendar,
  FIRST_SUPPORTED_YEAR,
  HolidayDataError,
  LAST_SUPPORTED_YEAR,
  OCCASIONS,
  parseHolidayData,
  YearNotSupportedError,
  type HolidayCalendar,
  type HolidayData,
} from './holidays.ts';
import { hungKingsDay } from './lunar.ts';
import { deadlineClock } from './deadlines.ts';
import { WorkingDayIndex } from './working-day-index.ts';
import { addDays, dateOfDayNumber, dayNumberOf, type LocalDate } from './working-days.ts';

// ---------------------------------------------------------------------------
// Helpers, independent of holidays.ts
// ---------------------------------------------------------------------------

const d = (iso: string): LocalDate => {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};
const iso = (date: LocalDate): string =>
  `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
const weekday = (s: string): number => new Date(`${s}T00:00:00Z`).getUTCDay();
const isWeekend = (s: string): boolean => weekday(s) === 0 || weekday(s) === 6;
const shift = (s: string, days: number): string => iso(addDays(d(s), days));
/** Every date from `from` to `to`, inclusive. */
function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = d(from); iso(day) <= to; day = addDays(day, 1)) out.push(iso(day));
  return out;
}
const datesOfYear = (year: number): string[] => datesFrom(`${year}-01-01`, `${year}-12-31`);

/** What a year should look like: breaks (inclusive ranges, weekends may be included) and Saturdays worked. */
interface Expected {
  readonly off: readonly (readonly [string, string] | readonly [string])[];
  readonly worked?: readonly string[];
}

/** Every date of the year: working iff (a weekday outside all breaks) or a swapped-in weekend day. */
function mismatches(calendar: HolidayCalendar, year: number, expected: Expected): string[] {
  const offDays = new Set(expected.off.flatMap(([from, to]) => datesFrom(from, to ?? from)));
  const worked = new Set(expected.worked ?? []);
  const wrong: string[] = [];
  for (const date of datesOfYear(year)) {
    const shouldWork = worked.has(date) || (!isWeekend(date) && !offDays.has(date));
    const works = calendar.isWorkingDay(d(date));
    if (works !== shouldWork) wrong.push(`${date}: expected ${shouldWork ? 'working' : 'off'}, got ${works ? 'working' : 'off'}`);
  }
  return wrong;
}

// ---------------------------------------------------------------------------
// Expectations written from the holiday table of docs/domain.md, the announcements quoted in data/holidays.json, and the
// Labour Code for the occasions left computed (hand-derived; weekdays checked with Date).
// ---------------------------------------------------------------------------

/** docs/domain.md, "Time": announced Tết and National Day breaks and swaps. */
const DOMAIN_TABLE = {
  2019: { tet: ['2019-02-02', '2019-02-10'], nationalDay: ['2019-08-31', '2019-09-02'], swaps: [] },
  2020: { tet: ['2020-01-23', '2020-01-29'], nationalDay: ['2020-09-02', '2020-09-02'], swaps: [] },
  2023: { tet: ['2023-01-20', '2023-01-26'], nationalDay: ['2023-09-01', '2023-09-04'], swaps: [] },
  2024: { tet: ['2024-02-08', '2024-02-14'], nationalDay: ['2024-08-31', '2024-09-03'], swaps: [] },
  2025: { tet: ['2025-01-25', '2025-02-02'], nationalDay: ['2025-08-30', '2025-09-02'], swaps: [['2025-05-02', '2025-04-26']] },
  2026: {
    tet: ['2026-02-14', '2026-02-22'],
    nationalDay: ['2026-08-29', '2026-09-02'],
    swaps: [['2026-01-02', '2026-01-10'], ['2026-08-31', '2026-08-22']],
  },
} as const satisfies Record<number, { tet: readonly [string, string]; nationalDay: readonly [string, string]; swaps: readonly (readonly [string, string])[] }>;

/** Swaps found in the announcements but missing from the holiday table of docs/domain.md (see data/holidays.json notes). */
const EXTRA_SWAPS: Record<number, readonly (readonly [string, string])[]> = {
  2019: [['2018-12-31', '2019-01-05'], ['2019-04-29', '2019-05-04']],
  2024: [['2024-04-29', '2024-05-04']],
};

const ANNOUNCED_YEARS: Record<number, Expected> = {
  2019: {
    off: [
      ['2019-01-01'], // 29/12/2018 – 1/1/2019 with Mon 31/12/2018 swapped (the 2018 part is tested below)
      ['2019-02-02', '2019-02-10'],
      ['2019-04-14', '2019-04-15'], // Hùng Kings on Sunday 14/4 → Monday 15/4 (computed)
      ['2019-04-27', '2019-05-01'], // Mon 29/4 swapped
      ['2019-08-31', '2019-09-02'], // 2/9 only (Labour Code 2012)
    ],
    worked: ['2019-01-05', '2019-05-04'],
  },
  2020: {
    off: [['2020-01-01'], ['2020-01-23', '2020-01-29'], ['2020-04-02'], ['2020-04-30', '2020-05-01'], ['2020-09-02']],
  },
  2023: {
    off: [
      ['2023-01-01', '2023-01-02'], // Sunday 1/1 → Monday 2/1
      ['2023-01-20', '2023-01-26'],
      ['2023-04-29', '2023-05-03'], // Hùng Kings Sat 29/4, Sun 30/4, Mon 1/5 → Tue 2/5, Wed 3/5
      ['2023-09-01', '2023-09-04'],
    ],
  },
  2024: {
    off: [['2024-01-01'], ['2024-02-08', '2024-02-14'], ['2024-04-18'], ['2024-04-27', '2024-05-01'], ['2024-08-31', '2024-09-03']],
    worked: ['2024-05-04'],
  },
  2025: {
    off: [['2025-01-01'], ['2025-01-25', '2025-02-02'], ['2025-04-07'], ['2025-04-30', '2025-05-04'], ['2025-08-30', '2025-09-02']],
    worked: ['2025-04-26'],
  },
  2026: {
    off: [
      ['2026-01-01', '2026-01-04'],
      ['2026-02-14', '2026-02-22'],
      ['2026-04-26', '2026-04-27'], // Hùng Kings on Sunday 26/4 → Monday 27/4 (computed)
      ['2026-04-30', '2026-05-03'],
      ['2026-08-29', '2026-09-02'],
    ],
    worked: ['2026-01-10', '2026-08-22'],
  },
};

/** Years nobody announced (in the shipped data): the Labour Code 2019 and the documented defaults. */
const COMPUTED_YEARS: Record<number, Expected & { tet: string; hungKings: string }> = {
  2021: {
    tet: '2021-02-12', // Friday: 10/2 – 14/2, Sat/Sun compensated Mon 15, Tue 16 (announced 10–16/2/2021)
    hungKings: '2021-04-21',
    off: [['2021-01-01'], ['2021-02-10', '2021-02-16'], ['2021-04-21'], ['2021-04-30', '2021-05-03'], ['2021-09-02', '2021-09-05']],
  },
  2022: {
    tet: '2022-02-01', // Tuesday: 30/1 (Sun) – 3/2, compensated Fri 4/2 → 29/1 – 6/2
    hungKings: '2022-04-10', // Sunday → Monday 11/4
    off: [
      ['2022-01-01', '2022-01-03'], // Saturday 1/1 → Monday 3/1
      ['2022-01-29', '2022-02-06'],
      ['2022-04-09', '2022-04-11'],
      ['2022-04-30', '2022-05-03'], // Sat 30/4 and Sun 1/5 → Mon 2/5, Tue 3/5
      ['2022-09-01', '2022-09-04'], // 2/9 Friday → 1/9 Thursday
    ],
  },
  2027: {
    tet: '2027-02-06', // Saturday: 4/2 – 8/2, Sat/Sun compensated Tue 9, Wed 10
    hungKings: '2027-04-16',
    off: [['2027-01-01'], ['2027-02-04', '2027-02-10'], ['2027-04-16'], ['2027-04-30', '2027-05-03'], ['2027-09-02', '2027-09-05']],
  },
  2030: {
    tet: '2030-02-02', // Saturday (China: 3/2): 31/1 – 4/2, compensated Tue 5, Wed 6
    hungKings: '2030-04-12',
    off: [
      ['2030-01-01'],
      ['2030-01-31', '2030-02-06'],
      ['2030-04-12'],
      ['2030-04-30', '2030-05-01'],
      ['2030-08-31', '2030-09-03'], // 2/9 Monday: 1/9 (Sunday) + 2/9, compensated Tue 3/9
    ],
  },
};

const bare = buildCalendar();

// ---------------------------------------------------------------------------

describe('the shipped data file', () => {
  it('holds the years of docs/domain.md and validates', () => {
    expect(holidayData.years.map((y) => y.year)).toEqual([2019, 2020, 2023, 2024, 2025, 2026]);
  });

  it.each(Object.entries(DOMAIN_TABLE))('%s: Tết, National Day and swaps are exactly as in docs/domain.md (plus the verified extra swaps)', (yearText, row) => {
    const year = Number(yearText);
    const entry = holidayData.years.find((y) => y.year === year)!;
    expect([entry.occasions.tet?.from, entry.occasions.tet?.to]).toEqual(row.tet);
    expect([entry.occasions.nationalDay?.from, entry.occasions.nationalDay?.to]).toEqual(row.nationalDay);
    const swaps = OCCASIONS.flatMap((o) => entry.occasions[o]?.swaps ?? []).map((s) => [s.dayOff, s.workedOn]);
    const expected = [...row.swaps, ...(EXTRA_SWAPS[year] ?? [])];
    expect(swaps.sort()).toEqual(expected.map((s) => [...s]).sort());
  });

  it('gives every announced occasion a reference or a note', () => {
    for (const entry of holidayData.years) {
      for (const occasion of OCCASIONS) {
        const a = entry.occasions[occasion];
        if (a) expect(a.reference ?? a.note, `${entry.year} ${occasion}`).toMatch(/\S/);
      }
    }
  });
});

describe('announced years, every day of the year', () => {
  it.each(Object.keys(ANNOUNCED_YEARS).map(Number))('%i', (year) => {
    expect(mismatches(vietnamCalendar, year, ANNOUNCED_YEARS[year]!)).toEqual([]);
  });

  it('the 2019 New Year break reaches into 2018: Mon 31/12/2018 off, Saturday 5/1/2019 worked', () => {
    expect(vietnamCalendar.isWorkingDay(d('2018-12-28'))).toBe(true);
    expect(vietnamCalendar.isWorkingDay(d('2018-12-31'))).toBe(false);
    expect(vietnamCalendar.isWorkingDay(d('2019-01-02'))).toBe(true);
    expect(vietnamCalendar.isWorkingDay(d('2019-01-05'))).toBe(true);
    expect(vietnamCalendar.isWorkingDay(d('2019-01-06'))).toBe(false);
    // Without the announcement 31/12/2018 is an ordinary Monday.
    expect(bare.isWorkingDay(d('2018-12-31'))).toBe(true);
  });

  it('every announced break is off from end to end, and the days just outside it are working days', () => {
    for (const entry of holidayData.years) {
      for (const occasion of OCCASIONS) {
        const a = entry.occasions[occasion];
        if (!a) continue;
        const label = `${entry.year} ${occasion}`;
        for (const date of datesFrom(a.from, a.to)) expect(vietnamCalendar.isWorkingDay(d(date)), `${label} ${date}`).toBe(false);
        expect(vietnamCalendar.isWorkingDay(d(shift(a.from, -1))), `${label} day before`).toBe(true);
        expect(vietnamCalendar.isWorkingDay(d(shift(a.to, 1))), `${label} day after`).toBe(true);
      }
    }
  });

  it('a swapped Saturday is worked, the Sunday after it is not, and the weekday it replaces is off', () => {
    const all = Object.values(DOMAIN_TABLE).flatMap((r) => r.swaps as readonly (readonly [string, string])[]);
    for (const [dayOff, workedOn] of [...all, ...Object.values(EXTRA_SWAPS).flat()]) {
      expect(weekday(workedOn)).toBe(6);
      expect(vietnamCalendar.isWorkingDay(d(workedOn)), workedOn).toBe(true);
      expect(vietnamCalendar.isWorkingDay(d(shift(workedOn, 1))), shift(workedOn, 1)).toBe(false);
      expect(vietnamCalendar.isWorkingDay(d(dayOff)), dayOff).toBe(false);
      // ...and both are ordinary days in the computed default.
      expect(bare.isWorkingDay(d(workedOn))).toBe(false);
    }
  });
});

describe('computed default', () => {
  it.each(Object.keys(COMPUTED_YEARS).map(Number))('%i, every day of the year', (year) => {
    const expected = COMPUTED_YEARS[year]!;
    // The expected Tết is the published table's (Hồ Ngọc Đức), not lunar.ts' output.
    expect(TET_DATES[year]).toBe(expected.tet);
    expect(iso(hungKingsDay(year))).toBe(expected.hungKings);
    expect(mismatches(vietnamCalendar, year, expected)).toEqual([]);
    expect(mismatches(bare, year, expected)).toEqual([]);
    expect(vietnamCalendar.yearInfo(year).source).toBe('computed');
  });

  it('reproduces the days off of every announced Tết break (2019–2026)', () => {
    for (const [year, row] of Object.entries(DOMAIN_TABLE)) {
      const [from, to] = row.tet;
      for (const date of datesFrom(from, to)) expect(bare.isWorkingDay(d(date)), `${year} ${date}`).toBe(false);
      expect(bare.isWorkingDay(d(shift(from, -1))), `${year} before`).toBe(true);
      expect(bare.isWorkingDay(d(shift(to, 1))), `${year} after`).toBe(true);
    }
  });

  it('"last 2 days + first 3" fits every announced Tết, "last day + first 4" does not (model of the rule)', () => {
    // A small independent model: 5 Tết days from the published Tết date, weekend ones compensated on
    // the following free weekdays; the result is the set of weekdays off.
    const weekdaysOff = (tet: string, before: number): string[] => {
      const days = Array.from({ length: 5 }, (_, i) => shift(tet, i - before));
      const off = days.filter((x) => !isWeekend(x));
      let candidate = days[4]!;
      for (let owed = days.filter(isWeekend).length; owed > 0; owed--) {
        do candidate = shift(candidate, 1);
        while (isWeekend(candidate));
        off.push(candidate);
      }
      return off;
    };
    const fits = (before: number): number[] =>
      Object.entries(DOMAIN_TABLE)
        .filter(([year, row]) => {
          const announced = datesFrom(row.tet[0], row.tet[1]).filter((x) => !isWeekend(x));
          return JSON.stringify(weekdaysOff(TET_DATES[Number(year)]!, before)) === JSON.stringify(announced);
        })
        .map(([year]) => Number(year));
    expect(fits(2)).toEqual([2019, 2020, 2023, 2024, 2025, 2026]);
    expect(fits(1)).toEqual([2019, 2026]);
  });

  it('reproduces the announced National Day breaks 2023–2025 (2026 differs only by its swap)', () => {
    for (const year of [2023, 2024, 2025] as const) {
      const [from, to] = DOMAIN_TABLE[year].nationalDay;
      for (const date of datesFrom(from, to)) expect(bare.isWorkingDay(d(date)), date).toBe(false);
      expect(bare.isWorkingDay(d(shift(from, -1)))).toBe(true);
      expect(bare.isWorkingDay(d(shift(to, 1)))).toBe(true);
    }
    expect(bare.isWorkingDay(d('2026-08-31'))).toBe(true); // Monday, swapped only by the announcement
    expect(bare.isWorkingDay(d('2026-09-01'))).toBe(false);
    expect(bare.isWorkingDay(d('2026-09-02'))).toBe(false);
  });

  it('before 2021 National Day is one day (Labour Code 2012), compensated when on a weekend', () => {
    // 2020: Wednesday 2/9 only.
    expect(bare.isWorkingDay(d('2020-09-01'))).toBe(true);
    expect(bare.isWorkingDay(d('2020-09-02'))).toBe(false);
    expect(bare.isWorkingDay(d('2020-09-03'))).toBe(true);
    // 2016: Friday 2/9, Thursday 1/9 worked.
    expect(bare.isWorkingDay(d('2016-09-01'))).toBe(true);
    expect(bare.isWorkingDay(d('2016-09-02'))).toBe(false);
    // 2017: Saturday 2/9 → Monday 4/9; Friday 1/9 worked.
    expect(bare.isWorkingDay(d('2017-09-01'))).toBe(true);
    expect(bare.isWorkingDay(d('2017-09-04'))).toBe(false);
    expect(bare.isWorkingDay(d('2017-09-05'))).toBe(true);
    // 2018: Sunday 2/9 → Monday 3/9; Friday 31/8 worked.
    expect(bare.isWorkingDay(d('2018-08-31'))).toBe(true);
    expect(bare.isWorkingDay(d('2018-09-03'))).toBe(false);
    expect(bare.isWorkingDay(d('2018-09-04'))).toBe(true);
    // From 2021 (Labour Code 2019) two days: 2021 Thursday 2/9 + Friday 3/9.
    expect(bare.isWorkingDay(d('2021-09-01'))).toBe(true);
    expect(bare.isWorkingDay(d('2021-09-03'))).toBe(false);
    expect(bare.yearInfo(2020).legalBasis).toMatch(/2012, Điều 115/);
    expect(bare.yearInfo(2021).legalBasis).toMatch(/2019, Điều 112/);
  });

  it('a holiday on a weekend is compensated on the next day not already off', () => {
    // 2023: Hùng Kings Saturday 29/4 skips Monday 1/5 (a holiday) and is compensated Tuesday 2/5.
    const days = bare.yearInfo(2023).nonWorkingDays.filter((x) => x.date >= '2023-04-29' && x.date <= '2023-05-05');
    expect(days.map((x) => [x.date, x.kind, x.occasion])).toEqual([
      ['2023-04-29', 'holiday', 'hungKings'],
      ['2023-04-30', 'holiday', 'reunificationAndLabour'],
      ['2023-05-01', 'holiday', 'reunificationAndLabour'],
      ['2023-05-02', 'compensatory', 'hungKings'],
      ['2023-05-03', 'compensatory', 'reunificationAndLabour'],
    ]);
  });
});

describe('yearInfo', () => {
  it('2025: the swap is listed on both sides; computed occasions stay computed', () => {
    const info = vietnamCalendar.yearInfo(2025);
    expect(info.source).toBe('partly announced');
    const may = info.nonWorkingDays.filter((x) => x.occasion === 'reunificationAndLabour');
    expect(may).toMatchObject([
      { date: '2025-04-30', kind: 'holiday', source: 'announced' },
      { date: '2025-05-01', kind: 'holiday', source: 'announced' },
      { date: '2025-05-02', kind: 'swapped', source: 'announced', workedOn: '2025-04-26' },
    ]);
    expect(info.workingWeekendDays).toMatchObject([
      { date: '2025-04-26', replaces: '2025-05-02', occasion: 'reunificationAndLabour', source: 'announced' },
    ]);
    expect(info.nonWorkingDays.find((x) => x.date === '2025-04-07')).toMatchObject({
      occasion: 'hungKings',
      kind: 'holiday',
      source: 'computed',
      name: { vi: 'Giỗ Tổ Hùng Vương' },
    });
    expect(info.occasions.map((o) => [o.occasion, o.source])).toEqual([
      ['newYear', 'computed'],
      ['tet', 'announced'],
      ['hungKings', 'computed'],
      ['reunificationAndLabour', 'announced'],
      ['nationalDay', 'announced'],
    ]);
    // Ordinary weekend days inside a break are not listed.
    expect(info.nonWorkingDays.some((x) => x.date === '2025-01-25' || x.date === '2025-05-03')).toBe(false);
  });

  it('2024 Tết: five holidays (two on the weekend) and two compensatory days; the notice is referenced', () => {
    const info = vietnamCalendar.yearInfo(2024);
    const tet = info.nonWorkingDays.filter((x) => x.occasion === 'tet');
    expect(tet.map((x) => [x.date, x.kind])).toEqual([
      ['2024-02-08', 'holiday'],
      ['2024-02-09', 'holiday'],
      ['2024-02-10', 'holiday'],
      ['2024-02-11', 'holiday'],
      ['2024-02-12', 'holiday'],
      ['2024-02-13', 'compensatory'],
      ['2024-02-14', 'compensatory'],
    ]);
    const occasion = info.occasions.find((o) => o.occasion === 'tet')!;
    expect(occasion).toMatchObject({ source: 'announced', from: '2024-02-08', to: '2024-02-14' });
    expect(occasion.reference).toContain('5015/TB-LĐTBXH');
    expect(info.nonWorkingDays.find((x) => x.date === '2024-09-03')).toMatchObject({ kind: 'holiday', occasion: 'nationalDay' });
  });

  it('names Tết days by their lunar date, as the announcements do', () => {
    const name = (date: string): string =>
      vietnamCalendar.yearInfo(Number(date.slice(0, 4))).nonWorkingDays.find((x) => x.date === date)!.name.vi;
    expect(name('2024-02-08')).toContain('29 tháng Chạp'); // Thông báo 5015: "ngày 29 tháng Chạp năm Quý Mão"
    expect(name('2026-02-16')).toContain('29 tháng Chạp'); // 2026: "từ 29 tháng Chạp năm Ất Tỵ"
    expect(name('2026-02-20')).toContain('mùng 4 tháng Giêng');
    expect(name('2019-02-04')).toContain('30 tháng Chạp'); // Mậu Tuất's last month had 30 days
  });

  it('lists the December part of the next year\'s New Year break under the year it falls in', () => {
    const info2018 = vietnamCalendar.yearInfo(2018);
    expect(info2018.nonWorkingDays.find((x) => x.date === '2018-12-31')).toMatchObject({
      occasion: 'newYear',
      kind: 'swapped',
      source: 'announced',
      workedOn: '2019-01-05',
    });
    expect(info2018.source).toBe('partly announced');
    expect(vietnamCalendar.yearInfo(2019).workingWeekendDays.map((x) => [x.date, x.replaces])).toEqual([
      ['2019-01-05', '2018-12-31'],
      ['2019-05-04', '2019-04-29'],
    ]);
  });

  it('a year with all five occasions announced is "announced"; one with none is "computed"', () => {
    const all = {
      year: 2027,
      occasions: {
        newYear: { from: '2027-01-01', to: '2027-01-03', note: 'test' },
        tet: { from: '2027-02-04', to: '2027-02-10', note: 'test' },
        hungKings: { from: '2027-04-16', to: '2027-04-18', note: 'test' },
        reunificationAndLabour: { from: '2027-04-30', to: '2027-05-03', note: 'test' },
        nationalDay: { from: '2027-09-02', to: '2027-09-05', note: 'test' },
      },
    };
    const calendar = buildCalendar({ years: [all] });
    expect(calendar.yearInfo(2027).source).toBe('announced');
    expect(calendar.yearInfo(2027).nonWorkingDays.every((x) => x.source === 'announced')).toBe(true);
    expect(calendar.yearInfo(2028).source).toBe('computed');
  });

  it('agrees with isWorkingDay on every day of 2017–2031, sorted, unique and plain JSON', () => {
    for (let year = 2017; year <= 2031; year++) {
      const info = vietnamCalendar.yearInfo(year);
      expect(info.year).toBe(year);
      expect(JSON.parse(JSON.stringify(info))).toEqual(info);
      const off = new Map(info.nonWorkingDays.map((x) => [x.date, x]));
      const worked = new Set(info.workingWeekendDays.map((x) => x.date));
      expect(off.size).toBe(info.nonWorkingDays.length);
      expect(info.nonWorkingDays.map((x) => x.date)).toEqual([...off.keys()].sort());
      for (const x of info.workingWeekendDays) {
        expect(isWeekend(x.date)).toBe(true);
        expect(off.get(x.replaces)?.kind).toBe(x.replaces.startsWith(String(year)) ? 'swapped' : undefined);
      }
      for (const x of info.nonWorkingDays) {
        expect(x.date.startsWith(`${year}-`)).toBe(true);
        expect(x.name.vi).toMatch(/\S/);
        expect(x.name.en).toMatch(/\S/);
        if (x.kind !== 'holiday') expect(isWeekend(x.date), `${x.date} ${x.kind}`).toBe(false);
      }
      for (const date of datesOfYear(year)) {
        const expected = worked.has(date) || (!isWeekend(date) && !off.has(date));
        expect(vietnamCalendar.isWorkingDay(d(date)), date).toBe(expected);
      }
    }
  });
});

describe('isWorkingDay', () => {
  it('works with the working-day helpers across Tết and a swap', () => {
    // Wednesday 7/2/2024, the last working day before Tết: the next one is Thursday 15/2.
    expect(dateOfDayNumber(new WorkingDayIndex(vietnamCalendar).addWorkingDays(dayNumberOf(d('2024-02-07')), 1))).toEqual(d('2024-02-15'));
    // 26/4/2025 (Saturday, worked), 28/4, 29/4, then 5/5, 6/5.
    expect(deadlineClock(vietnamCalendar).workingDaysBetween(d('2025-04-25'), d('2025-05-06'))).toBe(5);
  });

  it('rejects impossible dates and unsupported years', () => {
    for (const bad of [d('2024-02-30'), d('2023-02-29'), { year: 2024, month: 13, day: 1 }, { year: 2024, month: 0, day: 1 }, { year: 2024, month: 1, day: 0 }, { year: 2024, month: 1, day: 32 }, { year: 2024, month: 1.5, day: 1 }]) {
      expect(() => vietnamCalendar.isWorkingDay(bad), JSON.stringify(bad)).toThrow(RangeError);
    }
    expect(() => vietnamCalendar.isWorkingDay({ year: FIRST_SUPPORTED_YEAR - 1, month: 6, day: 1 })).toThrow(YearNotSupportedError);
    expect(() => vietnamCalendar.isWorkingDay({ year: LAST_SUPPORTED_YEAR + 1, month: 6, day: 1 })).toThrow(YearNotSupportedError);
    expect(() => vietnamCalendar.yearInfo(LAST_SUPPORTED_YEAR + 1)).toThrow(YearNotSupportedError);
    expect(vietnamCalendar.isWorkingDay(d('2024-02-29'))).toBe(true); // Thursday of a leap year
  });
});

describe('data validation', () => {
  const valid = (): { years: { year: number; occasions: Record<string, Record<string, unknown>> }[] } =>
    JSON.parse(JSON.stringify({ years: [holidayData.years.find((y) => y.year === 2025)] }));

  const failure = (input: unknown): HolidayDataError => {
    try {
      buildCalendar(input as HolidayData);
    } catch (error) {
      expect(error).toBeInstanceOf(HolidayDataError);
      return error as HolidayDataError;
    }
    throw new Error('expected a HolidayDataError');
  };

  it('accepts the 2025 entry as it is (baseline for the cases below)', () => {
    expect(() => parseHolidayData(valid())).not.toThrow();
  });

  it('rejects a date that does not exist, naming where it is', () => {
    const data = valid();
    data.years[0]!.occasions.tet!.to = '2025-02-30';
    const error = failure(data);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatch(/^years\[0\] \(2025\)\.occasions\.tet\.to: must be a real date written YYYY-MM-DD$/);
    expect(error.message).toContain('Invalid holiday data');
  });

  it('rejects a break whose end is before its start', () => {
    const data = valid();
    Object.assign(data.years[0]!.occasions.nationalDay!, { from: '2025-09-02', to: '2025-08-30' });
    expect(failure(data).issues.join('\n')).toMatch(/nationalDay\.to: 2025 nationalDay: "to" \(2025-08-30\) is before "from" \(2025-09-02\)/);
  });

  it('rejects a swapped working day that is not a weekend day', () => {
    const data = valid();
    (data.years[0]!.occasions.reunificationAndLabour!.swaps as { workedOn: string }[])[0]!.workedOn = '2025-04-25';
    expect(failure(data).issues.join('\n')).toMatch(
      /reunificationAndLabour\.swaps\[0\]\.workedOn: .*2025-04-25 is a Friday; it must be a Saturday or Sunday/,
    );
  });

  it('rejects a swapped day off on a weekend or outside the break', () => {
    const data = valid();
    (data.years[0]!.occasions.reunificationAndLabour!.swaps as { dayOff: string }[])[0]!.dayOff = '2025-05-03';
    expect(failure(data).issues.join('\n')).toMatch(/swapped day off 2025-05-03 is a Saturday; it must be a weekday/);
    (data.years[0]!.occasions.reunificationAndLabour!.swaps as { dayOff: string }[])[0]!.dayOff = '2025-05-06';
    expect(failure(data).issues.join('\n')).toMatch(/swapped day off 2025-05-06 is outside the break 2025-04-30 to 2025-05-04/);
  });

  it('rejects a swapped working day inside a break', () => {
    const data = valid();
    (data.years[0]!.occasions.reunificationAndLabour!.swaps as { workedOn: string }[])[0]!.workedOn = '2025-08-30';
    expect(failure(data).issues.join('\n')).toMatch(/swapped working day 2025-08-30 lies inside the nationalDay break/);
  });

  it('rejects a break typed for the wrong year (it must contain the occasion)', () => {
    const data = valid();
    Object.assign(data.years[0]!.occasions.tet!, { from: '2024-02-08', to: '2024-02-14' });
    expect(failure(data).issues.join('\n')).toMatch(/2025 tet: the break 2024-02-08 to 2024-02-14 does not contain 2025-01-29/);
  });

  it('rejects an announcement with neither reference nor note', () => {
    const data = valid();
    delete data.years[0]!.occasions.tet!.reference;
    delete data.years[0]!.occasions.tet!.note;
    expect(failure(data).issues.join('\n')).toMatch(/2025 tet: give a reference \(document number\) or a note/);
  });

  it('rejects unknown occasions and fields, duplicate years, unsupported years', () => {
    const data = valid();
    data.years[0]!.occasions.christmas = { from: '2025-12-25', to: '2025-12-25', note: 'x' };
    data.years[0]!.occasions.tet!.form = '2025-01-25';
    data.years.push(valid().years[0]!);
    data.years.push({ year: 1900, occasions: { tet: { from: '1900-01-30', to: '1900-02-03', note: 'x' } } });
    const text = failure(data).issues.join('\n');
    expect(text).toMatch(/years\[0\] \(2025\)\.occasions: Unrecognized key: "christmas"/);
    expect(text).toMatch(/years\[0\] \(2025\)\.occasions\.tet: Unrecognized key: "form"/);
    expect(text).toMatch(/years\[1\] \(2025\)\.year: year 2025 is announced twice \(also at years\[0\]\)/);
    expect(text).toMatch(/years\[2\] \(1900\)\.year: /);
  });

  it('rejects holiday dates outside the break', () => {
    const data = valid();
    data.years[0]!.occasions.nationalDay!.holidays = ['2025-09-02', '2025-09-03'];
    expect(failure(data).issues.join('\n')).toMatch(/holidays\[1\]: 2025 nationalDay: holiday 2025-09-03 is outside the break/);
  });

  it('rejects a break that leaves out default holiday dates unless they are listed', () => {
    const data = { years: [{ year: 2024, occasions: { tet: { from: '2024-02-10', to: '2024-02-16', note: 'x' } } }] };
    expect(failure(data).issues.join('\n')).toMatch(/does not contain the default holiday date\(s\) 2024-02-08, 2024-02-09; list the announced holiday dates in "holidays"/);
    const listed = { years: [{ year: 2024, occasions: { tet: { ...data.years[0]!.occasions.tet, holidays: ['2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14'] } } }] };
    expect(buildCalendar(listed).isWorkingDay(d('2024-02-16'))).toBe(false);
    expect(buildCalendar(listed).isWorkingDay(d('2024-02-08'))).toBe(true);
  });

  it('rejects a swapped working day that is a (computed) holiday', () => {
    // Sunday 10/4/2022 is Hùng Kings' day; it cannot be worked in exchange for Wednesday 4/5.
    const data = {
      years: [
        {
          year: 2022,
          occasions: {
            reunificationAndLabour: {
              from: '2022-04-30',
              to: '2022-05-04',
              swaps: [{ dayOff: '2022-05-04', workedOn: '2022-04-10' }],
              note: 'x',
            },
          },
        },
      ],
    };
    expect(failure(data).issues.join('\n')).toMatch(/2022-04-10 is to be worked but is also a day off \(holiday, hungKings, computed\)/);
  });

  it('rejects input that is not the expected shape at all, and the loader names the file', () => {
    expect(failure(null).issues.join('\n')).toMatch(/^\(root\): /);
    expect(failure({ years: 'none' }).issues.join('\n')).toMatch(/^years: /);
    expect(() => loadHolidayCalendar({ years: [{ year: 2025 }] })).toThrow(new RegExp(`Invalid ${HOLIDAY_DATA_FILE}`));
    expect(() => loadHolidayCalendar({ years: [{ year: 2025 }] })).toThrow(/years\[0\] \(2025\)\.occasions: /);
  });
});
