import * as z from 'zod';
import { instantOfLocal, localDayAndMinute } from '../../../libs/calendar/working-days.ts';

/**
 * When a message may go out: only inside the day's sending window, in Vietnam time (no one wants a
 * survey at 23:00 or 05:30). A message due outside it waits for the next opening.
 */

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const SendingWindow = z
  .strictObject({ from: clock, to: clock })
  .refine((window) => minutesOf(window.from) < minutesOf(window.to), 'the window opens before it closes, within one day');
export type SendingWindow = z.infer<typeof SendingWindow>;

export const DEFAULT_WINDOW: SendingWindow = { from: '07:00', to: '21:00' };

export function isInsideWindow(instant: Date, window: SendingWindow): boolean {
  const { minute } = localDayAndMinute(instant);
  return minute >= minutesOf(window.from) && minute < minutesOf(window.to);
}

/** The first instant at or after `earliest` inside the window. */
export function nextSendingInstant(earliest: Date, window: SendingWindow): Date {
  if (isInsideWindow(earliest, window)) return earliest;
  const { day, minute } = localDayAndMinute(earliest);
  return instantOfLocal(minute < minutesOf(window.from) ? day : day + 1, minutesOf(window.from));
}

/** The next window's opening after this one (for a number that reached its daily cap). */
export function nextDayOpening(instant: Date, window: SendingWindow): Date {
  return instantOfLocal(localDayAndMinute(instant).day + 1, minutesOf(window.from));
}
