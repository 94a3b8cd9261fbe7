/**
 * Judging timeliness (docs/domain.md, "Judging timeliness"): resolved before the appointment
 * date is early, on it on time, after it late; a limit in working hours is late on the
 * date after the hour. Dates are local (Asia/Ho_Chi_Minh, UTC+7).
 */
import { describe, expect, it } from 'vitest';
import { standingAt, verdictOf } from './verdicts.ts';

/** The instant of a local time written "YYYY-MM-DD HH:mm". */
const at = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+07:00`);

describe('verdictOf, a limit in days (appointment Mon 23/2/2026 17:00, the first day after Tết)', () => {
  const due = at('2026-02-23 17:00');

  it.each([
    ['2026-02-13 16:00', 'early', 'Fri 13/2, before Tết'],
    ['2026-02-22 23:59', 'early', 'the last minute of the day before (local), 16:59 UTC'],
    ['2026-02-23 00:00', 'on-time', 'the first minute of the date (local), still 22/2 in UTC'],
    ['2026-02-23 08:00', 'on-time', 'in the morning of the date'],
    ['2026-02-23 17:00', 'on-time', 'at the appointment'],
    ['2026-02-23 17:30', 'on-time', 'after the hour but on the date: judged by date'],
    ['2026-02-23 23:59', 'on-time', 'the last minute of the date (local), 16:59 UTC'],
    ['2026-02-24 00:00', 'late', 'the next date (local), still 23/2 17:00 UTC'],
    ['2026-02-24 07:30', 'late', 'the next morning'],
    ['2026-03-05 10:00', 'late', 'a week and more later'],
  ] as const)('resolved %s → %s (%s)', (resolved, verdict, _why) => {
    expect(verdictOf(at(resolved), due)).toBe(verdict);
    expect(verdictOf(at(resolved), due, 'workingDays')).toBe(verdict);
    expect(verdictOf(at(resolved), due, 'calendarDays')).toBe(verdict);
  });
});

describe('verdictOf, a limit in working hours (appointment Mon 23/2/2026 11:30)', () => {
  const due = at('2026-02-23 11:30');

  it.each([
    ['2026-02-20 10:00', 'early', 'a date before (in Tết)'],
    ['2026-02-23 07:30', 'on-time', 'on the date, before the hour: on time, not early'],
    ['2026-02-23 11:30', 'on-time', 'at the hour'],
    ['2026-02-23 11:31', 'late', 'on the date, after the hour'],
    ['2026-02-23 16:00', 'late', 'the afternoon of the date'],
    ['2026-02-24 08:00', 'late', 'the next date'],
  ] as const)('resolved %s → %s (%s)', (resolved, verdict, _why) => {
    expect(verdictOf(at(resolved), due, 'workingHours')).toBe(verdict);
  });

  it('without the unit, the same appointment is judged by date only', () => {
    expect(verdictOf(at('2026-02-23 16:00'), due)).toBe('on-time');
  });

  it('a second after the hour is late', () => {
    expect(verdictOf(new Date(due.getTime() + 1000), due, 'workingHours')).toBe('late');
  });
});

describe('standingAt', () => {
  const due = at('2026-02-23 17:00');

  it('within deadline up to the end of the appointment date, overdue after it', () => {
    expect(standingAt(at('2026-02-13 10:00'), due, false)).toBe('within-deadline');
    expect(standingAt(at('2026-02-23 16:59'), due, false)).toBe('within-deadline');
    // After the hour but on the date: resolving now would be on time.
    expect(standingAt(at('2026-02-23 20:00'), due, false)).toBe('within-deadline');
    expect(standingAt(at('2026-02-24 00:00'), due, false)).toBe('overdue');
    expect(standingAt(at('2026-03-02 09:00'), due, false)).toBe('overdue');
  });

  it('a dossier whose clock is stopped (waiting for a supplement) is within deadline, even past the date', () => {
    expect(standingAt(at('2026-02-13 10:00'), due, true)).toBe('within-deadline');
    expect(standingAt(at('2026-03-02 09:00'), due, true)).toBe('within-deadline');
    expect(standingAt(at('2026-02-23 12:00'), at('2026-02-23 11:30'), true, 'workingHours')).toBe('within-deadline');
  });

  it('a dossier without an appointment (dueAt null) is within deadline', () => {
    expect(standingAt(at('2026-03-02 09:00'), null, false)).toBe('within-deadline');
    expect(standingAt(at('2026-03-02 09:00'), null, true)).toBe('within-deadline');
    expect(standingAt(at('2026-03-02 09:00'), null, false, 'workingHours')).toBe('within-deadline');
  });

  it('a limit in working hours is overdue on the date once the hour has passed', () => {
    const hourDue = at('2026-02-23 11:30');
    expect(standingAt(at('2026-02-23 11:30'), hourDue, false, 'workingHours')).toBe('within-deadline');
    expect(standingAt(at('2026-02-23 11:31'), hourDue, false, 'workingHours')).toBe('overdue');
    // The same instant judged as a day limit: still within deadline on the date.
    expect(standingAt(at('2026-02-23 11:31'), hourDue, false)).toBe('within-deadline');
  });
});
