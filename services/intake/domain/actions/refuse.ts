import * as z from 'zod';
import { freeText } from '../../../../libs/platform/text.ts';
import { OPEN_BEFORE_RESULT, type Dossier } from '../dossier.ts';
import { closedLegOf, closeOpenLeg, decided, moved, OFFICER, type OfficerContext } from './shared.ts';

/**
 * Refusal with its reason (Phiếu từ chối): "not accepted" for a dossier an officer has not
 * yet accepted, "processing stopped" after that.
 */
export const input = z.strictObject({ type: z.literal('refuse'), reason: freeText({ min: 5, max: 1000, multiline: true }) });
export const allowedFrom = OPEN_BEFORE_RESULT;
export const performedBy = OFFICER;

export function decide(dossier: Dossier, action: z.infer<typeof input>, context: OfficerContext) {
  const next = moved(dossier, dossier.status === 'submitted' ? 'not-accepted' : 'stopped', {
    closingReason: action.reason,
    transfers: closeOpenLeg(dossier, context.now),
  });
  return decided(next, 'DossierRefused', { reason: action.reason, ...closedLegOf(dossier, next) });
}
