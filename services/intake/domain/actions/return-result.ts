import * as z from 'zod';
import { DomainError } from '../../../../libs/platform/errors.ts';
import type { Dossier, Status } from '../dossier.ts';
import { decided, moved, OFFICER, type OfficerContext } from './shared.ts';

/**
 * Handing the result over, at the counter or online. A result going back by post is
 * returned when the postal service delivers it (see deliver-by-post.ts), not here.
 */
export const input = z.strictObject({ type: z.literal('returnResult') });
export const allowedFrom: readonly Status[] = ['resolved'];
export const performedBy = OFFICER;

export function decide(dossier: Dossier, _input: z.infer<typeof input>, context: OfficerContext) {
  if (dossier.resultDelivery.method === 'postal') {
    throw new DomainError(
      'POSTAL_RETURN',
      'Kết quả của hồ sơ này được trả qua bưu chính công ích',
      'This result is returned by the postal service, not at the counter',
      { resultDelivery: 'postal' },
    );
  }
  const next = moved(dossier, 'returned', { returnedAt: context.now.toISOString() });
  return decided(next, 'DossierResultReturned', { method: dossier.resultDelivery.method });
}
