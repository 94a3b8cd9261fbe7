import * as z from 'zod';
import { freeText } from '../../../../libs/platform/text.ts';
import { standingAt } from '../../../../libs/calendar/verdicts.ts';
import { DomainError } from '../../../../libs/platform/errors.ts';
import type { Dossier, Status } from '../dossier.ts';
import { decided, moved, OFFICER, type OfficerContext } from './shared.ts';
import { timeLeftOnEveryDeadline } from './supplement-clock.ts';

/**
 * Asking the citizen to complete the dossier (yêu cầu bổ sung): once, in writing, listing
 * everything missing. The clock stops until the supplement comes, and the dossier closes if
 * it does not come within the procedure's closing period.
 */
export const input = z.strictObject({
  type: z.literal('requestSupplement'),
  missing: z.array(freeText({ min: 2, max: 300 })).min(1).max(50),
});
export const allowedFrom: readonly Status[] = ['submitted', 'accepted', 'in-progress'];
export const performedBy = OFFICER;

export function decide(dossier: Dossier, action: z.infer<typeof input>, context: OfficerContext) {
  if (dossier.supplement) {
    throw new DomainError(
      'SUPPLEMENT_ALREADY_REQUESTED',
      'Chỉ được yêu cầu bổ sung hồ sơ một lần, bằng một văn bản nêu đủ thành phần còn thiếu',
      'A supplement may be requested only once, listing everything that is missing',
      { requestedAt: dossier.supplement.requestedAt },
    );
  }
  const { clock: rule, closeAfterWorkingDays } = context.procedure.supplement;
  // An overdue dossier stays late: stopping its clock now would hide that. Overdue against
  // the statutory appointment: an apology's later date does not make it timely.
  const statutory = dossier.originalDueAt ?? dossier.dueAt;
  if (statutory && standingAt(context.now, new Date(statutory), false, dossier.timeLimit.unit) === 'overdue') {
    throw new DomainError(
      'DOSSIER_OVERDUE',
      'Hồ sơ đã quá hạn giải quyết, không thể dừng thời hạn để yêu cầu bổ sung',
      'The dossier is already overdue; its clock cannot be stopped for a supplement',
      { dueAt: statutory },
    );
  }
  const closesAt = context.clock.dueAt(context.now, { unit: 'workingDays', value: closeAfterWorkingDays }).toISOString();
  const next = moved(dossier, 'supplement-requested', {
    supplement: {
      requestedAt: context.now.toISOString(),
      missing: action.missing,
      clock: rule,
      ...(rule === 'pause' ? timeLeftOnEveryDeadline(dossier, context) : { remaining: null }),
      closesAt,
      resumeStatus: dossier.status,
      receivedAt: null,
    },
  });
  return decided(next, 'DossierSupplementRequested', { missing: action.missing, clock: rule, closesAt });
}
