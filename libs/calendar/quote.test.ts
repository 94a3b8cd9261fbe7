import { describe, expect, it } from 'vitest';
import { deadlineClock, type TimeLimit } from './deadlines.ts';
import { vietnamCalendar } from './holiday-data.ts';
import { buildCalendar, type HolidayCalendar, type YearInfo } from './holidays.ts';
import { DEFAULT_OFFICE_HOURS, type OfficeHours } from './office-hours.ts';
import { isoDateOf } from './working-days.ts';
import {
  CalendarYear,
  calendarSourceOf,
  calendarYear,
  DeadlineQuote,
  formatLocal,
  parseCalendarYearRequest,
  parseDeadlineRequest,
  quoteDeadline,
  type QuotedProcedure,
} from './quote.ts';
import { domainErrorOf } from '../../tests/support/domain-error.ts';
import { httpStatusOf } from '../platform/http.ts';

/** A local Vietnam time, "2026-02-13 16:59". */
const vn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+07:00`);
const procedure = (timeLimit: TimeLimit, cutoffTime: string | null = null): QuotedProcedure => ({ code: '1.001612', timeLimit, cutoffTime });
const threeDays = procedure({ unit: 'workingDays', value: 3 });
const quote = (receivedAt: Date, what: QuotedProcedure = threeDays, calendar: HolidayCalendar = vietnamCalendar, officeHours: OfficeHours = DEFAULT_OFFICE_HOURS) =>
  quoteDeadline(calendar, { procedure: what, agencyCode: 'H38.22', officeHours, receivedAt });

describe('quoteDeadline', () => {
  it('Tết 2026: received Friday 13/2 at 16:59, 3 working days → Wednesday 25/2 at 17:00', () => {
    expect(quote(vn('2026-02-13 16:59'))).toEqual({
      procedureCode: '1.001612',
      agencyCode: 'H38.22',
      receivedAt: '2026-02-13T09:59:00.000Z',
      effectiveReceiptDay: '2026-02-13',
      dueAt: '2026-02-25T10:00:00.000Z',
      dueAtLocal: '17:00 25/02/2026',
      limit: { unit: 'workingDays', value: 3 },
      workingDays: 3,
      calendarSource: 'announced',
      calendarYears: [{ year: 2026, source: 'partly announced' }],
      officeHours: { sessions: [{ start: '07:30', end: '11:30' }, { start: '13:30', end: '17:00' }], saturdayMorning: null },
    });
  });

  it('one minute later the dossier counts from Monday 23/2, after the break', () => {
    const late = quote(vn('2026-02-13 17:00'));
    expect(late.effectiveReceiptDay).toBe('2026-02-23');
    expect(late.dueAtLocal).toBe('17:00 26/02/2026');
  });

  it('agrees with the deadline clock it is built on', () => {
    const clock = deadlineClock(vietnamCalendar, DEFAULT_OFFICE_HOURS);
    for (const local of ['2025-01-24 15:00', '2025-04-29 10:00', '2026-01-01 09:00', '2026-08-28 16:30', '2026-12-31 16:59']) {
      for (const limit of [{ unit: 'workingDays', value: 1 }, { unit: 'workingDays', value: 20 }, { unit: 'workingHours', value: 4 }] as const) {
        const answer = quote(vn(local), procedure(limit, '15:00'));
        expect(answer.dueAt, `${local} ${limit.value} ${limit.unit}`).toBe(clock.dueAt(vn(local), limit, '15:00').toISOString());
        expect(answer.effectiveReceiptDay).toBe(isoDateOf(clock.effectiveReceiptDay(vn(local), '15:00')));
      }
    }
  });

  it('names the limit by its unit: workingHours for an hour limit, with the time of day of the appointment', () => {
    const answer = quote(vn('2026-02-13 14:00'), procedure({ unit: 'workingHours', value: 4 }, '15:00'));
    expect(answer).toMatchObject({ limit: { unit: 'workingHours', value: 4 }, workingHours: 4, dueAtLocal: '08:30 23/02/2026' });
    expect(answer).not.toHaveProperty('workingDays');
  });

  it('counts in the office hours it is given', () => {
    const early: OfficeHours = { sessions: [{ start: '07:00', end: '11:00' }, { start: '13:00', end: '16:30' }], saturdayMorning: null };
    expect(quote(vn('2026-03-10 09:00'), threeDays, vietnamCalendar, early).dueAtLocal).toBe('16:30 13/03/2026');
  });

  it('reports the source of every year the count spans, receipt to appointment', () => {
    const acrossNewYear = quote(vn('2026-12-28 10:00'), procedure({ unit: 'workingDays', value: 10 }));
    expect(acrossNewYear.calendarYears).toEqual([
      { year: 2026, source: 'partly announced' },
      { year: 2027, source: 'computed' },
    ]);
    // 2027 has no announcement yet: its New Year day off is the Labour Code's default.
    expect(acrossNewYear.calendarSource).toBe('computed');
    expect(quote(vn('2030-06-03 10:00')).calendarSource).toBe('computed');
  });

  it('is "announced" when every day off the count crosses was announced, even in a partly announced year', () => {
    // Tết 2026 (14/2–22/2) was announced; Hùng Kings' day 2026 (Sunday 26/4, made up on Monday 27/4) was not.
    expect(quote(vn('2026-02-13 16:59'), threeDays).calendarSource).toBe('announced');
    expect(quote(vn('2026-03-10 10:00'), threeDays).calendarSource).toBe('announced'); // no day off crossed
    expect(quote(vn('2026-04-23 10:00'), threeDays).calendarSource).toBe('computed');
  });

  it('is "announced" across a year only when the next year is announced too', () => {
    const note = 'test';
    const announced2027 = buildCalendar({
      years: [
        {
          year: 2027,
          occasions: {
            newYear: { from: '2027-01-01', to: '2027-01-03', note },
            tet: { from: '2027-02-04', to: '2027-02-10', note },
            hungKings: { from: '2027-04-16', to: '2027-04-18', note },
            reunificationAndLabour: { from: '2027-04-30', to: '2027-05-03', note },
            nationalDay: { from: '2027-09-02', to: '2027-09-05', note },
          },
        },
      ],
    });
    expect(quote(vn('2027-03-01 10:00'), threeDays, announced2027).calendarSource).toBe('announced');
    const intoNextYear = quote(vn('2027-12-28 10:00'), procedure({ unit: 'workingDays', value: 5 }), announced2027);
    expect(intoNextYear.calendarYears.map((y) => y.source)).toEqual(['announced', 'computed']);
    expect(intoNextYear.calendarSource).toBe('computed');
  });

  it('answers 422 YEAR_NOT_SUPPORTED when the receipt or the count leaves the calendar', () => {
    const before = domainErrorOf(() => quote(new Date('1975-12-31T16:59:00Z'))); // 23:59 local, 31/12/1975
    expect(httpStatusOf(before)).toBe(422);
    expect(before).toMatchObject({ code: 'YEAR_NOT_SUPPORTED', details: { year: 1975, supported: { from: 1976, to: 2199 } } });
    expect(quote(new Date('1975-12-31T17:00:00Z')).effectiveReceiptDay).toBe('1976-01-02'); // 00:00 local, New Year's Day 1976
    const after = domainErrorOf(() => quote(vn('2199-12-20 10:00'), procedure({ unit: 'workingDays', value: 20 })));
    expect(httpStatusOf(after)).toBe(422);
    expect(after).toMatchObject({ code: 'YEAR_NOT_SUPPORTED', details: { year: 2200 } });
    expect(after.toBody().messages.en).toBe('The working calendar does not cover year 2200 (supported: 1976–2199)');
  });
});

describe('calendarYear', () => {
  it('is the year info with the office hours', () => {
    const answer = calendarYear(vietnamCalendar, 2026);
    const { officeHours, ...info } = answer;
    expect(info).toEqual(vietnamCalendar.yearInfo(2026));
    expect(officeHours).toEqual(DEFAULT_OFFICE_HOURS);
    expect(answer.nonWorkingDays.filter((day) => day.occasion === 'tet').map((day) => day.date)).toEqual([
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
    ]);
    expect(answer.workingWeekendDays.map((day) => [day.date, day.replaces, day.source])).toEqual([
      ['2026-01-10', '2026-01-02', 'announced'],
      ['2026-08-22', '2026-08-31', 'announced'],
    ]);
  });

  it('answers 422 YEAR_NOT_SUPPORTED outside 1976–2199', () => {
    for (const year of [1975, 2200, -5, 0]) {
      const error = domainErrorOf(() => calendarYear(vietnamCalendar, year));
      expect(httpStatusOf(error)).toBe(422);
      expect(error).toMatchObject({ code: 'YEAR_NOT_SUPPORTED', details: { year } });
    }
    expect(calendarYear(vietnamCalendar, 1976).year).toBe(1976);
    expect(calendarYear(vietnamCalendar, 2199).year).toBe(2199);
  });
});

describe('calendar sources', () => {
  const stub = (nonWorkingDays: { date: string; source: 'announced' | 'computed' }[]): HolidayCalendar => ({
    isWorkingDay: () => true,
    yearInfo: (year) => ({ year, source: year === 2027 ? 'computed' : 'partly announced', nonWorkingDays }) as unknown as YearInfo,
  });
  const day = (iso: string) => ({ year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) });

  it('lists every year from the first to the last, inclusive, and is computed if one has no announcement', () => {
    expect(calendarSourceOf(stub([]), day('2026-12-30'), day('2028-01-02'))).toEqual({
      source: 'computed',
      years: [
        { year: 2026, source: 'partly announced' },
        { year: 2027, source: 'computed' },
        { year: 2028, source: 'partly announced' },
      ],
    });
  });

  it('looks only at the days off between the two days, inclusive', () => {
    const calendar = stub([{ date: '2026-04-27', source: 'computed' }, { date: '2026-02-16', source: 'announced' }]);
    expect(calendarSourceOf(calendar, day('2026-02-13'), day('2026-02-25')).source).toBe('announced');
    expect(calendarSourceOf(calendar, day('2026-04-27'), day('2026-04-30')).source).toBe('computed');
    expect(calendarSourceOf(calendar, day('2026-04-20'), day('2026-04-27')).source).toBe('computed');
    expect(calendarSourceOf(calendar, day('2026-04-28'), day('2026-05-05')).source).toBe('announced');
  });
});

describe('formatting', () => {
  it('writes local time as an appointment reads: HH:mm DD/MM/YYYY, in Vietnam whatever the instant’s zone', () => {
    expect(formatLocal(new Date('2026-02-25T10:00:00Z'))).toBe('17:00 25/02/2026');
    expect(formatLocal(new Date('2026-02-24T17:30:00Z'))).toBe('00:30 25/02/2026');
    expect(formatLocal(new Date('2026-12-31T16:59:59.999Z'))).toBe('23:59 31/12/2026');
    expect(formatLocal(new Date('2026-03-02T08:05:00+07:00'))).toBe('08:05 02/03/2026');
  });

  it('writes a local date YYYY-MM-DD', () => {
    expect(isoDateOf({ year: 2026, month: 2, day: 3 })).toBe('2026-02-03');
  });
});

describe('requests', () => {
  it('takes procedure, agency and an optional date-time with an offset, seconds optional', () => {
    expect(parseDeadlineRequest({ procedure: '1.001612', agency: 'H38.22' })).toEqual({ procedure: '1.001612', agency: 'H38.22' });
    for (const receivedAt of ['2026-02-13T16:59+07:00', '2026-02-13T16:59:00+07:00', '2026-02-13T09:59Z', '2026-02-13T09:59:00.000Z']) {
      expect(parseDeadlineRequest({ procedure: '1.001612', agency: 'H38.22', receivedAt }).receivedAt, receivedAt).toEqual(new Date('2026-02-13T09:59:00Z'));
    }
  });

  it('reads a space before the offset as the "+" a query string turned into one', () => {
    expect(parseDeadlineRequest({ procedure: '1.001612', agency: 'H38.22', receivedAt: '2026-02-13T16:59 07:00' }).receivedAt).toEqual(
      new Date('2026-02-13T09:59:00Z'),
    );
  });

  it('refuses with 400 VALIDATION_FAILED, naming each field and not echoing values', () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ agency: 'H38.22' }, ['procedure']],
      [{ procedure: '  ', agency: 'H38.22' }, ['procedure']],
      [{ procedure: '1.001612' }, ['agency']],
      [{ procedure: '1.001612', agency: 'H38.22', receivedAt: '2025-07-30' }, ['receivedAt']],
      [{ procedure: '1.001612', agency: 'H38.22', receivedAt: '2025-07-30T16:59' }, ['receivedAt']],
      [{ procedure: '1.001612', agency: 'H38.22', receivedAt: '2025-02-29T10:00+07:00' }, ['receivedAt']],
      [{ procedure: '1.001612', agency: 'H38.22', receivedAt: 'tomorrow' }, ['receivedAt']],
      [{ procedure: 'x'.repeat(41), agency: 'H38.22' }, ['procedure']],
      [{}, ['procedure', 'agency']],
      [{ procedure: '1.001612', agency: 'H38.22', when: 'now' }, ['']],
    ];
    for (const [input, paths] of cases) {
      const error = domainErrorOf(() => parseDeadlineRequest(input));
      expect(httpStatusOf(error), JSON.stringify(input)).toBe(400);
      expect(error.code).toBe('VALIDATION_FAILED');
      const details = error.details as { path: string; issue: string }[];
      expect(details.map((d) => (d.path === '(query)' ? '' : d.path)), JSON.stringify(input)).toEqual(paths);
      if (typeof input.receivedAt === 'string') expect(JSON.stringify(details)).not.toContain(input.receivedAt);
    }
  });

  it('takes any integer year (the range is checked later), and only an integer', () => {
    expect(parseCalendarYearRequest({ year: '2026' })).toEqual({ year: 2026 });
    expect(parseCalendarYearRequest({ year: '3000' })).toEqual({ year: 3000 });
    expect(parseCalendarYearRequest({ year: '-5' })).toEqual({ year: -5 });
    for (const year of ['abc', '2026.5', '2026a', '', ' 2026', '1e3', undefined]) {
      const error = domainErrorOf(() => parseCalendarYearRequest({ year }));
      expect(httpStatusOf(error), String(year)).toBe(400);
      expect(error, String(year)).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });
});

describe('the answers, as the OpenAPI document shows them', () => {
  /** Parses as the schema says, losing nothing, and a field the schema does not declare is refused. */
  const conforms = (schema: typeof DeadlineQuote | typeof CalendarYear, answer: object) => {
    expect(schema.parse(answer)).toEqual(answer);
    expect(schema.safeParse({ ...answer, undeclared: 1 }).success).toBe(false);
  };

  it('a quote is a DeadlineQuote, whatever the unit, office hours or calendar source', () => {
    const saturdays: OfficeHours = { ...DEFAULT_OFFICE_HOURS, saturdayMorning: { start: '07:30', end: '11:30' } };
    conforms(DeadlineQuote, quote(vn('2026-02-13 16:59')));
    conforms(DeadlineQuote, quote(vn('2026-02-13 14:00'), procedure({ unit: 'workingHours', value: 4 }, '15:00'), vietnamCalendar, saturdays));
    conforms(DeadlineQuote, quote(vn('2026-12-28 10:00'), procedure({ unit: 'calendarDays', value: 15 })));
  });

  it('a year is a CalendarYear: announced with swaps, partly announced, computed, the first and last', () => {
    for (const year of [2019, 2024, 2026, 2031, 1976, 2199]) conforms(CalendarYear, calendarYear(vietnamCalendar, year));
    expect(calendarYear(vietnamCalendar, 2024).workingWeekendDays).not.toHaveLength(0); // a swap is in what was parsed
    expect(calendarYear(vietnamCalendar, 2024).nonWorkingDays.some((day) => day.workedOn)).toBe(true);
  });
});
