/**
 * How timeliness is judged (docs/domain.md, "Judging timeliness"), in one place for intake,
 * the warnings job and reporting.
 */
import type { TimeUnit } from './deadlines.ts';
import { localDayAndMinute } from './working-days.ts';

/** At resolution: before the appointment date, on it, or after it. Frozen once given. */
export type Verdict = 'early' | 'on-time' | 'late';

/** A dossier still open, at some instant. */
export type Standing = 'within-deadline' | 'overdue';

const localDay = (instant: Date) => localDayAndMinute(instant).day;

/**
 * Resolved before the appointment's date: early; on that date: on time; after it: late.
 * A limit in working hours has an appointment hour as well, so on that date a result
 * after the hour is late.
 */
export function verdictOf(resolvedAt: Date, dueAt: Date, unit: TimeUnit = 'workingDays'): Verdict {
  const resolvedDay = localDay(resolvedAt);
  const dueDay = localDay(dueAt);
  if (resolvedDay < dueDay) return 'early';
  if (resolvedDay > dueDay) return 'late';
  return unit === 'workingHours' && resolvedAt > dueAt ? 'late' : 'on-time';
}

/**
 * An open dossier is overdue once resolving it now would be late; one waiting for the
 * citizen's supplement (its clock stopped) counts as within deadline.
 */
export function standingAt(now: Date, dueAt: Date | null, clockStopped: boolean, unit: TimeUnit = 'workingDays'): Standing {
  if (clockStopped || dueAt === null) return 'within-deadline';
  return verdictOf(now, dueAt, unit) === 'late' ? 'overdue' : 'within-deadline';
}
