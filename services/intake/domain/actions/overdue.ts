import * as z from 'zod';
import { standingAt } from '../../../../libs/calendar/verdicts.ts';
import { CLOCK_RUNNING, type Dossier } from '../dossier.ts';
import { DEADLINE_WATCH, decided, type SystemContext } from './shared.ts';

/**
 * The deadline watch announces that an open dossier's appointment has passed: once per
 * appointment (a new one, after a supplement or an apology, is watched afresh). `owed` says
 * when; `decide` records it.
 */
export const input = z.strictObject({ type: z.literal('overdue') });
export const allowedFrom = CLOCK_RUNNING;
export const performedBy = DEADLINE_WATCH;

/** Whether the appointment has passed, judged by the day (or, for an hour limit, by the hour). */
export function pastAppointment(dossier: Dossier, now: Date): boolean {
  return !!dossier.dueAt && standingAt(now, new Date(dossier.dueAt), false, dossier.timeLimit.unit) === 'overdue';
}

export function owed(dossier: Dossier, context: SystemContext): z.infer<typeof input> | null {
  if (!allowedFrom.includes(dossier.status) || !pastAppointment(dossier, context.now)) return null;
  return dossier.warnings?.overdue === dossier.dueAt ? null : { type: 'overdue' };
}

export function decide(dossier: Dossier, _input: z.infer<typeof input>, _context: SystemContext) {
  const due = dossier.dueAt!;
  // The stronger warning silences the weaker ones for the same appointment, so a dossier
  // first seen overdue is not also "due soon".
  return decided({ ...dossier, warnings: { ...dossier.warnings, overdue: due, dueSoonHours: due, dueSoonDay: due } }, 'DossierOverdue', {});
}
