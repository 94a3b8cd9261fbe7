import {
  addWorkingDays,
  compareDates,
  instantAt,
  localDateOf,
  localMinutesOf,
  nextWorkingDay,
  type LocalDate,
  type WorkingCalendar,
} from './working-days.ts';

export interface TimeLimit {
  readonly unit: 'workingDays' | 'workingHours';
  readonly value: number;
}

/** Office hours the deadlines are counted in (Asia/Ho_Chi_Minh). */
export const OFFICE_CLOSES_AT = '17:00';

/**
 * The day counting starts from: the receipt day itself is not counted, and a dossier
 * received on a non-working day, or after the procedure's cut-off, counts as received
 * on the next working day.
 */
export function effectiveReceiptDay(calendar: WorkingCalendar, receivedAt: Date, cutoffTime: string | null): LocalDate {
  const day = localDateOf(receivedAt);
  const cutoff = cutoffTime ?? OFFICE_CLOSES_AT;
  const [hours, minutes] = cutoff.split(':').map(Number);
  const afterCutoff = localMinutesOf(receivedAt) >= hours! * 60 + minutes!;
  if (!calendar.isWorkingDay(day) || afterCutoff) return nextWorkingDay(calendar, day);
  return day;
}

/**
 * The appointment: the n-th working day after the effective receipt day, at the close
 * of office hours. Hour limits are rounded up to whole days here; issue #3 replaces this
 * with office-hour counting.
 */
export function dueAt(calendar: WorkingCalendar, receivedAt: Date, limit: TimeLimit, cutoffTime: string | null): Date {
  const start = effectiveReceiptDay(calendar, receivedAt, cutoffTime);
  const days = limit.unit === 'workingDays' ? Math.ceil(limit.value) : Math.ceil(limit.value / 8);
  return instantAt(addWorkingDays(calendar, start, days), OFFICE_CLOSES_AT);
}

export type Verdict = 'early' | 'on-time' | 'late';

/** Resolved before the appointment day: early; on that day: on time; after it: late. */
export function verdictAt(resolvedAt: Date, due: Date): Verdict {
  const order = compareDates(localDateOf(resolvedAt), localDateOf(due));
  if (order < 0) return 'early';
  return order === 0 ? 'on-time' : 'late';
}
