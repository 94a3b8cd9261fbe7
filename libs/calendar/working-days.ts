/**
 * Working-day arithmetic for Vietnamese offices. All instants are UTC; all dates are
 * local dates in Asia/Ho_Chi_Minh, which has been UTC+7 without daylight saving since 1975,
 * so local time is plain arithmetic and never depends on the machine's time zone.
 */
export const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 86_400_000;

export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Which local dates are working days. Holidays and swapped Saturdays live behind this. */
export interface WorkingCalendar {
  isWorkingDay(date: LocalDate): boolean;
}

/** Until the holiday calendar lands: Monday to Friday. */
export const weekdaysOnly: WorkingCalendar = {
  isWorkingDay: (date) => {
    const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  },
};

export function localDateOf(instant: Date): LocalDate {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** Minutes since local midnight. */
export function localMinutesOf(instant: Date): number {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return local.getUTCHours() * 60 + local.getUTCMinutes();
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** The UTC instant of a local date and time ("HH:mm"). */
export function instantAt(date: LocalDate, time: string): Date {
  const [hours, minutes] = time.split(':').map(Number);
  return new Date(Date.UTC(date.year, date.month - 1, date.day, hours, minutes) - VIETNAM_OFFSET_MS);
}

export function nextWorkingDay(calendar: WorkingCalendar, date: LocalDate): LocalDate {
  let candidate = addDays(date, 1);
  while (!calendar.isWorkingDay(candidate)) candidate = addDays(candidate, 1);
  return candidate;
}

export function addWorkingDays(calendar: WorkingCalendar, date: LocalDate, days: number): LocalDate {
  let result = date;
  for (let i = 0; i < days; i++) result = nextWorkingDay(calendar, result);
  return result;
}

/** Working days strictly after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(calendar: WorkingCalendar, from: LocalDate, to: LocalDate): number {
  let count = 0;
  for (let day = addDays(from, 1); compareDates(day, to) <= 0; day = addDays(day, 1)) {
    if (calendar.isWorkingDay(day)) count += 1;
  }
  return count;
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
