import type { TimeLimit } from '../../../../libs/calendar/deadlines.ts';
import type { Dossier } from '../dossier.ts';
import type { OfficerContext } from './shared.ts';

/**
 * The two halves of stopping the clock for a supplement, kept together because the second
 * reads what the first stored: `requestSupplement` stops it, `receiveSupplement` restarts it.
 */

/**
 * When the clock stops, the working time left on each deadline the dossier runs against:
 * the appointment, the statutory one kept after an apology, and the open transfer leg's.
 * Time before the dossier's own counting start (a weekend, after the cut-off) was never used.
 */
export function timeLeftOnEveryDeadline(dossier: Dossier, context: OfficerContext) {
  const { unit } = dossier.timeLimit;
  const countingFrom = { receivedAt: new Date(dossier.receivedAt), cutoffTime: context.procedure.cutoffTime };
  const left = (due: string) => context.clock.timeLeft(context.now, new Date(due), unit, countingFrom);
  const leg = dossier.transfers.find((candidate) => candidate.closedAt === null && candidate.dueAt);
  return {
    remaining: dossier.dueAt ? left(dossier.dueAt) : null,
    ...(dossier.originalDueAt ? { remainingStatutory: left(dossier.originalDueAt) } : {}),
    ...(leg ? { remainingLeg: context.clock.timeLeft(context.now, new Date(leg.dueAt!), 'workingDays', { receivedAt: new Date(leg.at), cutoffTime: null }) } : {}),
  };
}

/**
 * The deadlines once the citizen completes the dossier, per the rule in force when the
 * supplement was requested: `pause` gives each deadline the time it had left, counted from
 * now; `restart` gives the whole limit again (and the whole allotment to an open leg), so a
 * stop never shortens one.
 */
export function resumedDeadlines(dossier: Dossier, context: OfficerContext): Pick<Dossier, 'dueAt' | 'originalDueAt' | 'transfers'> {
  const supplement = dossier.supplement!;
  const { cutoffTime } = context.procedure;
  const from = (limit: TimeLimit) => context.clock.dueAt(context.now, limit, cutoffTime).toISOString();
  const paused = supplement.clock === 'pause';
  const restarted = from((paused ? supplement.remaining : null) ?? dossier.timeLimit);
  // An apology's appointment already promised to the citizen is never brought earlier by a restart.
  const dueAt = !paused && dossier.extendedAt && dossier.dueAt && dossier.dueAt > restarted ? dossier.dueAt : restarted;
  const originalDueAt = !dossier.originalDueAt ? null : paused && supplement.remainingStatutory ? from(supplement.remainingStatutory) : restarted;
  const transfers = dossier.transfers.map((leg) => {
    if (leg.closedAt !== null || !leg.dueAt) return leg;
    if (paused) return supplement.remainingLeg ? { ...leg, dueAt: from(supplement.remainingLeg) } : leg;
    return { ...leg, dueAt: leg.allottedWorkingDays ? from({ unit: 'workingDays', value: leg.allottedWorkingDays }) : dueAt };
  });
  return { dueAt, originalDueAt, transfers };
}
