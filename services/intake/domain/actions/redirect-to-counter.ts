import * as z from 'zod';
import { RedirectionReason } from '../../../../libs/events/intake.ts';
import type { Dossier, Status } from '../dossier.ts';
import { decided, notAPostalReturn, POSTAL_SERVICE, reportedPostalTime, type SystemContext } from './shared.ts';

/**
 * The postal service could not deliver the result (its ShipmentDeliveryFailed event: repeated
 * failed attempts, or the package returned to the centre): the citizen collects it at the
 * counter instead. The dossier stays `resolved`; its result's `method` becomes `counter`, so
 * an officer hands it over with `returnResult` like any result collected there, and it keeps
 * the postal return's address and fees (still owed, now at the counter) with a record of why
 * it was redirected, for the officer and the citizen's lookup.
 *
 * When the partner gave up is clamped as deliveries are (reportedPostalTime): the failure is
 * never refused for a clock, since no officer action could otherwise unblock the dossier.
 */
export const input = z.strictObject({
  type: z.literal('redirectToCounter'),
  reason: RedirectionReason,
  failedAttempts: z.number().int().nonnegative(),
  /** When the partner gave up (the ShipmentDeliveryFailed event's `occurredAt`). */
  occurredAt: z.iso.datetime({ offset: true }),
});
export const allowedFrom: readonly Status[] = ['resolved'];
export const performedBy = POSTAL_SERVICE;

export function decide(dossier: Dossier, failure: z.infer<typeof input>, { now }: SystemContext) {
  // Also a result already redirected: a second failure (postal announces one per shipment) is a bug to look at.
  if (dossier.resultDelivery.method !== 'postal') {
    throw notAPostalReturn(dossier);
  }
  const at = reportedPostalTime(dossier, failure.occurredAt, now);
  const { reason, failedAttempts } = failure;
  const next: Dossier = {
    ...dossier,
    resultDelivery: { ...dossier.resultDelivery, method: 'counter', redirection: { from: 'postal', reason, failedAttempts, at } },
  };
  return decided(next, 'DossierResultRedirected', { from: 'postal', to: 'counter', reason, failedAttempts, failedAt: at });
}
