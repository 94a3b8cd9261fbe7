import * as z from 'zod';
import { freeText } from '../../../../libs/platform/text.ts';
import { addDays, localDateOf } from '../../../../libs/calendar/working-days.ts';
import { DomainError } from '../../../../libs/platform/errors.ts';
import type { Dossier, Status } from '../dossier.ts';
import { decided, moved, OFFICER, type OfficerContext } from './shared.ts';

/**
 * The apology and new appointment (Phiếu xin lỗi và hẹn lại): once, at least one working day
 * before the deadline, to a later instant within office hours. The statutory appointment is
 * kept in `originalDueAt`: the verdict is still judged against it.
 */
export const input = z.strictObject({
  type: z.literal('extend'),
  reason: freeText({ min: 5, max: 1000, multiline: true }),
  newDueAt: z.iso.datetime({ offset: true }),
});
export const allowedFrom: readonly Status[] = ['accepted', 'in-progress'];
export const performedBy = OFFICER;

export function decide(dossier: Dossier, action: z.infer<typeof input>, context: OfficerContext) {
  if (dossier.extendedAt) {
    throw new DomainError('ALREADY_EXTENDED', 'Chỉ được hẹn lại một lần', 'A new appointment may be set only once', {
      extendedAt: dossier.extendedAt,
    });
  }
  const currentDue = new Date(dossier.dueAt!);
  // Working days from today (inclusive) to the deadline day (exclusive): at least one means
  // today is no later than the last working day before the deadline.
  const workingDaysLeft = context.clock.workingDaysBetween(addDays(localDateOf(context.now), -1), addDays(localDateOf(currentDue), -1));
  if (workingDaysLeft < 1) {
    throw new DomainError(
      'APOLOGY_TOO_LATE',
      'Phiếu xin lỗi và hẹn lại phải được gửi chậm nhất 01 ngày làm việc trước hạn trả kết quả',
      'The apology and new appointment must be issued at least one working day before the deadline',
      { dueAt: dossier.dueAt },
    );
  }
  const newDue = new Date(action.newDueAt);
  if (newDue.getTime() <= currentDue.getTime()) {
    throw new DomainError('NEW_DUE_NOT_LATER', 'Ngày hẹn mới phải sau ngày hẹn cũ', 'The new appointment must be after the current one', {
      dueAt: dossier.dueAt,
    });
  }
  // An apology moves an appointment by days or weeks; a year out is a typing mistake.
  if (newDue.getTime() - currentDue.getTime() > 366 * 86_400_000) {
    throw new DomainError('NEW_DUE_TOO_FAR', 'Ngày hẹn mới cách ngày hẹn cũ quá một năm', 'The new appointment is more than a year after the current one', {
      dueAt: dossier.dueAt,
      newDueAt: action.newDueAt,
    });
  }
  if (!context.clock.isWorkingDay(localDateOf(newDue))) {
    throw new DomainError('NEW_DUE_NOT_WORKING_DAY', 'Ngày hẹn mới phải là ngày làm việc', 'The new appointment must be on a working day', {
      newDueAt: action.newDueAt,
    });
  }
  if (!context.clock.isAppointmentTime(newDue)) {
    throw new DomainError('NEW_DUE_OUTSIDE_OFFICE_HOURS', 'Giờ hẹn mới phải trong giờ làm việc', 'The new appointment must be within office hours', {
      newDueAt: action.newDueAt,
      officeHours: context.clock.officeHours.sessions,
    });
  }
  const next = moved(dossier, dossier.status, {
    dueAt: newDue.toISOString(),
    originalDueAt: dossier.originalDueAt ?? dossier.dueAt,
    extendedAt: context.now.toISOString(),
  });
  return decided(next, 'DossierExtended', { previousDueAt: currentDue.toISOString(), reason: action.reason });
}
