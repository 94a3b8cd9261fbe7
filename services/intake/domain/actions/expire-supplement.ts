import * as z from 'zod';
import type { Dossier, Status } from '../dossier.ts';
import { closedLegOf, closeOpenLeg, DEADLINE_WATCH, decided, moved, type SystemContext } from './shared.ts';

/**
 * The deadline watch closes a dossier whose supplement the citizen did not bring within the
 * procedure's closing period. `owed` says when; `decide` closes it.
 */
export const input = z.strictObject({ type: z.literal('expireSupplement') });
export const allowedFrom: readonly Status[] = ['supplement-requested'];
export const performedBy = DEADLINE_WATCH;

export function owed(dossier: Dossier, { now }: SystemContext): z.infer<typeof input> | null {
  const closesAt = dossier.supplement?.closesAt;
  if (!allowedFrom.includes(dossier.status) || !closesAt || now <= new Date(closesAt)) return null;
  return { type: 'expireSupplement' };
}

export function decide(dossier: Dossier, _input: z.infer<typeof input>, { now }: SystemContext) {
  const next = moved(dossier, 'stopped', {
    closingReason: 'Quá thời hạn bổ sung hồ sơ / The supplement was not completed in time',
    transfers: closeOpenLeg(dossier, now),
  });
  return decided(next, 'DossierSupplementExpired', { closesAt: dossier.supplement!.closesAt!, ...closedLegOf(dossier, next) });
}
