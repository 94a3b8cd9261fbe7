import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR } from '../../../libs/calendar/holidays.ts';
import * as z from 'zod';
import { dayNumberOf, instantOfLocal } from '../../../libs/calendar/working-days.ts';

/**
 * Partner times as ISO UTC instants. Partners write them two ways: local wall-clock time in
 * Vietnam, `dd/MM/yyyy HH:mm:ss` (VNPost-style tracking pages; Asia/Ho_Chi_Minh is UTC+7 with no
 * daylight saving since 1975, so this is arithmetic, not a time-zone database), or an ISO 8601
 * instant with its offset. A time without an offset in any other shape is ambiguous and refused,
 * as is a date that does not exist (31/02): read leniently it would roll over to March and
 * reorder the shipment's history.
 */

const LOCAL = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

type Reading = { instant: string } | { problem: string };

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function read(text: string): Reading {
  const local = LOCAL.exec(text);
  const iso = local ? null : ISO_WITH_OFFSET.exec(text);
  if (!local && !iso) return { problem: 'must be dd/MM/yyyy HH:mm:ss (Vietnam time) or an ISO 8601 instant with an offset' };
  const [day, month, year, hour, minute, second] = local
    ? [local[1], local[2], local[3], local[4], local[5], local[6]].map(Number)
    : [iso![3], iso![2], iso![1], iso![4], iso![5], iso![6]].map(Number);
  if (year! < FIRST_SUPPORTED_YEAR || year! > LAST_SUPPORTED_YEAR) return { problem: `the year must be ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}` };
  if (!isRealDate(year!, month!, day!)) return { problem: 'is not a date that exists' };
  if (hour! > 23 || minute! > 59 || second! > 59) return { problem: 'is not a time of day that exists' };
  if (local) {
    const instant = instantOfLocal(dayNumberOf({ year: year!, month: month!, day: day! }), hour! * 60 + minute!);
    return { instant: new Date(instant.getTime() + second! * 1000).toISOString() };
  }
  const offset = iso![8]!;
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4, 6)) > 59)) return { problem: 'has an offset that does not exist' };
  return { instant: new Date(text).toISOString() };
}

/** A partner's time as the ISO UTC instant it names (milliseconds, `Z`); zod issues for anything else. */
export const PartnerTime = z
  .string()
  .max(40)
  .meta({ description: 'dd/MM/yyyy HH:mm:ss in Vietnam time (UTC+7), or an ISO 8601 instant with an offset; normalised to UTC.' })
  .transform((text, ctx) => {
    const reading = read(text);
    if ('instant' in reading) return reading.instant;
    ctx.issues.push({ code: 'custom', message: reading.problem, input: text });
    return z.NEVER;
  });

