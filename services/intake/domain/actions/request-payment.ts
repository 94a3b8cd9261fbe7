import * as z from 'zod';
import type { Dossier, Status } from '../dossier.ts';
import { decided, moved, OFFICER, type OfficerContext } from './shared.ts';

/** Asking the citizen to pay the fees (phí, lệ phí); the deadline keeps running meanwhile. */
export const input = z.strictObject({ type: z.literal('requestPayment'), amountVnd: z.number().int().min(0).max(1_000_000_000) });
export const allowedFrom: readonly Status[] = ['accepted', 'in-progress'];
export const performedBy = OFFICER;

export function decide(dossier: Dossier, action: z.infer<typeof input>, context: OfficerContext) {
  const next = moved(dossier, 'payment-requested', {
    payment: { amountVnd: action.amountVnd, requestedAt: context.now.toISOString(), paidAt: null, resumeStatus: dossier.status },
  });
  return decided(next, 'DossierPaymentRequested', { amountVnd: action.amountVnd });
}
