import * as z from 'zod';
import { verdictOf } from '../../../../libs/calendar/verdicts.ts';
import type { Dossier, Status } from '../dossier.ts';
import { closedLegOf, closeOpenLeg, decided, moved, OFFICER, type OfficerContext } from './shared.ts';

/**
 * The result is ready (đã có kết quả): the verdict — early, on time, late — is judged and
 * frozen, and the open transfer leg closes.
 */
export const input = z.strictObject({ type: z.literal('resolve') });
export const allowedFrom: readonly Status[] = ['in-progress'];
export const performedBy = OFFICER;

export function decide(dossier: Dossier, _input: z.infer<typeof input>, context: OfficerContext) {
  const { unit } = dossier.timeLimit;
  const now = context.now.toISOString();
  // Judged against the statutory appointment: an apology moves the citizen's appointment, not the verdict.
  const verdict = verdictOf(context.now, new Date(dossier.originalDueAt ?? dossier.dueAt!), unit);
  const appointmentKept = dossier.extendedAt ? verdictOf(context.now, new Date(dossier.dueAt!), unit) !== 'late' : null;
  const next = moved(dossier, 'resolved', { resolvedAt: now, verdict, appointmentKept, transfers: closeOpenLeg(dossier, context.now) });
  return decided(next, 'DossierResolved', {
    resolvedAt: now,
    verdict,
    // So that postal knows, without a read, whether this result goes by post.
    resultDelivery: dossier.resultDelivery.method,
    ...(appointmentKept === null ? {} : { appointmentKept }),
    ...closedLegOf(dossier, next),
  });
}
