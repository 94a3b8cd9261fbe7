/**
 * Dates and instants in Vietnam. All instants are UTC; all dates are local dates in
 * Asia/Ho_Chi_Minh, which has been UTC+7 without daylight saving since 1975, so local
 * time is plain arithmetic and never depends on the machine's time zone.
 */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Which local dates are working days. Holidays and swapped Saturdays live behind this. */
export interface WorkingCalendar {
  isWorkingDay(date: LocalDate): boolean;
}

/** Monday to Friday, no holidays: for tests that are about something else than the calendar. */
export const weekdaysOnly: WorkingCalendar = {
  isWorkingDay: (date) => {
    const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  },
};

/** Days since 1970-01-01 of a local date. */
export function dayNumberOf(date: LocalDate): number {
  return Math.floor(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

export function dateOfDayNumber(day: number): LocalDate {
  const date = new Date(day * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The local day number and the minute of that local day of an instant. */
export function localDayAndMinute(instant: Date): { day: number; minute: number } {
  const local = instant.getTime() + VIETNAM_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  return { day, minute: Math.floor((local - day * DAY_MS) / MINUTE_MS) };
}

/** The instant of a local day number and minute of the day. */
export function instantOfLocal(day: number, minute: number): Date {
  return new Date(day * DAY_MS + minute * MINUTE_MS - VIETNAM_OFFSET_MS);
}

export function localDateOf(instant: Date): LocalDate {
  return dateOfDayNumber(localDayAndMinute(instant).day);
}

/** Minutes since local midnight. */
export function localMinutesOf(instant: Date): number {
  return localDayAndMinute(instant).minute;
}

/** `YYYY-MM-DD` of a local date. */
export function isoDateOf(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfDayNumber(dayNumberOf(date) + days);
}
