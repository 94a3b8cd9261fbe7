import * as z from 'zod';
import type { DeadlineClock } from '../../../../libs/calendar/deadlines.ts';
import { CLOCK_RUNNING, type Dossier } from '../dossier.ts';
import { pastAppointment } from './overdue.ts';
import { DEADLINE_WATCH, decided, type SystemContext } from './shared.ts';

/**
 * The deadline watch warns that an open dossier's appointment is near: within the working-day
 * margin, and again within the office-hour one. Each is given once per appointment (a new
 * one, after a supplement or an apology, is warned about afresh). `owed` says when; `decide`
 * records it.
 */
export const input = z.strictObject({
  type: z.literal('dueSoon'),
  margin: z.strictObject({ unit: z.enum(['workingDays', 'workingHours']), value: z.number().positive() }),
});
export const allowedFrom = CLOCK_RUNNING;
export const performedBy = DEADLINE_WATCH;

/** How far ahead officers are warned: a working-day margin, and an office-hour one. */
export interface WarningMargins {
  readonly workingDays: number;
  readonly officeHours: number;
}

export const DEFAULT_MARGINS: WarningMargins = { workingDays: 1, officeHours: 3 };

/** What the watch judges with: the time, the handling agency's clock, its margins. */
export interface WatchContext extends SystemContext {
  readonly clock: DeadlineClock;
  readonly margins: WarningMargins;
}

/** The nearest margin the appointment is within and not yet warned about; none once it has passed (that is overdue). */
export function owed(dossier: Dossier, { now, clock, margins }: WatchContext): z.infer<typeof input> | null {
  if (!allowedFrom.includes(dossier.status) || !dossier.dueAt || pastAppointment(dossier, now)) return null;
  const due = dossier.dueAt;
  const given = dossier.warnings ?? {};
  const within = (margin: z.infer<typeof input>['margin']) => new Date(due) <= clock.horizon(now, margin);
  const hours = { unit: 'workingHours', value: margins.officeHours } as const;
  if (margins.officeHours > 0 && given.dueSoonHours !== due && within(hours)) return { type: 'dueSoon', margin: hours };
  const days = { unit: 'workingDays', value: margins.workingDays } as const;
  if (margins.workingDays > 0 && given.dueSoonDay !== due && within(days)) return { type: 'dueSoon', margin: days };
  return null;
}

export function decide(dossier: Dossier, warning: z.infer<typeof input>, _context: SystemContext) {
  const due = dossier.dueAt!;
  // The office-hour warning is the nearer one: once given, the working-day one is moot.
  const given = warning.margin.unit === 'workingHours' ? { dueSoonHours: due, dueSoonDay: due } : { dueSoonDay: due };
  return decided({ ...dossier, warnings: { ...dossier.warnings, ...given } }, 'DossierDueSoon', { margin: warning.margin });
}
