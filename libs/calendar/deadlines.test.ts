/**
 * Hand-worked deadlines (docs/domain.md, "Time"). Every expected value below was worked out by
 * hand from the holiday table of docs/domain.md of announced days off and a printed calendar; the comment on
 * each row is that working. Nothing here computes an expectation with the code under test.
 *
 * Office hours unless stated: 07:30–11:30 and 13:30–17:00 (4 h + 3.5 h = 7.5 h a day).
 * Weekdays used:
 *   2025: Fri 24/1, Sat 25/1 … Sun 2/2 Tết break, Mon 3/2; Fri 25/4, Sat 26/4 (worked), Mon 28/4,
 *         Tue 29/4, Wed 30/4 … Sun 4/5 break (Fri 2/5 swapped off), Mon 5/5.
 *   2026: Thu 1/1 off, Fri 2/1 swapped off, Mon 5/1, Sat 10/1 worked; Thu 12/2, Fri 13/2,
 *         Sat 14/2 … Sun 22/2 Tết break, Mon 23/2; Mon 9/3 … Fri 13/3, Sat 14/3, Mon 16/3 (an
 *         ordinary fortnight); Fri 21/8, Sat 22/8 (worked), Mon 24/8 … Fri 28/8, Sat 29/8 … Wed 2/9
 *         break (Mon 31/8 swapped off), Thu 3/9, Fri 4/9, Mon 7/9.
 */
import { describe, expect, it } from 'vitest';
import { deadlineClock, DeadlineClock, type TimeLimit } from './deadlines.ts';
import { vietnamCalendar } from './holiday-data.ts';
import type { OfficeHours } from './office-hours.ts';
import { weekdaysOnly } from './working-days.ts';

/** The instant of a local (Asia/Ho_Chi_Minh, UTC+7) time written "YYYY-MM-DD HH:mm". */
const at = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+07:00`);
/** "YYYY-MM-DD HH:mm" local of an instant. */
const local = (instant: Date): string => new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const date = (iso: string) => {
  const [year, month, day] = iso.split('-').map(Number);
  return { year: year!, month: month!, day: day! };
};

const days = (value: number): TimeLimit => ({ unit: 'workingDays', value });
const hours = (value: number): TimeLimit => ({ unit: 'workingHours', value });
const calendarDays = (value: number): TimeLimit => ({ unit: 'calendarDays', value });

const clock = deadlineClock(vietnamCalendar);

interface Row {
  readonly received: string;
  readonly limit: TimeLimit;
  readonly cutoff: string | null;
  readonly due: string;
  /** The hand working. */
  readonly why: string;
}

const row = (received: string, limit: TimeLimit, cutoff: string | null, due: string, why: string): Row => ({ received, limit, cutoff, due, why });

function table(rows: readonly Row[], on: DeadlineClock = clock) {
  it.each(rows)('$received + $limit.value $limit.unit (cut-off $cutoff) → $due: $why', ({ received, limit, cutoff, due }) => {
    expect(local(on.dueAt(at(received), limit, cutoff))).toBe(due);
  });
}

describe('dueAt across Tết 2025 (break Sat 25/1 – Sun 2/2)', () => {
  table([
    row('2025-01-23 10:00', days(1), null, '2025-01-24 17:00', 'Thu received; day 1 = Fri 24/1, the last day before the break'),
    row('2025-01-23 10:00', days(2), null, '2025-02-03 17:00', 'Fri 24/1 = 1; 25/1–2/2 off; Mon 3/2 = 2'),
    row('2025-01-22 09:00', days(5), null, '2025-02-05 17:00', 'Thu 23 = 1, Fri 24 = 2, Mon 3/2 = 3, Tue 4/2 = 4, Wed 5/2 = 5'),
    row(
      '2025-01-13 09:00',
      days(15),
      '15:00',
      '2025-02-10 17:00',
      'Tue 14 … Fri 17 = 1–4, Mon 20 … Fri 24 = 5–9, Mon 3/2 … Fri 7/2 = 10–14, Mon 10/2 = 15',
    ),
    row('2025-01-24 16:00', days(1), null, '2025-02-03 17:00', 'Fri 16:00 is before the 17:00 close, so Fri is the receipt day; Mon 3/2 = 1'),
    row('2025-01-24 15:30', days(1), '15:00', '2025-02-04 17:00', 'after the 15:00 cut-off: counts from Mon 3/2; Tue 4/2 = 1'),
    row('2025-01-28 10:00', days(1), null, '2025-02-04 17:00', 'received online on Tue 28/1 (in the break): counts from Mon 3/2; Tue 4/2 = 1'),
    row('2025-01-24 14:00', hours(8), null, '2025-02-03 14:30', 'Fri 14:00–17:00 = 3 h; Mon 3/2 07:30–11:30 = 4 h (7 h); 13:30 + 1 h = 14:30'),
    row('2025-01-22 09:00', calendarDays(5), null, '2025-02-03 17:00', 'Wed 22 + 5 days = Mon 27/1, in the break; next working day Mon 3/2'),
    row('2025-01-22 09:00', calendarDays(2), null, '2025-01-24 17:00', 'Wed 22 + 2 days = Fri 24/1, a working day: stays'),
  ]);

  it('weekdaysOnly knows nothing of Tết: Fri 24/1 + 1 working day is Mon 27/1', () => {
    // Contrast with the row above: the same receipt with Monday–Friday only.
    expect(local(deadlineClock(weekdaysOnly).dueAt(at('2025-01-24 16:00'), days(1)))).toBe('2025-01-27 17:00');
  });
});

describe('dueAt across Tết 2026 (break Sat 14/2 – Sun 22/2)', () => {
  table([
    row('2026-02-12 10:00', days(1), null, '2026-02-13 17:00', 'Thu received; Fri 13/2 = 1'),
    row(
      '2026-02-12 10:00',
      days(10),
      null,
      '2026-03-05 17:00',
      'Fri 13/2 = 1; Mon 23/2 … Fri 27/2 = 2–6; Mon 2/3 … Thu 5/3 = 7–10',
    ),
    row('2026-02-17 09:00', days(1), '15:00', '2026-02-24 17:00', 'received on Tết day (Tue 17/2): counts from Mon 23/2; Tue 24/2 = 1'),
    row('2026-02-13 10:00', hours(8), null, '2026-02-23 10:30', 'Fri 10:00–11:30 = 1.5 h, 13:30–17:00 = 3.5 h (5 h); Mon 23/2 07:30 + 3 h = 10:30'),
  ]);
});

describe('a dossier received at 16:59 on Friday 13/2/2026, the Friday before Tết 2026', () => {
  table([
    row('2026-02-13 16:59', days(1), null, '2026-02-23 17:00', 'no cut-off = the 17:00 close; 16:59 is before it, so Fri is the receipt day; Mon 23/2 = 1'),
    row('2026-02-13 16:59', days(3), null, '2026-02-25 17:00', 'Mon 23/2 = 1, Tue 24/2 = 2, Wed 25/2 = 3'),
    row('2026-02-13 16:59', days(1), '15:00', '2026-02-24 17:00', 'after the 15:00 cut-off: counts from Mon 23/2; Tue 24/2 = 1'),
    row('2026-02-13 16:59', days(3), '15:00', '2026-02-26 17:00', 'counts from Mon 23/2; Tue 24 = 1, Wed 25 = 2, Thu 26 = 3'),
    row('2026-02-13 16:59', days(0), '15:00', '2026-02-23 17:00', 'a 0-day limit on the effective receipt day, Mon 23/2'),
    row('2026-02-13 16:59', hours(4), '15:00', '2026-02-23 11:30', 'after the cut-off: starts Mon 23/2 07:30; + 4 h = 11:30, the end of the morning (not 13:30)'),
    row('2026-02-13 16:59', hours(4), null, '2026-02-23 11:29', 'before the close: 1 minute on Fri; 3 h 59 min from Mon 07:30 = 11:29'),
    row('2026-02-13 16:59', calendarDays(1), '15:00', '2026-02-24 17:00', 'counts from Mon 23/2; + 1 day = Tue 24/2, a working day'),
  ]);

  it('effectiveReceiptDay: Friday itself without a cut-off, Monday 23/2 after a 15:00 cut-off', () => {
    expect(clock.effectiveReceiptDay(at('2026-02-13 16:59'))).toEqual(date('2026-02-13'));
    expect(clock.effectiveReceiptDay(at('2026-02-13 16:59'), '15:00')).toEqual(date('2026-02-23'));
  });
});

describe('dueAt across 30/4–1/5 2025 (Wed 30/4 – Sun 4/5 off, Fri 2/5 swapped for Sat 26/4)', () => {
  table([
    row('2025-04-25 10:00', days(1), null, '2025-04-26 17:00', 'Fri received; Sat 26/4 is a worked Saturday = 1'),
    row('2025-04-25 10:00', days(3), null, '2025-04-29 17:00', 'Sat 26/4 = 1, Mon 28/4 = 2, Tue 29/4 = 3'),
    row('2025-04-25 10:00', days(4), null, '2025-05-05 17:00', 'Sat 26 = 1, Mon 28 = 2, Tue 29 = 3; 30/4–4/5 off (2/5 swapped); Mon 5/5 = 4'),
    row('2025-04-26 09:00', days(1), null, '2025-04-28 17:00', 'received on the worked Saturday: it is the receipt day; Mon 28/4 = 1'),
    row('2025-04-29 16:00', days(1), '15:00', '2025-05-06 17:00', 'after the cut-off on Tue 29/4: counts from Mon 5/5; Tue 6/5 = 1'),
    row('2025-05-02 10:00', days(1), null, '2025-05-06 17:00', 'received on the swapped Friday 2/5 (off): counts from Mon 5/5; Tue 6/5 = 1'),
    row('2025-04-29 15:00', hours(4), null, '2025-05-05 09:30', 'Tue 15:00–17:00 = 2 h; Mon 5/5 07:30 + 2 h = 09:30'),
    row('2025-04-25 16:00', hours(4), null, '2025-04-26 10:30', 'Fri 16:00–17:00 = 1 h; the worked Saturday has full office hours: 07:30 + 3 h = 10:30'),
    row('2025-04-28 09:00', calendarDays(3), null, '2025-05-05 17:00', 'Mon 28/4 + 3 days = Thu 1/5, a holiday; next working day Mon 5/5'),
  ]);
});

describe('dueAt across 2/9 2026 (Sat 29/8 – Wed 2/9 off, Mon 31/8 swapped for Sat 22/8)', () => {
  table([
    row('2026-08-21 10:00', days(1), null, '2026-08-22 17:00', 'Fri received; Sat 22/8 is a worked Saturday = 1'),
    row('2026-08-21 10:00', days(6), null, '2026-08-28 17:00', 'Sat 22 = 1, Mon 24 … Fri 28 = 2–6'),
    row('2026-08-21 10:00', days(7), null, '2026-09-03 17:00', 'Sat 22 = 1, Mon 24 … Fri 28 = 2–6; 29/8–2/9 off; Thu 3/9 = 7'),
    row('2026-08-29 10:00', days(2), null, '2026-09-07 17:00', 'received in the break: counts from Thu 3/9; Fri 4/9 = 1, Mon 7/9 = 2'),
    row('2026-08-31 10:00', days(1), null, '2026-09-04 17:00', 'received on the swapped Monday 31/8 (off): counts from Thu 3/9; Fri 4/9 = 1'),
    row('2026-08-28 14:00', hours(8), null, '2026-09-03 14:30', 'Fri 14:00–17:00 = 3 h; Thu 3/9 07:30–11:30 = 4 h (7 h); 13:30 + 1 h = 14:30'),
    row('2026-08-15 10:00', days(1), null, '2026-08-18 17:00', 'an ordinary Saturday (15/8) is not worked: counts from Mon 17/8; Tue 18/8 = 1'),
  ]);
});

describe('cut-off', () => {
  // Tue 10/3/2026, an ordinary week.
  table([
    row('2026-03-10 14:59', days(1), '15:00', '2026-03-11 17:00', 'before the cut-off: Tue is the receipt day; Wed = 1'),
    row('2026-03-10 15:00', days(1), '15:00', '2026-03-12 17:00', 'at the cut-off counts as after it: from Wed; Thu = 1'),
    row('2026-03-10 16:59', days(1), null, '2026-03-11 17:00', 'no cut-off = the 17:00 close; 16:59 is before it; Wed = 1'),
    row('2026-03-10 17:00', days(1), null, '2026-03-12 17:00', 'at the close: from Wed; Thu = 1'),
    row('2026-03-10 17:30', days(1), '18:00', '2026-03-12 17:00', 'a cut-off after the close is the close: 17:30 is after it; from Wed; Thu = 1'),
    row('2026-03-10 12:00', days(1), '15:00', '2026-03-11 17:00', 'lunch break, before the cut-off: Tue is the receipt day; Wed = 1'),
    row('2026-03-10 06:00', days(1), '15:00', '2026-03-11 17:00', 'before opening: still Tue; Wed = 1'),
    row('2026-03-10 00:30', days(1), null, '2026-03-11 17:00', 'just after local midnight (17:30 UTC Monday): Tue; Wed = 1'),
    row('2026-03-09 23:59', days(1), null, '2026-03-11 17:00', 'Mon 23:59, after the close: from Tue; Wed = 1'),
    row('2026-03-14 10:00', days(1), '15:00', '2026-03-17 17:00', 'Saturday: from Mon 16/3; Tue 17/3 = 1'),
    row('2026-03-15 23:59', days(1), null, '2026-03-17 17:00', 'Sunday night: from Mon 16/3; Tue 17/3 = 1'),
    row('2026-01-01 10:00', days(1), null, '2026-01-06 17:00', 'New Year (Thu 1/1) with Fri 2/1 swapped off: from Mon 5/1; Tue 6/1 = 1'),
    row('2026-03-10 12:00', hours(4), '15:00', '2026-03-11 08:00', 'lunch: counting starts 13:30; 13:30–17:00 = 3.5 h; Wed 07:30 + 0.5 h = 08:00'),
    row('2026-03-10 06:00', hours(4), '15:00', '2026-03-10 11:30', 'before opening: counting starts 07:30; + 4 h = 11:30'),
    row('2026-03-10 14:59', hours(4), '15:00', '2026-03-11 09:29', 'before the cut-off: 14:59–17:00 = 2 h 1 min; Wed 07:30 + 1 h 59 = 09:29'),
    row('2026-03-10 15:00', hours(4), '15:00', '2026-03-11 11:30', 'at the cut-off: starts Wed 07:30; + 4 h = 11:30'),
    row('2026-03-10 19:00', hours(4), null, '2026-03-11 11:30', 'after the close: starts Wed 07:30; + 4 h = 11:30'),
    row('2026-03-14 10:00', hours(4), null, '2026-03-16 11:30', 'Saturday: starts Mon 16/3 07:30; + 4 h = 11:30'),
    row('2026-01-01 10:00', hours(4), '15:00', '2026-01-05 11:30', 'New Year: starts Mon 5/1 07:30; + 4 h = 11:30'),
  ]);
});

describe('working-hour limits', () => {
  table([
    row('2026-03-10 07:30', hours(4), null, '2026-03-10 11:30', 'the whole morning: ends at 11:30 and stays there'),
    row('2026-03-10 13:30', hours(3.5), null, '2026-03-10 17:00', 'the whole afternoon: ends at 17:00 the same day, not at 07:30 the next'),
    row('2026-03-10 07:30', hours(7.5), null, '2026-03-10 17:00', 'one whole 7.5-hour office day'),
    row('2026-03-10 07:30', hours(8), null, '2026-03-11 08:00', '8 h is more than an office day: 7.5 h Tue, 0.5 h Wed'),
    row('2026-03-10 10:00', hours(8), null, '2026-03-11 10:30', 'Tue 10:00–11:30 = 1.5 h, 13:30–17:00 = 3.5 h (5 h); Wed 07:30 + 3 h = 10:30'),
    row('2026-03-10 07:30', hours(15), null, '2026-03-11 17:00', 'two whole office days end at Wed 17:00'),
    row('2026-03-10 11:15', hours(0.5), null, '2026-03-10 13:45', '15 min to 11:30, 15 min from 13:30'),
    row('2026-03-10 11:00', hours(0.5), null, '2026-03-10 11:30', 'exactly the rest of the morning: 11:30'),
    row(
      '2026-03-09 07:30',
      hours(40),
      null,
      '2026-03-16 10:00',
      '40 h = 2400 min; Mon 9 … Fri 13 = 5 × 450 = 2250; Mon 16/3 07:30 + 150 min = 10:00',
    ),
    row('2026-03-10 10:00', hours(0), null, '2026-03-10 10:00', 'a 0-hour limit is the counting start'),
    row('2026-03-10 12:00', hours(0), null, '2026-03-10 13:30', 'a 0-hour limit from lunch is the afternoon opening'),
  ]);
});

describe('calendar days and a 0-day limit', () => {
  table([
    row('2026-03-10 10:00', calendarDays(3), null, '2026-03-13 17:00', 'Tue + 3 days = Fri 13/3, a working day'),
    row('2026-03-10 10:00', calendarDays(4), null, '2026-03-16 17:00', 'Tue + 4 days = Sat 14/3; moved to Mon 16/3'),
    row('2026-03-10 10:00', calendarDays(5), null, '2026-03-16 17:00', 'Tue + 5 days = Sun 15/3; moved to Mon 16/3'),
    row('2026-03-10 10:00', calendarDays(0), null, '2026-03-10 17:00', 'a 0-day limit: the same day'),
    row('2026-03-10 10:00', days(0), null, '2026-03-10 17:00', 'a 0-day limit: the same day, at the close'),
    row('2026-03-10 16:00', days(0), '15:00', '2026-03-11 17:00', 'a 0-day limit after the cut-off: the next working day'),
    row('2026-03-14 10:00', days(0), null, '2026-03-16 17:00', 'a 0-day limit on Saturday: Monday'),
  ]);
});

describe('working days', () => {
  it.each([
    ['2025-04-26', true, 'Sat 26/4/2025, worked in exchange for Fri 2/5'],
    ['2025-05-02', false, 'Fri 2/5/2025, swapped off'],
    ['2025-04-30', false, 'Wed 30/4/2025, holiday'],
    ['2026-01-10', true, 'Sat 10/1/2026, worked in exchange for Fri 2/1'],
    ['2026-01-02', false, 'Fri 2/1/2026, swapped off'],
    ['2026-02-13', true, 'Fri 13/2/2026, the last day before Tết'],
    ['2026-02-16', false, 'Mon 16/2/2026, Tết'],
    ['2026-02-23', true, 'Mon 23/2/2026, the first day after Tết'],
    ['2026-08-22', true, 'Sat 22/8/2026, worked in exchange for Mon 31/8'],
    ['2026-08-31', false, 'Mon 31/8/2026, swapped off'],
    ['2026-03-14', false, 'Sat 14/3/2026, an ordinary Saturday'],
  ] as const)('isWorkingDay(%s) is %s: %s', (iso, expected, _why) => {
    expect(clock.isWorkingDay(date(iso))).toBe(expected);
  });

  it('counts a swapped working Saturday in workingDaysBetween', () => {
    // (Fri 25/4, Tue 29/4] 2025 = Sat 26, Mon 28, Tue 29.
    expect(clock.workingDaysBetween(date('2025-04-25'), date('2025-04-29'))).toBe(3);
    // (Fri 21/8, Thu 3/9] 2026 = Sat 22, Mon 24 … Fri 28 (5), Thu 3/9.
    expect(clock.workingDaysBetween(date('2026-08-21'), date('2026-09-03'))).toBe(7);
  });

  it('counts working days across Tết', () => {
    // (Fri 24/1, Mon 3/2] 2025 = Mon 3/2 only.
    expect(clock.workingDaysBetween(date('2025-01-24'), date('2025-02-03'))).toBe(1);
    // (Thu 12/2, Thu 5/3] 2026 = Fri 13, Mon 23 … Fri 27 (5), Mon 2 … Thu 5/3 (4).
    expect(clock.workingDaysBetween(date('2026-02-12'), date('2026-03-05'))).toBe(10);
    // Backwards or equal: 0.
    expect(clock.workingDaysBetween(date('2026-03-05'), date('2026-02-12'))).toBe(0);
    expect(clock.workingDaysBetween(date('2026-03-05'), date('2026-03-05'))).toBe(0);
  });

  it('counts across a year end', () => {
    // (Wed 31/12/2025, Tue 6/1/2026] = Mon 5, Tue 6 (Thu 1/1 holiday, Fri 2/1 swapped, weekend).
    expect(clock.workingDaysBetween(date('2025-12-31'), date('2026-01-06'))).toBe(2);
  });
});

describe('office hours: Saturday-morning opening and custom hours', () => {
  const withSaturday: OfficeHours = {
    sessions: [
      { start: '07:00', end: '11:00' },
      { start: '13:00', end: '16:30' },
    ],
    saturdayMorning: { start: '07:30', end: '11:30' },
  };
  const custom = deadlineClock(vietnamCalendar, withSaturday);

  it('is open on a Saturday morning without making Saturday a working day', () => {
    expect(custom.isOpenAt(at('2026-03-14 07:30'))).toBe(true);
    expect(custom.isOpenAt(at('2026-03-14 11:29'))).toBe(true);
    expect(custom.isOpenAt(at('2026-03-14 11:30'))).toBe(false);
    expect(custom.isOpenAt(at('2026-03-14 14:00'))).toBe(false);
    expect(custom.isOpenAt(at('2026-03-15 09:00'))).toBe(false); // Sunday
    expect(custom.isWorkingDay(date('2026-03-14'))).toBe(false);
    // Received at the open Saturday counter: counts from Mon 16/3; Tue 17/3 = 1, at this office's 16:30 close.
    expect(local(custom.dueAt(at('2026-03-14 09:00'), days(1)))).toBe('2026-03-17 16:30');
    // Saturday is not counted either: Fri 13/3 + 1 working day = Mon 16/3.
    expect(local(custom.dueAt(at('2026-03-13 09:00'), days(1)))).toBe('2026-03-16 16:30');
    // Hours neither: Fri 16:00–16:30 = 0.5 h; Mon 07:00 + 3.5 h = 10:30.
    expect(local(custom.dueAt(at('2026-03-13 16:00'), hours(4)))).toBe('2026-03-16 10:30');
  });

  it('stays closed on a Saturday inside a holiday break, even with Saturday-morning opening', () => {
    expect(custom.isOpenAt(at('2026-02-14 09:00'))).toBe(false); // Tết 2026 break, Sat 14/2
    expect(custom.isOpenAt(at('2026-08-29 09:00'))).toBe(false); // National Day break, Sat 29/8
    expect(custom.isOpenAt(at('2026-02-07 09:00'))).toBe(true); // an ordinary Saturday before it
    expect(custom.isOpenAt(at('2018-12-29 09:00'))).toBe(false); // the 2019 New Year break began on Sat 29/12/2018
  });

  it('gives appointments only within a working day\'s sessions, their ends included', () => {
    expect(clock.isAppointmentTime(at('2026-03-10 17:00'))).toBe(true);
    expect(clock.isAppointmentTime(at('2026-03-10 11:30'))).toBe(true);
    expect(clock.isAppointmentTime(at('2026-03-10 12:30'))).toBe(false); // lunch
    expect(clock.isAppointmentTime(at('2026-03-10 17:01'))).toBe(false);
    expect(clock.isAppointmentTime(at('2026-03-10 03:00'))).toBe(false);
    expect(clock.isAppointmentTime(at('2026-02-16 09:00'))).toBe(false); // Tết
  });

  it('isOpenAt follows the sessions on working days', () => {
    expect(custom.isOpenAt(at('2026-03-10 06:59'))).toBe(false);
    expect(custom.isOpenAt(at('2026-03-10 07:00'))).toBe(true);
    expect(custom.isOpenAt(at('2026-03-10 10:59'))).toBe(true);
    expect(custom.isOpenAt(at('2026-03-10 11:00'))).toBe(false);
    expect(custom.isOpenAt(at('2026-03-10 13:00'))).toBe(true);
    expect(custom.isOpenAt(at('2026-03-10 16:29'))).toBe(true);
    expect(custom.isOpenAt(at('2026-03-10 16:30'))).toBe(false);
  });

  it('default hours: closed on an ordinary Saturday, open all day on a worked one, closed on a holiday', () => {
    expect(clock.isOpenAt(at('2026-03-14 09:00'))).toBe(false);
    expect(clock.isOpenAt(at('2025-04-26 09:00'))).toBe(true);
    expect(clock.isOpenAt(at('2025-04-26 14:00'))).toBe(true);
    expect(clock.isOpenAt(at('2025-04-26 12:00'))).toBe(false); // lunch
    expect(clock.isOpenAt(at('2026-02-17 09:00'))).toBe(false); // Tết
    expect(clock.isOpenAt(at('2026-02-13 16:59'))).toBe(true);
    expect(clock.isOpenAt(at('2026-02-13 17:00'))).toBe(false);
  });

  table(
    [
      row('2026-03-10 16:00', days(1), null, '2026-03-11 16:30', 'before this office’s 16:30 close: Tue; Wed = 1, due at 16:30'),
      row('2026-03-10 16:40', days(1), null, '2026-03-12 16:30', 'after the 16:30 close: from Wed; Thu = 1'),
      row('2026-03-10 16:40', days(1), '17:00', '2026-03-12 16:30', 'a 17:00 cut-off is past the 16:30 close: the close applies; Thu = 1'),
      row('2026-03-10 09:00', hours(4), null, '2026-03-10 15:00', '09:00–11:00 = 2 h; 13:00 + 2 h = 15:00'),
      row('2026-03-10 07:00', hours(8), null, '2026-03-11 07:30', '7.5 h on Tue (07:00–11:00, 13:00–16:30); Wed 07:00 + 0.5 h'),
      row('2026-03-10 12:00', hours(3.5), null, '2026-03-10 16:30', 'lunch: from 13:00, exactly the afternoon, ends at the 16:30 close'),
    ],
    custom,
  );

  it('closingTime is the end of the last session', () => {
    expect(custom.closingTime).toBe('16:30');
    expect(clock.closingTime).toBe('17:00');
  });

  describe('three sessions of an 8-hour day (07:00–09:00, 10:00–12:00, 14:00–18:00)', () => {
    const three = new DeadlineClock(vietnamCalendar, {
      sessions: [
        { start: '07:00', end: '09:00' },
        { start: '10:00', end: '12:00' },
        { start: '14:00', end: '18:00' },
      ],
      saturdayMorning: null,
    });
    table(
      [
        row('2026-03-10 07:00', hours(8), null, '2026-03-10 18:00', 'exactly one 8-hour day: 18:00 the same day'),
        row('2026-03-10 08:00', hours(9), null, '2026-03-11 09:00', 'Tue 1 h + 2 h + 4 h = 7 h; Wed 07:00 + 2 h = 09:00, the end of a middle session'),
        row('2026-03-10 09:30', hours(2.5), null, '2026-03-10 14:30', 'gap: from 10:00; 10:00–12:00 = 2 h; 14:00 + 0.5 h'),
        row('2026-03-10 17:30', days(1), null, '2026-03-11 18:00', 'before the 18:00 close: Tue; Wed = 1 at 18:00'),
      ],
      three,
    );
    it('counts office minutes across the gaps', () => {
      // 08:30–09:00 = 30, 10:00–12:00 = 120, 14:00–15:00 = 60.
      expect(three.officeMinutesBetween(at('2026-03-10 08:30'), at('2026-03-10 15:00'))).toBe(210);
    });
  });
});

describe('timeLeft', () => {
  it('working days after the day of `at` up to the due day', () => {
    const due = at('2026-03-05 17:00'); // 10 working days from Thu 12/2/2026
    // (Fri 13/2, Thu 5/3] = Mon 23 … Fri 27 (5) + Mon 2 … Thu 5 (4).
    expect(clock.timeLeft(at('2026-02-13 10:00'), due, 'workingDays')).toEqual({ unit: 'workingDays', value: 9 });
    // From inside Tết (Tue 17/2): (17/2, 5/3] = the same 9.
    expect(clock.timeLeft(at('2026-02-17 10:00'), due, 'workingDays')).toEqual({ unit: 'workingDays', value: 9 });
    // On the due day itself, and after it: nothing left.
    expect(clock.timeLeft(at('2026-03-05 09:00'), due, 'workingDays')).toEqual({ unit: 'workingDays', value: 0 });
    expect(clock.timeLeft(at('2026-03-09 09:00'), due, 'workingDays')).toEqual({ unit: 'workingDays', value: 0 });
  });

  it('countingFrom: days before the dossier’s own counting start are not left to it', () => {
    // Received Fri 13/2/2026 16:59 after a 15:00 cut-off, 1 working day: counts from Mon 23/2, due Tue 24/2.
    const receivedAt = at('2026-02-13 16:59');
    const due = at('2026-02-24 17:00');
    // Without countingFrom: (Fri 13/2, Tue 24/2] = Mon 23, Tue 24 = 2, more than the limit.
    expect(clock.timeLeft(receivedAt, due, 'workingDays')).toEqual({ unit: 'workingDays', value: 2 });
    // With it: (Mon 23/2, Tue 24/2] = 1.
    expect(clock.timeLeft(receivedAt, due, 'workingDays', { receivedAt, cutoffTime: '15:00' })).toEqual({ unit: 'workingDays', value: 1 });
    // Later than the counting start, `at` wins: at Mon 23/2 10:00, (23/2, 24/2] = 1; at Tue 24/2, 0.
    expect(clock.timeLeft(at('2026-02-23 10:00'), due, 'workingDays', { receivedAt, cutoffTime: '15:00' }).value).toBe(1);
    expect(clock.timeLeft(at('2026-02-24 10:00'), due, 'workingDays', { receivedAt, cutoffTime: '15:00' }).value).toBe(0);
  });

  it('office hours between the instants, from the counting start at the earliest', () => {
    // Received Fri 13/2/2026 16:59 after a 15:00 cut-off, 4 h: due Mon 23/2 11:30.
    const receivedAt = at('2026-02-13 16:59');
    const due = at('2026-02-23 11:30');
    // Without countingFrom: Fri 1 min + Mon 07:30–11:30 240 min = 241 min.
    expect(clock.timeLeft(receivedAt, due, 'workingHours')).toEqual({ unit: 'workingHours', value: 241 / 60 });
    // With it: counting starts Mon 07:30: 4 h.
    expect(clock.timeLeft(receivedAt, due, 'workingHours', { receivedAt, cutoffTime: '15:00' })).toEqual({ unit: 'workingHours', value: 4 });
    // Mon 23/2 10:00: 1.5 h left; at or after the due instant: 0.
    expect(clock.timeLeft(at('2026-02-23 10:00'), due, 'workingHours', { receivedAt, cutoffTime: '15:00' }).value).toBe(1.5);
    expect(clock.timeLeft(at('2026-02-23 11:30'), due, 'workingHours', { receivedAt, cutoffTime: '15:00' }).value).toBe(0);
    expect(clock.timeLeft(at('2026-02-23 14:00'), due, 'workingHours', { receivedAt, cutoffTime: '15:00' }).value).toBe(0);
  });

  it('a calendar-day limit has working days left (what a paused clock resumes with)', () => {
    // Due Mon 3/2/2025 (Wed 22/1 + 5 calendar days, moved past Tết); at Thu 23/1: Fri 24/1, Mon 3/2 = 2.
    expect(clock.timeLeft(at('2025-01-23 10:00'), at('2025-02-03 17:00'), 'calendarDays')).toEqual({ unit: 'workingDays', value: 2 });
  });
});

describe('horizon', () => {
  it('one working day ahead is the close of the next working day', () => {
    // Fri 13/2/2026: the next working day is Mon 23/2 after Tết.
    expect(local(clock.horizon(at('2026-02-13 10:00'), days(1)))).toBe('2026-02-23 17:00');
    // From inside Tết (Tue 17/2): the next working day is still Mon 23/2.
    expect(local(clock.horizon(at('2026-02-17 10:00'), days(1)))).toBe('2026-02-23 17:00');
    // Tue 29/4/2025: Wed 30/4 – Sun 4/5 off; Mon 5/5.
    expect(local(clock.horizon(at('2025-04-29 10:00'), days(1)))).toBe('2025-05-05 17:00');
    // Fri 25/4/2025, 2 working days: Sat 26/4 (worked) = 1, Mon 28/4 = 2.
    expect(local(clock.horizon(at('2025-04-25 10:00'), days(2)))).toBe('2025-04-28 17:00');
    // Ordinary Saturday 14/3/2026: Mon 16/3.
    expect(local(clock.horizon(at('2026-03-14 10:00'), days(1)))).toBe('2026-03-16 17:00');
  });

  it('three office hours ahead', () => {
    // Fri 13/2/2026 15:00: 15:00–17:00 = 2 h; Mon 23/2 07:30 + 1 h = 08:30.
    expect(local(clock.horizon(at('2026-02-13 15:00'), hours(3)))).toBe('2026-02-23 08:30');
    // Fri 13/2/2026 16:59: 1 min; Mon 07:30 + 2 h 59 = 10:29.
    expect(local(clock.horizon(at('2026-02-13 16:59'), hours(3)))).toBe('2026-02-23 10:29');
    // In Tết (Tue 17/2): Mon 23/2 07:30 + 3 h = 10:30.
    expect(local(clock.horizon(at('2026-02-17 10:00'), hours(3)))).toBe('2026-02-23 10:30');
    // Tue 10/3/2026 10:00: 1.5 h to 11:30; 13:30 + 1.5 h = 15:00.
    expect(local(clock.horizon(at('2026-03-10 10:00'), hours(3)))).toBe('2026-03-10 15:00');
    // Lunch: 13:30 + 3 h = 16:30.
    expect(local(clock.horizon(at('2026-03-10 12:00'), hours(3)))).toBe('2026-03-10 16:30');
    // After the close: Wed 07:30 + 3 h = 10:30.
    expect(local(clock.horizon(at('2026-03-10 17:00'), hours(3)))).toBe('2026-03-11 10:30');
  });
});

describe('officeMinutesBetween', () => {
  it.each([
    ['2025-01-24 15:00', '2025-02-03 09:00', 210, 'Fri 15:00–17:00 = 120; Tết off; Mon 07:30–09:00 = 90'],
    ['2026-02-13 07:30', '2026-02-23 17:00', 900, 'two whole office days, Fri 13/2 and Mon 23/2, around Tết'],
    ['2026-02-17 10:00', '2026-02-23 08:00', 30, 'from inside Tết: Mon 07:30–08:00'],
    ['2026-08-28 16:00', '2026-09-03 08:00', 90, 'Fri 16:00–17:00 = 60; 29/8–2/9 off; Thu 07:30–08:00 = 30'],
    ['2026-08-21 16:00', '2026-08-24 08:00', 540, 'Fri 60 + the worked Sat 22/8 450 + Mon 30'],
    ['2025-04-29 15:00', '2025-05-05 09:30', 240, 'Tue 15:00–17:00 = 120; 30/4–4/5 off; Mon 5/5 07:30–09:30 = 120'],
    ['2026-03-10 11:00', '2026-03-10 14:00', 60, 'same day across lunch: 11:00–11:30 + 13:30–14:00'],
    ['2026-03-10 12:00', '2026-03-10 13:00', 0, 'inside lunch'],
    ['2026-03-10 17:30', '2026-03-11 07:00', 0, 'overnight, outside office hours'],
    ['2026-03-13 17:00', '2026-03-16 07:30', 0, 'over an ordinary weekend'],
    ['2026-03-10 14:00', '2026-03-10 11:00', 0, 'backwards'],
  ] as const)('%s → %s = %i min (%s)', (from, to, expected, _why) => {
    expect(clock.officeMinutesBetween(at(from), at(to))).toBe(expected);
  });
});
