import * as z from 'zod';

/** A stretch of office time in a day, local Asia/Ho_Chi_Minh clock time "HH:mm". */
export interface Session {
  readonly start: string;
  readonly end: string;
}

/**
 * When an agency works. `sessions` apply to every working day of the calendar
 * (including a swapped working Saturday); `saturdayMorning` is for agencies that
 * also open on ordinary Saturday mornings to receive dossiers and hand back results.
 * Saturday opening does not make Saturday a working day: time limits never count it.
 */
export interface OfficeHours {
  readonly sessions: readonly Session[];
  readonly saturdayMorning: Session | null;
}

/** 07:30–11:30 and 13:30–17:00, the usual hours of a one-stop counter. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  sessions: [
    { start: '07:30', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ],
  saturdayMorning: null,
};

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
const SessionSchema = z
  .strictObject({ start: clockTime, end: clockTime })
  .refine((session) => minutesOf(session.start) < minutesOf(session.end), { message: 'a session must end after it starts' });

export const OfficeHoursSchema = z
  .strictObject({
    sessions: z.array(SessionSchema).min(1).max(4),
    saturdayMorning: SessionSchema.nullable().default(null),
  })
  .refine(
    (hours) => hours.sessions.every((session, i) => i === 0 || minutesOf(hours.sessions[i - 1]!.end) <= minutesOf(session.start)),
    { message: 'sessions must be in order and must not overlap', path: ['sessions'] },
  );

/** Minutes since local midnight of "HH:mm". */
export function minutesOf(time: string): number {
  const colon = time.indexOf(':');
  return Number(time.slice(0, colon)) * 60 + Number(time.slice(colon + 1));
}

/** "HH:mm" of minutes since local midnight. */
export function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
