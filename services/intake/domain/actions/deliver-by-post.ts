import * as z from 'zod';
import { freeText } from '../../../../libs/platform/text.ts';
import type { Dossier, Status } from '../dossier.ts';
import { decided, moved, notAPostalReturn, POSTAL_SERVICE, reportedPostalTime, type SystemContext } from './shared.ts';

/**
 * The postal service reports the result delivered to the citizen (its ShipmentDelivered
 * event): a resolved dossier whose result goes back by post is returned, as of the delivery.
 *
 * The partner's clock is not ours. A delivery reported before the dossier was resolved is
 * recorded as returned at the resolution instead; one reported in the future, as returned
 * now (reportedPostalTime). Refusing either would leave the dossier `resolved` for ever with
 * the result in the citizen's hands, since no officer action can return a postal result.
 *
 * A result already redirected to the counter (redirect-to-counter.ts) may still be delivered:
 * postal reports repeated failures after its third failed attempt, and a fourth may succeed;
 * the bus brings the two reports in either order. Delivered is delivered.
 */
export const input = z.strictObject({
  type: z.literal('deliverByPost'),
  /** When the postal service delivered the result (the ShipmentDelivered event's `occurredAt`). */
  occurredAt: z.iso.datetime({ offset: true }),
  /**
   * Who signed for it, when the partner said: kept on the dossier for the officer, never put in
   * an event. A name we cannot keep (blank, too long, control or bidi characters) is dropped, not
   * a reason to refuse the delivery: no officer action could return a postal result instead.
   */
  recipientName: freeText({ max: 200 }).optional().catch(undefined),
});
export const allowedFrom: readonly Status[] = ['resolved'];
export const performedBy = POSTAL_SERVICE;

export function decide(dossier: Dossier, delivery: z.infer<typeof input>, { now }: SystemContext) {
  if (dossier.resultDelivery.method !== 'postal' && !dossier.resultDelivery.redirection) {
    throw notAPostalReturn(dossier);
  }
  const returnedAt = reportedPostalTime(dossier, delivery.occurredAt, now);
  const next = moved(dossier, 'returned', { returnedAt, ...(delivery.recipientName ? { returnedTo: delivery.recipientName } : {}) });
  return decided(next, 'DossierResultReturned', { method: 'postal', deliveredAt: returnedAt });
}
