import * as z from 'zod';
import type { Dossier, Status } from '../dossier.ts';
import { decided, moved, OFFICER, type OfficerContext } from './shared.ts';

/** Starting to process an accepted dossier (đang giải quyết). */
export const input = z.strictObject({ type: z.literal('startProcessing') });
export const allowedFrom: readonly Status[] = ['accepted'];
export const performedBy = OFFICER;

export function decide(dossier: Dossier, _input: z.infer<typeof input>, _context: OfficerContext) {
  return decided(moved(dossier, 'in-progress'), 'DossierProcessingStarted', {});
}
