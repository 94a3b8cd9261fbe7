import type { DeadlineClock, TimeLimit } from '../../../libs/calendar/deadlines.ts';
import { standingAt } from '../../../libs/calendar/verdicts.ts';
import type { EventData } from '../../../libs/events/intake.ts';
import { CLOCK_RUNNING, STATUS_CODES, type Dossier, type Warnings } from './dossier.ts';
import { closedLegOf, closeOpenLeg } from './transitions.ts';

/** How far ahead officers are warned: a working-day margin, and an office-hour one. */
export interface WarningMargins {
  readonly workingDays: number;
  readonly officeHours: number;
}

export const DEFAULT_MARGINS: WarningMargins = { workingDays: 1, officeHours: 3 };

type Change<T extends 'DossierDueSoon' | 'DossierOverdue' | 'DossierSupplementExpired'> = {
  readonly dossier: Dossier;
  readonly event: { type: T; data: EventData<T> };
};

/**
 * The warning an open dossier is owed now, if any: overdue once its appointment has
 * passed, else due soon within the office-hour margin, else within the working-day
 * margin. Each is given once per appointment (a new appointment, after a supplement or
 * an apology, is warned about afresh), and a stronger warning silences the weaker ones
 * for the same appointment, so a dossier first seen overdue is not also "due soon".
 */
export function deadlineWarning(
  dossier: Dossier,
  now: Date,
  clock: DeadlineClock,
  margins: WarningMargins = DEFAULT_MARGINS,
): Change<'DossierDueSoon'> | Change<'DossierOverdue'> | null {
  if (!CLOCK_RUNNING.includes(dossier.status) || !dossier.dueAt) return null;
  const due = dossier.dueAt;
  const given = dossier.warnings ?? {};
  const facts = { status: dossier.status, statusCode: STATUS_CODES[dossier.status], dueAt: due };
  const warned = (warnings: Warnings): Dossier => ({ ...dossier, warnings: { ...given, ...warnings } });

  if (standingAt(now, new Date(due), false, dossier.timeLimit?.unit) === 'overdue') {
    if (given.overdue === due) return null;
    return { dossier: warned({ overdue: due, dueSoonHours: due, dueSoonDay: due }), event: { type: 'DossierOverdue', data: facts } };
  }
  const within = (margin: TimeLimit) => new Date(due) <= clock.horizon(now, margin);
  const dueSoon = (margin: EventData<'DossierDueSoon'>['margin'], warnings: Warnings): Change<'DossierDueSoon'> => ({
    dossier: warned(warnings),
    event: { type: 'DossierDueSoon', data: { ...facts, margin } },
  });
  const hours = { unit: 'workingHours', value: margins.officeHours } as const;
  if (margins.officeHours > 0 && given.dueSoonHours !== due && within(hours)) return dueSoon(hours, { dueSoonHours: due, dueSoonDay: due });
  const days = { unit: 'workingDays', value: margins.workingDays } as const;
  if (margins.workingDays > 0 && given.dueSoonDay !== due && within(days)) return dueSoon(days, { dueSoonDay: due });
  return null;
}

/** A supplement the citizen did not bring within the procedure's closing period closes the dossier. */
export function expiredSupplement(dossier: Dossier, now: Date): Change<'DossierSupplementExpired'> | null {
  const closesAt = dossier.supplement?.closesAt;
  if (dossier.status !== 'supplement-requested' || !closesAt || now <= new Date(closesAt)) return null;
  const next: Dossier = {
    ...dossier,
    status: 'stopped',
    closingReason: 'Quá thời hạn bổ sung hồ sơ / The supplement was not completed in time',
    transfers: closeOpenLeg(dossier, now),
  };
  return {
    dossier: next,
    event: { type: 'DossierSupplementExpired', data: { status: next.status, statusCode: STATUS_CODES[next.status], dueAt: next.dueAt, closesAt, ...closedLegOf(dossier, next) } },
  };
}
