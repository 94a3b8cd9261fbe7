import * as z from 'zod';
import type { Dossier, Status } from '../dossier.ts';
import { decided, moved, OFFICER, type OfficerContext } from './shared.ts';

/** Accepting a dossier that came online, once an officer has checked it (tiếp nhận). */
export const input = z.strictObject({ type: z.literal('accept') });
export const allowedFrom: readonly Status[] = ['submitted'];
export const performedBy = OFFICER;

export function decide(dossier: Dossier, _input: z.infer<typeof input>, _context: OfficerContext) {
  return decided(moved(dossier, 'accepted'), 'DossierAccepted', {});
}
