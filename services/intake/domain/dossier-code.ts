import { localDateOf } from '../../../libs/calendar/working-days.ts';

/** The receipt day as YYMMDD in Vietnamese local time. */
export function receiptDay(instant: Date): string {
  const { year, month, day } = localDateOf(instant);
  return `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}

/** `<agency>-YYMMDD-NNNN`: the running number restarts every day per agency and grows past 9999 if it must. */
export function dossierCode(agencyCode: string, day: string, runningNumber: number): string {
  if (!Number.isInteger(runningNumber) || runningNumber < 1) throw new RangeError('running number must be a positive integer');
  return `${agencyCode}-${day}-${String(runningNumber).padStart(4, '0')}`;
}

export const DOSSIER_CODE_PATTERN = /^[A-Z]\d{2}(?:\.\d{1,3}){0,2}-\d{6}-\d{4,}$/;

/** Whether a code has the shape of one we issue (and is short enough to be a DynamoDB key): if not, it names nothing. */
export function couldBeIssued(code: string): boolean {
  return code.length <= 64 && DOSSIER_CODE_PATTERN.test(code);
}
