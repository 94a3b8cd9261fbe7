import * as z from 'zod';
import { freeText } from '../../../../libs/platform/text.ts';
import { OPEN_BEFORE_RESULT, type Dossier } from '../dossier.ts';
import { closedLegOf, closeOpenLeg, decided, moved, OFFICER, type OfficerContext } from './shared.ts';

/** The citizen withdraws the dossier, which is allowed while no result has been issued. */
export const input = z.strictObject({ type: z.literal('withdraw'), reason: freeText({ max: 1000, multiline: true }).optional() });
export const allowedFrom = OPEN_BEFORE_RESULT;
export const performedBy = OFFICER;

export function decide(dossier: Dossier, action: z.infer<typeof input>, context: OfficerContext) {
  const next = moved(dossier, 'withdrawn', {
    closingReason: action.reason ?? 'withdrawn by the citizen',
    transfers: closeOpenLeg(dossier, context.now),
  });
  return decided(next, 'DossierWithdrawn', closedLegOf(dossier, next));
}
