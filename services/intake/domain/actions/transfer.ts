import * as z from 'zod';
import { freeText } from '../../../../libs/platform/text.ts';
import { DomainError } from '../../../../libs/platform/errors.ts';
import type { Dossier, Status } from '../dossier.ts';
import { closedLegOf, closeOpenLeg, decided, moved, OFFICER, type OfficerContext } from './shared.ts';

/**
 * Handing the dossier to another agency (liên thông): a new leg with its own deadline, and
 * the open one closed and judged on its own (Phiếu kiểm soát quá trình giải quyết hồ sơ).
 */
export const input = z.strictObject({
  type: z.literal('transfer'),
  toAgency: z.string().min(1).max(40),
  note: freeText({ max: 500, multiline: true }).optional(),
  /** The receiving agency's share of the time (Phiếu kiểm soát); by default, until the dossier's appointment. */
  allottedWorkingDays: z.number().int().min(1).max(120).optional(),
});
export const allowedFrom: readonly Status[] = ['in-progress'];

/**
 * Hand-offs a dossier may take. Real inter-agency procedures have a handful; the bound keeps a
 * dossier (one DynamoDB item, 400 KB at most) from being grown by transfers back and forth.
 */
export const MAX_TRANSFERS = 30;
export const performedBy = OFFICER;

export function decide(dossier: Dossier, action: z.infer<typeof input>, context: OfficerContext) {
  if (!context.agencyExists(action.toAgency)) {
    throw new DomainError('UNKNOWN_AGENCY', 'Không có cơ quan nhận với mã này', 'No receiving agency has this code', {
      toAgency: action.toAgency,
    });
  }
  if (action.toAgency === dossier.handlingAgency) {
    throw new DomainError('SAME_AGENCY', 'Hồ sơ đang ở chính cơ quan này', 'The dossier is already with this agency');
  }
  if (dossier.transfers.length >= MAX_TRANSFERS) {
    throw new DomainError(
      'TOO_MANY_TRANSFERS',
      `Hồ sơ đã được chuyển ${MAX_TRANSFERS} lần; không thể chuyển tiếp`,
      `The dossier has been handed on ${MAX_TRANSFERS} times already; it cannot be transferred again`,
      { transfers: dossier.transfers.length, max: MAX_TRANSFERS },
    );
  }
  const leg = dossier.transfers.length + 1;
  // The receiving agency's share of the time, counted on its own office hours.
  const legDue = action.allottedWorkingDays
    ? (context.receivingClock ?? context.clock).dueAt(context.now, { unit: 'workingDays', value: action.allottedWorkingDays }).toISOString()
    : dossier.dueAt;
  const next = moved(dossier, 'in-progress', {
    handlingAgency: action.toAgency,
    transfers: [
      ...closeOpenLeg(dossier, context.now),
      {
        leg,
        fromAgency: dossier.handlingAgency,
        toAgency: action.toAgency,
        at: context.now.toISOString(),
        ...(action.note ? { note: action.note } : {}),
        ...(legDue ? { dueAt: legDue } : {}),
        ...(action.allottedWorkingDays ? { allottedWorkingDays: action.allottedWorkingDays } : {}),
        closedAt: null,
        verdict: null,
      },
    ],
  });
  return decided(next, 'DossierTransferred', {
    fromAgency: dossier.handlingAgency,
    toAgency: action.toAgency,
    leg,
    ...(legDue ? { legDueAt: legDue } : {}),
    ...closedLegOf(dossier, next),
  });
}
