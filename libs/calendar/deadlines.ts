/**
 * Deadlines in working time (docs/domain.md, "Time"):
 * - the day of receipt is not counted; a dossier received on a non-working day, after
 *   the procedure's cut-off or after office hours counts as received on the next
 *   working day (Decree 61/2018 art. 20; Civil Code 2015 art. 147–148);
 * - a limit in working days ends at the close of office hours on the n-th working day
 *   after that; a limit in calendar days ends on the n-th day, moved to the next working
 *   day when it is not one; a limit in working hours counts office hours only;
 * - so a deadline is always an instant of a working day.
 *
 * Pure: the calendar and the office hours come in; nothing here reads a clock or a file.
 */
import { LAST_SUPPORTED_YEAR, type HolidayCalendar } from './holidays.ts';
import { DEFAULT_OFFICE_HOURS, minutesOf, type OfficeHours } from './office-hours.ts';
import { WorkingDayIndex } from './working-day-index.ts';
import { dateOfDayNumber, DAY_MS, dayNumberOf, instantOfLocal, isoDateOf, localDayAndMinute, type LocalDate, type WorkingCalendar } from './working-days.ts';

export type TimeUnit = 'workingDays' | 'workingHours' | 'calendarDays';

export interface TimeLimit {
  readonly unit: TimeUnit;
  readonly value: number;
}

/**
 * One agency's clock: its working calendar and office hours, compiled for fast
 * arithmetic. Build it once (see `deadlineClock`) and ask it many times.
 */
export class DeadlineClock {
  readonly calendar: WorkingCalendar;
  readonly officeHours: OfficeHours;
  private readonly index: WorkingDayIndex;
  private readonly sessions: readonly (readonly [number, number])[];
  /** Office minutes in a working day. */
  private readonly dayMinutes: number;
  private readonly opens: number;
  private readonly closes: number;

  constructor(calendar: WorkingCalendar, officeHours: OfficeHours = DEFAULT_OFFICE_HOURS) {
    this.calendar = calendar;
    this.officeHours = officeHours;
    this.index = new WorkingDayIndex(calendar);
    this.sessions = officeHours.sessions.map((session) => [minutesOf(session.start), minutesOf(session.end)] as const);
    this.dayMinutes = this.sessions.reduce((sum, [start, end]) => sum + end - start, 0);
    this.opens = this.sessions[0]![0];
    this.closes = this.sessions.at(-1)![1];
  }

  /** The time the appointment is given at on a due day: the close of office hours. */
  get closingTime(): string {
    return this.officeHours.sessions.at(-1)!.end;
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.index.isWorking(dayNumberOf(date));
  }

  /**
   * Whether the office is open at this instant: a session of a working day, or the
   * Saturday-morning opening on a Saturday that is neither a holiday nor a day off.
   */
  isOpenAt(instant: Date): boolean {
    const { day, minute } = localDayAndMinute(instant);
    if (this.index.isWorking(day)) return this.sessions.some(([start, end]) => minute >= start && minute < end);
    const saturday = this.officeHours.saturdayMorning;
    if (!saturday || new Date(day * DAY_MS).getUTCDay() !== 6 || this.isHoliday(day)) return false;
    return minute >= minutesOf(saturday.start) && minute < minutesOf(saturday.end);
  }

  /** Whether an appointment may be given for this instant: a working day, within its sessions (their ends included). */
  isAppointmentTime(instant: Date): boolean {
    const { day, minute } = localDayAndMinute(instant);
    return this.index.isWorking(day) && this.sessions.some(([start, end]) => minute >= start && minute <= end);
  }

  /** A holiday, or a weekend day inside a holiday break, when the calendar can tell (the holiday calendar can). */
  private isHoliday(day: number): boolean {
    const calendar = this.calendar as Partial<HolidayCalendar>;
    if (!calendar.yearInfo) return false;
    const date = dateOfDayNumber(day);
    const iso = isoDateOf(date);
    const info = calendar.yearInfo(date.year);
    if (info.nonWorkingDays.some((entry) => entry.date === iso)) return true;
    // A break may start in the year before its occasion (New Year's from late December).
    const next = date.year < LAST_SUPPORTED_YEAR ? calendar.yearInfo(date.year + 1).occasions : [];
    return [...info.occasions, ...next].some((occasion) => occasion.from <= iso && iso <= occasion.to);
  }

  /**
   * The day a dossier counts as received on: the receipt day itself, or the next
   * working day when it came on a non-working day, at or after the cut-off, or after
   * office hours. Days of a limit are counted after this day.
   */
  effectiveReceiptDay(receivedAt: Date, cutoffTime: string | null = null): LocalDate {
    return dateOfDayNumber(this.receiptDay(receivedAt, cutoffTime));
  }

  /** The appointment for a dossier received at `receivedAt` with this time limit. */
  dueAt(receivedAt: Date, limit: TimeLimit, cutoffTime: string | null = null): Date {
    if (limit.unit === 'workingHours') {
      const start = this.countingStart(receivedAt, cutoffTime);
      return this.addOfficeMinutes(start.day, start.minute, Math.round(limit.value * 60));
    }
    const from = this.receiptDay(receivedAt, cutoffTime);
    const days = Math.ceil(limit.value);
    const dueDay = limit.unit === 'workingDays' ? this.index.addWorkingDays(from, days) : this.index.workingOnOrAfter(from + days);
    return instantOfLocal(dueDay, this.closes);
  }

  /**
   * Working time left at `at` before `due`: office hours between the two instants for an
   * hour limit; otherwise working days after the day of `at` up to the due day (a paused
   * calendar-day limit also resumes in working days, so the pause never costs a weekend).
   * Never counts time before `countingFrom` (the dossier's own start), nor below zero.
   */
  timeLeft(at: Date, due: Date, unit: TimeUnit, countingFrom?: { receivedAt: Date; cutoffTime: string | null }): TimeLimit {
    if (unit === 'workingHours') {
      let from = at;
      if (countingFrom) {
        const start = this.countingStart(countingFrom.receivedAt, countingFrom.cutoffTime);
        const startInstant = instantOfLocal(start.day, start.minute);
        if (startInstant > from) from = startInstant;
      }
      return { unit, value: this.officeMinutesBetween(from, due) / 60 };
    }
    let fromDay = localDayAndMinute(at).day;
    if (countingFrom) fromDay = Math.max(fromDay, this.receiptDay(countingFrom.receivedAt, countingFrom.cutoffTime));
    const dueDay = localDayAndMinute(due).day;
    return { unit: 'workingDays', value: this.index.countBetween(fromDay, dueDay) };
  }

  /**
   * The latest due instant that is within `margin` of `now`: dossiers due at or before it
   * are "due soon". One working day ahead means by the close of the next working day.
   */
  horizon(now: Date, margin: TimeLimit): Date {
    const { day, minute } = localDayAndMinute(now);
    if (margin.unit === 'workingHours') {
      const start = this.normalise(day, minute);
      return this.addOfficeMinutes(start.day, start.minute, Math.round(margin.value * 60));
    }
    const today = this.index.isWorking(day) ? day : this.index.addWorkingDays(day, 1) - 1;
    return instantOfLocal(this.index.addWorkingDays(today, Math.ceil(margin.value)), this.closes);
  }

  /** Working days in (from, to]: how many a limit counted from `from` has used by `to`. */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    return this.index.countBetween(dayNumberOf(from), dayNumberOf(to));
  }

  /** Office minutes between two instants (0 when `to` is not after `from`). */
  officeMinutesBetween(from: Date, to: Date): number {
    if (to <= from) return 0;
    const a = localDayAndMinute(from);
    const b = localDayAndMinute(to);
    if (a.day === b.day) return this.index.isWorking(a.day) ? this.minutesUpTo(b.minute) - this.minutesUpTo(a.minute) : 0;
    const first = this.index.isWorking(a.day) ? this.dayMinutes - this.minutesUpTo(a.minute) : 0;
    const last = this.index.isWorking(b.day) ? this.minutesUpTo(b.minute) : 0;
    return first + this.index.countBetween(a.day, b.day - 1) * this.dayMinutes + last;
  }

  private receiptDay(receivedAt: Date, cutoffTime: string | null): number {
    const { day, minute } = localDayAndMinute(receivedAt);
    if (!this.index.isWorking(day) || minute >= this.cutoffMinute(cutoffTime)) return this.index.addWorkingDays(day, 1);
    return day;
  }

  /** Where office-hour counting starts: the receipt instant, or the next office minute. */
  private countingStart(receivedAt: Date, cutoffTime: string | null): { day: number; minute: number } {
    const { day, minute } = localDayAndMinute(receivedAt);
    if (!this.index.isWorking(day) || minute >= this.cutoffMinute(cutoffTime)) return { day: this.index.addWorkingDays(day, 1), minute: this.opens };
    return this.normalise(day, minute);
  }

  /** The first office minute at or after (day, minute). */
  private normalise(day: number, minute: number): { day: number; minute: number } {
    if (this.index.isWorking(day)) {
      for (const [start, end] of this.sessions) {
        if (minute < end) return { day, minute: Math.max(minute, start) };
      }
    }
    return { day: this.index.addWorkingDays(day, 1), minute: this.opens };
  }

  private cutoffMinute(cutoffTime: string | null): number {
    return cutoffTime === null ? this.closes : Math.min(minutesOf(cutoffTime), this.closes);
  }

  /** Office minutes of a working day before `minute`. */
  private minutesUpTo(minute: number): number {
    let total = 0;
    for (const [start, end] of this.sessions) total += Math.max(0, Math.min(minute, end) - start);
    return total;
  }

  /** The instant `minutes` office minutes after (day, minute), which must be an office minute. */
  private addOfficeMinutes(day: number, minute: number, minutes: number): Date {
    let left = minutes;
    // The rest of the first day.
    const restOfDay = this.dayMinutes - this.minutesUpTo(minute);
    if (left > restOfDay) {
      left -= restOfDay;
      // Whole days, leaving 1..dayMinutes for the last one.
      const wholeDays = Math.floor((left - 1) / this.dayMinutes);
      day = this.index.addWorkingDays(day, wholeDays + 1);
      left -= wholeDays * this.dayMinutes;
      minute = this.opens;
    }
    for (const [start, end] of this.sessions) {
      if (end <= minute) continue;
      const from = Math.max(start, minute);
      if (left <= end - from) return instantOfLocal(day, from + left);
      left -= end - from;
    }
    /* c8 ignore next */
    throw new Error('unreachable: office minutes ran past the end of the day');
  }
}

const clocks = new WeakMap<WorkingCalendar, WeakMap<OfficeHours, DeadlineClock>>();

/** The clock of a calendar and office hours, built once and shared. */
export function deadlineClock(calendar: WorkingCalendar, officeHours: OfficeHours = DEFAULT_OFFICE_HOURS): DeadlineClock {
  let byHours = clocks.get(calendar);
  if (!byHours) clocks.set(calendar, (byHours = new WeakMap()));
  let clock = byHours.get(officeHours);
  if (!clock) byHours.set(officeHours, (clock = new DeadlineClock(calendar, officeHours)));
  return clock;
}
