import * as z from 'zod';
import { DomainError } from '../../../../libs/platform/errors.ts';
import type { Dossier, Status } from '../dossier.ts';
import { decided, moved, OFFICER, type OfficerContext } from './shared.ts';
import { resumedDeadlines } from './supplement-clock.ts';

/** The citizen completed the dossier: the clock runs again and the dossier resumes where it was. */
export const input = z.strictObject({ type: z.literal('receiveSupplement') });
export const allowedFrom: readonly Status[] = ['supplement-requested'];
export const performedBy = OFFICER;

export function decide(dossier: Dossier, _input: z.infer<typeof input>, context: OfficerContext) {
  const supplement = dossier.supplement!;
  if (supplement.closesAt && context.now > new Date(supplement.closesAt)) {
    throw new DomainError('SUPPLEMENT_EXPIRED', 'Đã quá thời hạn bổ sung hồ sơ', 'The time to complete the dossier has passed', {
      closesAt: supplement.closesAt,
    });
  }
  const next = moved(dossier, supplement.resumeStatus, {
    ...resumedDeadlines(dossier, context),
    supplement: { ...supplement, receivedAt: context.now.toISOString() },
  });
  return decided(next, 'DossierSupplementReceived', {});
}
