import * as z from 'zod';
import type { Dossier, Status } from '../dossier.ts';
import { decided, moved, OFFICER, type OfficerContext } from './shared.ts';

/** The fees were paid: the dossier resumes where it was. */
export const input = z.strictObject({ type: z.literal('confirmPayment') });
export const allowedFrom: readonly Status[] = ['payment-requested'];
export const performedBy = OFFICER;

export function decide(dossier: Dossier, _input: z.infer<typeof input>, context: OfficerContext) {
  const payment = dossier.payment!;
  return decided(moved(dossier, payment.resumeStatus, { payment: { ...payment, paidAt: context.now.toISOString() } }), 'DossierPaymentReceived', {});
}
